from django.urls import path

from . import views

app_name = "imports"

urlpatterns = [
    path("", views.home, name="home"),
    path("<int:pk>/", views.job_detail, name="job"),
    path("<int:pk>/kemajuan/", views.job_progress, name="job_progress"),
    path("<int:pk>/laporan/", views.job_report, name="job_report"),
    path("<int:pk>/simpan/", views.job_commit, name="job_commit"),
    path("<int:pk>/coba-lagi/", views.job_retry, name="job_retry"),
    path("ekspor/<slug:kind>/", views.export_page, name="export"),
    path("ekspor/<slug:kind>/unduh.<str:file_format>", views.export_download, name="export_download"),
    path("<slug:kind>/", views.upload, name="upload"),
    path("<slug:kind>/templat.<str:file_format>", views.template_download, name="template"),
]
