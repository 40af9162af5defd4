from django.contrib.auth import views as auth_views
from django.urls import path

from . import token_views, views

app_name = "accounts"

urlpatterns = [
    path("masuk/", views.LoginView.as_view(), name="login"),
    path("keluar/", auth_views.LogoutView.as_view(), name="logout"),
    path("daftar/", views.signup, name="signup"),
    path("daftar/terkirim/", views.signup_sent, name="signup_sent"),
    path("aktifkan/<uidb64>/<token>/", views.activate, name="activate"),
    path("bahasa/", views.set_language, name="set_language"),
    path("sandi/lupa/", views.password_reset, name="password_reset"),
    path("sandi/terkirim/", views.password_reset_done, name="password_reset_done"),
    path("sandi/atur/<uidb64>/<token>/", views.password_reset_confirm, name="password_reset_confirm"),
    path("token/", token_views.token_page, name="tokens"),
    path("token/<int:pk>/cabut/", token_views.token_revoke, name="token_revoke"),
    path("sandi/selesai/", views.password_reset_complete, name="password_reset_complete"),
]
