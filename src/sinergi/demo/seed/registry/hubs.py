"""The Depok demo's three creative hubs (ruang kreatif), their operators and resident actors."""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal
from typing import Any

from sinergi.demo.seed.registry.communities import subsector_codes
from sinergi.demo.seed.registry.plan import HUBS
from sinergi.demo.seed.registry.values import Gen
from sinergi.registry import services
from sinergi.registry.models import Actor, Status
from sinergi.wilayah.models import Level, Wilayah


def seed_hubs(gen: Gen, actors: Sequence[Actor], offices: dict[str, Any], petugas: Any) -> int:
    verified = [a for a in actors if a.status == Status.VERIFIED]
    codes = subsector_codes(verified)
    created = 0
    for hub in HUBS:
        kelurahan = Wilayah.objects.filter(parent__code=hub.kecamatan, level=Level.KELURAHAN).order_by("code").first()
        operator = offices[hub.operator]
        pool = [a for a in verified if codes[a.pk] & set(hub.subsectors)]
        residents = gen.rng.sample(pool, min(len(pool), 10))
        lat = kelurahan.centroid_lat if kelurahan else None
        lon = kelurahan.centroid_lon if kelurahan else None
        services.hub_save(
            by=petugas,
            data={
                "name": hub.name,
                "description": hub.description,
                "operator": operator,
                "operator_name": operator.name if operator else "",
                "address": hub.address,
                "kelurahan": kelurahan,
                "latitude": Decimal(str(round(lat, 6))) if lat is not None else None,
                "longitude": Decimal(str(round(lon, 6))) if lon is not None else None,
                "facilities": hub.facilities,
                "capacity": hub.capacity,
                "programmes": [str(p) for p in hub.programmes],
            },
            residents=residents,
            is_demo=True,
        )
        created += 1
    return created
