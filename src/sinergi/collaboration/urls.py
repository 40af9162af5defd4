from django.urls import path
from django.views.generic import RedirectView

from . import views

app_name = "collaboration"

urlpatterns = [
    path("", views.initiative_list, name="list"),
    path("tindak-lanjut/", views.follow_through, name="follow_through"),
    path("usul/", views.initiative_create, name="create"),
    path("ekspor/", views.export, name="export"),
    # Notifications moved to the notification layer (/aktivitas/); old links still land there.
    path("pemberitahuan/", RedirectView.as_view(pattern_name="notifications:activity", permanent=True)),
    path("pemberitahuan/pengaturan/", RedirectView.as_view(pattern_name="notifications:preferences", permanent=True)),
    path("moderasi/", views.moderation_queue, name="moderation"),
    path("moderasi/pengguna/<int:user_id>/buka-blokir/", views.user_unblock, name="unblock"),
    path("<int:pk>/", views.initiative_detail, name="detail"),
    path("<int:pk>/ubah/", views.initiative_edit, name="edit"),
    path("<int:pk>/tahap/<slug:action>/", views.phase_change, name="phase"),
    path("<int:pk>/dukung/", views.support_toggle, name="support"),
    path("<int:pk>/dukungan/", views.support_count, name="support_count"),
    path("<int:pk>/dukungan-luring/", views.offline_support, name="offline_support"),
    path("<int:pk>/endorse/", views.endorse, name="endorse"),
    path("<int:pk>/sumbangan/", views.pledge_offer, name="pledge"),
    path("<int:pk>/sumbangan/<int:pledge_id>/<slug:action>/", views.pledge_move, name="pledge_move"),
    path("<int:pk>/komentar/", views.comment_post, name="comment"),
    path("<int:pk>/komentar/<int:comment_id>/ubah/", views.comment_edit, name="comment_edit"),
    path("<int:pk>/komentar/<int:comment_id>/lapor/", views.comment_report, name="comment_report"),
    path("<int:pk>/komentar/<int:comment_id>/<slug:action>/", views.comment_moderate, name="comment_moderate"),
    path("<int:pk>/tonggak/", views.milestone_add, name="milestone_add"),
    path("<int:pk>/tonggak/<int:milestone_id>/", views.milestone_progress, name="milestone_progress"),
    path("<int:pk>/hasil/", views.result_add, name="result_add"),
    path("<int:pk>/lampiran/", views.attachment_upload, name="attachment_upload"),
    path("<int:pk>/lampiran/<int:attachment_id>/", views.attachment_download, name="attachment"),
]
