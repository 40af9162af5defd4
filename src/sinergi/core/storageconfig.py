"""Where uploads are kept, from the environment: read by the settings, so it imports no models and no
storage backend (core/storage.py has those).

`SINERGI_MEDIA_STORAGE=local` (the default): this machine's disk under `$SINERGI_VAR_DIR/media`.
`SINERGI_MEDIA_STORAGE=s3`: a private bucket of an S3-compatible store (MinIO, Ceph RGW, AWS) that
every app server and worker shares, named by `SINERGI_S3_BUCKET`, `SINERGI_S3_ENDPOINT_URL`,
`SINERGI_S3_ACCESS_KEY` and `SINERGI_S3_SECRET_KEY` (optional: `SINERGI_S3_REGION`, `SINERGI_S3_PREFIX`,
`SINERGI_S3_ADDRESSING_STYLE`). Anything else, or a missing variable, stops the start naming it.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django.core.exceptions import ImproperlyConfigured

S3_SETTINGS = {
    "SINERGI_S3_BUCKET": "bucket_name",
    "SINERGI_S3_ENDPOINT_URL": "endpoint_url",
    "SINERGI_S3_ACCESS_KEY": "access_key",
    "SINERGI_S3_SECRET_KEY": "secret_key",
}


def media_storage(kind: str, environ: Mapping[str, str], *, location: str) -> dict[str, Any]:
    """STORAGES["default"] for SINERGI_MEDIA_STORAGE=`kind` ("local", the default, or "s3")."""
    kind = kind.strip().lower() or "local"
    if kind == "local":
        return {
            "BACKEND": "sinergi.core.storage.MediaStorage",
            "OPTIONS": {"location": location, "base_url": "/berkas/"},
        }
    if kind != "s3":
        raise ImproperlyConfigured(f"SINERGI_MEDIA_STORAGE: '{kind}' is neither 'local' nor 's3'.")
    missing = [name for name in S3_SETTINGS if not environ.get(name, "").strip()]
    if missing:
        raise ImproperlyConfigured(f"SINERGI_MEDIA_STORAGE=s3 needs {', '.join(missing)} (docs/operations/deploy.md).")
    options: dict[str, Any] = {option: environ[name].strip() for name, option in S3_SETTINGS.items()}
    options["region_name"] = environ.get("SINERGI_S3_REGION", "").strip() or "us-east-1"
    options["location"] = environ.get("SINERGI_S3_PREFIX", "").strip().strip("/")
    # Path-style addressing (http://host/bucket/key): what MinIO and Ceph answer without wildcard DNS.
    options["addressing_style"] = environ.get("SINERGI_S3_ADDRESSING_STYLE", "").strip() or "path"
    options["signature_version"] = "s3v4"
    return {"BACKEND": "sinergi.core.storage.S3MediaStorage", "OPTIONS": options}
