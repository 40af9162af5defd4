from django.urls import path

from . import views

app_name = "core"

urlpatterns = [
    path("dasbor/", views.dashboard, name="dashboard"),
    path("log-audit/", views.audit_log, name="audit_log"),
    path("log-audit/unduh.csv", views.audit_log_export, name="audit_log_export"),
]
