from django.urls import path

from . import views

app_name = "portal"

urlpatterns = [
    path("", views.home, name="home"),
    path("direktori/", views.directory, name="directory"),
    path("direktori/pilihan-kelurahan/", views.kelurahan_options, name="kelurahan_options"),
    path("direktori/pilihan-kecamatan/", views.kecamatan_options, name="kecamatan_options"),
    path("direktori/pelaku/<slug:slug>/", views.actor_detail, name="actor_detail"),
    path("direktori/komunitas/", views.community_list, name="community_list"),
    path("direktori/komunitas/<slug:slug>/", views.community_detail, name="community_detail"),
    path("direktori/ruang-kreatif/", views.hub_list, name="hub_list"),
    path("direktori/ruang-kreatif/<slug:slug>/", views.hub_detail, name="hub_detail"),
    path("direktori/ringkasan-kecamatan/", views.kecamatan_summary, name="kecamatan_summary"),
    path("produk/", views.product_list, name="product_list"),
    path("produk/<slug:slug>/", views.product_detail, name="product_detail"),
]
