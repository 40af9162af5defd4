"""Reads of federation: the public list of harvested publications, by source."""

from __future__ import annotations

from django.db.models import Prefetch, QuerySet

from .models import HarvestedPublication, HarvestSource


def sources_with_publications() -> QuerySet[HarvestSource]:
    """Active sources that have been harvested at least once, each with its publications, newest first."""
    return (
        HarvestSource.objects.filter(active=True, last_success_at__isnull=False)
        .select_related("area")
        .prefetch_related(Prefetch("publications", queryset=HarvestedPublication.objects.order_by("-issued", "title")))
        .order_by("name")
    )
