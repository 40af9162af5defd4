from django.urls import path

from . import views

app_name = "statistics"

urlpatterns = [
    path("", views.index, name="index"),
    path("dcat.jsonld", views.dcat_catalog, name="dcat_catalog"),
    path("wilayah/", views.choose_area, name="choose_area"),
    path("wilayah/<str:code>/", views.region, name="region"),
    path("provinsi/<str:code>/", views.province, name="province"),
    path("provinsi/<str:code>/kabupaten-kota.<slug:ext>", views.province_download, name="province_download"),
    path("<int:pk>/", views.publication_detail, name="publication"),
    path("<int:pk>/dcat.jsonld", views.dcat_publication, name="dcat_publication"),
    path("<int:pk>/unduh/tabel-<slug:table>.csv", views.download_table, name="download_table"),
    path("<int:pk>/unduh/semua-angka.csv", views.download_figures, name="download_figures"),
    path("<int:pk>/unduh/pdrb-ekraf.xlsx", views.download_xlsx, name="download_xlsx"),
    path("<int:pk>/unduh/manifest.json", views.download_manifest, name="download_manifest"),
    path("<int:pk>/unduh/bundel-reproduksi.zip", views.download_bundle, name="download_bundle"),
    path("<int:pk>/unduh/laporan.pdf", views.download_pdf, name="download_pdf"),
    path("<int:pk>/ajukan/", views.publication_submit, name="submit"),
    path("<int:pk>/setujui/", views.publication_approve, name="approve"),
    path("<int:pk>/kembalikan/", views.publication_return, name="return"),
    path("<int:pk>/komentar/", views.publication_comment, name="comment"),
    path("kelola/", views.workspace, name="workspace"),
    path("kelola/persetujuan/", views.approvals, name="approvals"),
    path("kelola/templat/<slug:name>.<slug:ext>", views.template_download, name="template"),
    path("kelola/dataset/unggah/", views.dataset_upload, name="dataset_upload"),
    path("kelola/dataset/registri/", views.dataset_from_registry, name="dataset_registry"),
    path("kelola/dataset/<int:pk>/", views.dataset_detail, name="dataset"),
    path("kelola/dataset/<int:pk>/periksa-lagi/", views.dataset_retry, name="dataset_retry"),
    path("kelola/proses/baru/", views.run_create, name="run_create"),
    path("kelola/proses/<int:pk>/", views.run_detail, name="run"),
    path("kelola/proses/<int:pk>/terbitkan/", views.run_prepare, name="run_prepare"),
    path("kelola/proses/<int:pk>/ulangi/", views.run_retry, name="run_retry"),
]
