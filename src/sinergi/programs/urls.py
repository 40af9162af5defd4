from django.urls import path

from . import views

app_name = "programs"

urlpatterns = [
    path("", views.program_list, name="list"),
    path("baru/", views.program_create, name="create"),
    path("verifikasi/<str:code>/", views.verify, name="verify"),
    path("sertifikat/<int:pk>.pdf", views.certificate, name="certificate"),
    path("surat-binaan/", views.letter_issue, name="letter_issue"),
    path("surat-binaan/<str:code>.pdf", views.letter_download, name="letter"),
    path("lamaran/<int:pk>/nilai/", views.application_review, name="review"),
    path("peserta/<int:pk>/capaian/", views.outcome_edit, name="outcome"),
    path("peserta/<int:pk>/lulus/", views.participant_complete, name="complete"),
    path("sesi/<int:pk>/presensi/", views.attendance, name="attendance"),
    path("<slug:slug>/", views.program_detail, name="detail"),
    path("<slug:slug>/daftar/", views.apply, name="apply"),
    path("<slug:slug>/kelola/", views.manage, name="manage"),
    path("<slug:slug>/ubah/", views.program_edit, name="edit"),
    path("<slug:slug>/status/", views.program_status, name="status"),
    path("<slug:slug>/sesi/", views.session_add, name="session_add"),
    path("<slug:slug>/laporan/", views.report, name="report"),
]
