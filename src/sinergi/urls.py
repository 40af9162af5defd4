"""Routes: each app owns its own urls.py; this file only mounts them."""

from django.conf import settings
from django.contrib import admin
from django.urls import include, path
from django.views.i18n import JavaScriptCatalog

from sinergi.core import views as core_views
from sinergi.core.metrics import metrics_view

urlpatterns = [
    path("healthz", core_views.healthz, name="healthz"),
    path("metrics", metrics_view, name="metrics"),
    path("akun/", include("sinergi.accounts.urls")),
    path("", include("sinergi.core.urls")),
    path("", include("sinergi.portal.urls")),
    path("direktori/kelola/", include("sinergi.registry.urls")),
    path("impor/", include("sinergi.imports.urls")),
    path("aktivitas/", include("sinergi.notifications.urls")),
    path("kolaborasi/", include("sinergi.collaboration.urls")),
    path("program/", include("sinergi.programs.urls")),
    path("acara/", include("sinergi.events.urls")),
    path("statistik/", include("sinergi.statistics.urls")),
    path("publikasi-daerah/", include("sinergi.federation.urls")),
    path("api/", include("sinergi.api.urls")),
    path("jsi18n/", JavaScriptCatalog.as_view(), name="javascript-catalog"),
    path("admin/", admin.site.urls),
]

if settings.SINERGI_BARE_VIEW:  # never in production, unless a benchmark asks (settings/production.py)
    urlpatterns.insert(1, path("_bare", core_views.bare, name="bare"))
