"""API v1: one NinjaAPI, its routers, the one error shape, and docs served from vendored assets."""

from __future__ import annotations

from ninja import NinjaAPI
from ninja.openapi.docs import Swagger

from .. import errors
from . import meta, registry, statistics
from .collaboration import router as collaboration_router
from .events import router as events_router
from .notifications import router as notifications_router
from .programs import router as programs_router

DESCRIPTION = """
API publik Sinergi: data direktori ekonomi kreatif yang sudah diterbitkan (terverifikasi).

* **Baca** tanpa token. Setiap daftar berhalaman: `limit` (maks. 100) dan `offset` (maks. 10^9);
  jawaban berisi `count`, `next`, `previous`, `results`.
* **Tulis** dengan token pribadi (buat di halaman *Token API* akun Anda), dikirim sebagai
  `Authorization: Bearer <token>`. Token punya cakupan (`registry:write`, `registry:read-private`, …)
  dan izin yang sama dengan akun pemiliknya di halaman web.
* **Galat** selalu berbentuk `{"error": {"code", "message", "fields": {nama: [pesan]}}}`; setiap
  operasi mendokumentasikan semua kode galat yang dapat dijawabnya. Tanpa hak atas objeknya, penulisan
  ditolak (403/404) sebelum isi permintaan dibaca.
"""

api = NinjaAPI(
    title="Sinergi API",
    version="1",
    description=DESCRIPTION,
    urls_namespace="api-v1",
    docs=Swagger(settings={"persistAuthorization": False, "tryItOutEnabled": False}),
    docs_url="/docs",
    openapi_url="/openapi.json",
)
errors.install(api)
api.add_router("/", registry.router)
api.add_router("/", statistics.router)
api.add_router("/", collaboration_router)
api.add_router("/", events_router)
api.add_router("/", programs_router)
api.add_router("/", notifications_router)
api.add_router("/", meta.router)
