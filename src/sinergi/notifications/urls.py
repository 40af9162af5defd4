from django.urls import path

from . import views

app_name = "notifications"

urlpatterns = [
    path("", views.activity, name="activity"),
    path("bel/", views.bell, name="bell"),
    path("tandai-dibaca/", views.mark_all_read, name="mark_all_read"),
    path("<int:pk>/buka/", views.open_notification, name="open"),
    path("pengiriman/", views.delivery_status, name="delivery_status"),
    path("pengaturan/", views.preferences, name="preferences"),
    path("whatsapp/", views.phone_add, name="phone_add"),
    path("whatsapp/verifikasi/", views.phone_verify, name="phone_verify"),
    path("whatsapp/hapus/", views.phone_revoke, name="phone_revoke"),
]
