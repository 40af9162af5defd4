"""The initiatives version: the `core.versions.DataVersion` of collaboration data. The public initiative
list is cached whole for anonymous visitors (`core.pagecache`) and reused only while this version is
unchanged; every save, delete and many-to-many change of a collaboration model (a support, a phase
change, an answer, a pledge…) bumps it. Services that write with queryset.update do so inside a
transaction that also saves a model, so the bump at commit covers them."""

from __future__ import annotations

from sinergi.core.versions import DataVersion

INITIATIVES = DataVersion("initiatives")


def connect_signals() -> None:
    INITIATIVES.connect_models("collaboration")
