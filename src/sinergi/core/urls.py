from django.urls import path

from . import views

app_name = "core"

urlpatterns = [
    path("dasbor/", views.dashboard, name="dashboard"),
]
