"""The statistics version: the `core.versions.DataVersion` of statistics data. The public statistics
pages (the list, a region's latest publication, a publication) and the API's published figures are
cached whole for anonymous visitors and API clients (`core.pagecache`), with conditional GET, and reused
only while this version is unchanged: a published page never changes between publications. Every save,
delete and many-to-many change of a publication (approved, withdrawn, revised), a published figure or a
run (its reproduction bundle is linked from the page) bumps it; the figures written in bulk at
publication are written in the transaction that saves the publication, so the bump at its commit covers
them. Datasets and review comments are not on the public pages (signed-in staff never get cached pages)
and do not bump it."""

from __future__ import annotations

from sinergi.core.versions import DataVersion

STATISTICS = DataVersion("statistics")


def connect_signals() -> None:
    from .models import Publication, PublishedFigure, Run

    STATISTICS.connect(Publication, PublishedFigure, Run)
