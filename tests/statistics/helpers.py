"""State for statistics tests, built through the services (the engine's example files, Kota Contoh)."""

from __future__ import annotations

from importlib import resources
from pathlib import Path
from typing import Any

from django.core.files.base import ContentFile
from django.test import TestCase

from sinergi.accounts.models import Role
from sinergi.classification.models import KbliMapping
from sinergi.statistics import services
from sinergi.statistics.models import Dataset, Publication, Run
from tests.factories import user_with_role

REGION = ("99.99", "Kota Contoh")


def example(name: str) -> bytes:
    return Path(str(resources.files("ekraf") / "data" / "examples" / name)).read_bytes()


def analyst() -> Any:
    return user_with_role(Role.ANALYST)


def head() -> Any:
    return user_with_role(Role.HEAD)


def upload(by: Any, kind: str, content: bytes, filename: str, *, name: str | None = None, **kw: Any) -> Dataset:
    """Upload through the service; its validation runs on commit in the task (immediately in tests)."""
    with TestCase.captureOnCommitCallbacks(execute=True):
        dataset = services.dataset_upload(
            by=by,
            kind=kind,
            name=name or kind,
            region_code=kw.pop("region_code", REGION[0]),
            region_name=kw.pop("region_name", REGION[1]),
            upload=ContentFile(content, name=filename),
            **kw,
        )
    dataset.refresh_from_db()
    return dataset


def ratio_run(
    by: Any,
    *,
    pdrb: bytes | None = None,
    establishments: bytes | None = None,
    execute: bool = True,
    parameters: dict[str, Any] | None = None,
) -> Run:
    p = upload(by, "pdrb", pdrb or example("pdrb.csv"), "pdrb.csv")
    e = upload(by, "establishments", establishments or example("establishments.csv"), "establishments.csv")
    with TestCase.captureOnCommitCallbacks(execute=execute):
        run = services.run_create(
            by=by,
            method="ratio",
            region_code=REGION[0],
            region_name=REGION[1],
            datasets={"pdrb": p, "establishments": e},
            mapping=KbliMapping.objects.get(is_active=True),
            parameters={"benchmark_year": 2021, **(parameters or {})},
        )
    run.refresh_from_db()
    return run


def published(by_analyst: Any, by_head: Any, *, title: str = "PDRB Ekraf Kota Contoh") -> Publication:
    run = ratio_run(by_analyst)
    run.refresh_from_db()
    pub = services.publication_prepare(by=by_analyst, run=run, title=title)
    services.publication_submit(by=by_analyst, publication=pub)
    return services.publication_approve(by=by_head, publication=pub)
