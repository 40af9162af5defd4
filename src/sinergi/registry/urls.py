"""The registry workspace, mounted at /direktori/kelola/ (the public directory is the portal's)."""

from django.urls import path

from . import files
from .views import actors, communities, staff

app_name = "registry"

urlpatterns = [
    path("", actors.home, name="home"),
    path("kbli/", actors.kbli_picker, name="kbli_search"),
    # Owners (and staff) on one profile
    path("pelaku-baru/", actors.actor_create, name="actor_create"),
    path("pelaku/<slug:slug>/", actors.actor_detail, name="actor"),
    path("pelaku/<slug:slug>/ubah/", actors.actor_edit, name="actor_edit"),
    path("pelaku/<slug:slug>/ajukan/", actors.actor_submit, name="actor_submit"),
    path("pelaku/<slug:slug>/angka/", actors.figure_set, name="figure_set"),
    path("pelaku/<slug:slug>/sertifikat/", actors.certification_add, name="certification_add"),
    path("pelaku/<slug:slug>/sertifikat/<int:pk>/hapus/", actors.certification_remove, name="certification_remove"),
    path("pelaku/<slug:slug>/tautan/", actors.link_add, name="link_add"),
    path("pelaku/<slug:slug>/tautan/<int:pk>/hapus/", actors.link_remove, name="link_remove"),
    path("pelaku/<slug:slug>/narahubung/baru/", actors.contact_form, name="contact_create"),
    path("pelaku/<slug:slug>/narahubung/<int:pk>/ubah/", actors.contact_form, name="contact_edit"),
    path("pelaku/<slug:slug>/narahubung/<int:pk>/lengkap/", actors.contact_reveal, name="contact_reveal"),
    path("pelaku/<slug:slug>/narahubung/<int:pk>/hapus/", actors.contact_erase, name="contact_erase"),
    path("pelaku/<slug:slug>/produk/baru/", actors.product_form, name="product_create"),
    path("pelaku/<slug:slug>/produk/<int:pk>/", actors.product_form, name="product"),
    path("pelaku/<slug:slug>/produk/<int:pk>/foto/", actors.photo_add, name="photo_add"),
    path("pelaku/<slug:slug>/produk/<int:pk>/foto/<int:photo_pk>/hapus/", actors.photo_remove, name="photo_remove"),
    path("pelaku/<slug:slug>/produk/<int:pk>/unggulan/", actors.product_flagship, name="product_flagship"),
    path("pelaku/<slug:slug>/produk/<int:pk>/arsip/", actors.product_archive, name="product_archive"),
    path("pelaku/<slug:slug>/klaim/", actors.claim, name="claim"),
    # Staff
    path("profil/", staff.actor_list, name="actor_list"),
    path("verifikasi/", staff.queue, name="queue"),
    path("pelaku/<slug:slug>/verifikasi/", staff.actor_verify, name="actor_verify"),
    path("pelaku/<slug:slug>/arsip/", staff.actor_archive, name="actor_archive"),
    path("pelaku/<slug:slug>/subsektor/", staff.actor_subsectors, name="actor_subsectors"),
    path("pelaku/<slug:slug>/pembinaan/", staff.actor_fostering, name="actor_fostering"),
    path("klaim/", staff.claims, name="claims"),
    path("klaim/<int:pk>/", staff.claim_decide, name="claim_decide"),
    path("duplikat/", staff.duplicates, name="duplicates"),
    path("duplikat/<int:pk>/", staff.duplicate_detail, name="duplicate"),
    # Communities and hubs
    path("komunitas/", communities.community_list, name="communities"),
    path("komunitas-baru/", communities.community_create, name="community_create"),
    path("komunitas/<slug:slug>/", communities.community_detail, name="community"),
    path("komunitas/<slug:slug>/anggota/", communities.member_add, name="member_add"),
    path("komunitas/<slug:slug>/anggota/cari/", communities.member_search, name="member_search"),
    path("komunitas/<slug:slug>/anggota/<int:actor_pk>/hapus/", communities.member_remove, name="member_remove"),
    path("komunitas/<slug:slug>/anggota/undang/", communities.person_invite, name="person_invite"),
    path("komunitas/<slug:slug>/orang/<int:member_pk>/hapus/", communities.person_remove, name="person_remove"),
    path(
        "komunitas/<slug:slug>/undangan/<int:member_pk>/tarik/",
        communities.invitation_withdraw,
        name="invitation_withdraw",
    ),
    path("undangan-komunitas/<int:member_pk>/", communities.invitation_respond, name="invitation_respond"),
    path("keanggotaan-komunitas/<int:member_pk>/keluar/", communities.member_leave, name="member_leave"),
    path("komunitas/<slug:slug>/kegiatan/", communities.activity_add, name="activity_add"),
    path("komunitas/<slug:slug>/pengurus/", communities.leader_set, name="leader_set"),
    path("ruang/", communities.hub_list, name="hubs"),
    path("ruang-baru/", communities.hub_form, name="hub_create"),
    path("ruang/<slug:slug>/", communities.hub_form, name="hub"),
    path("ruang/<slug:slug>/penghuni/", communities.resident_add, name="resident_add"),
    path("ruang/<slug:slug>/penghuni/<int:actor_pk>/hapus/", communities.resident_remove, name="resident_remove"),
    # Protected files (no public /media/ URL exists)
    path("berkas/sertifikat/<int:pk>/", files.certification_document, name="certification_document"),
    path("berkas/foto/<int:pk>/", files.product_photo, name="photo"),
    path("berkas/foto/<int:pk>/kecil/", files.product_photo, {"size": "thumb"}, name="photo_thumb"),
]
