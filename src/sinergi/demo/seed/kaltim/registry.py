"""The Kalimantan Timur demo's registry: fictitious actors in all ten kab/kota, their products, and
communities (`make run REGION=64`).

Every record goes through the registry services (derived subsectors, UMKM size, search text, audit
entries as real entries produce them) and is labelled `is_demo=True`; names and figures are generated
from fixed lists in a fixed order, so every machine gets the same demo. Idempotent: if any demo actor
exists, nothing is added.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.db import transaction

from sinergi.classification.models import KbliCode, Subsector
from sinergi.demo.data import parsed, rows
from sinergi.demo.seed.kaltim import accounts as accounts_demo
from sinergi.demo.seed.kbli import codes_by_subsector, kbli_for, mapping_to_seed
from sinergi.registry import services
from sinergi.registry.models import Actor, ActorKind, CommunityRole, MembershipStatus, Status
from sinergi.wilayah.models import Level, Wilayah

REGION = "64"
ACTORS_PER_KABKOTA = 6
DEMO_LABEL = "Data demo: usaha fiktif, dibuat oleh perintah sinergi seed_demo."


@dataclass(frozen=True)
class Line:
    subsector: str
    kbli: str
    prefix: str
    product: str
    description: str
    price: tuple[int, int]


# The demo's lists are CSV files in `sinergi/demo/data/kaltim/`: one business kind per line
# (`business_lines`: subsector, preferred KBLI, name prefix, its product and price range in rupiah), the
# words names are made of (`vocabulary`) and the fictional communities (`communities`: the kab/kota by
# its place in code order; `led_by_demo_leader` = 'ya' for the one ketua.komunitas@… manages).
DATA = "kaltim"


def _line(row: dict[str, str]) -> Line:
    price = (int(row["price_min"]), int(row["price_max"]))
    return Line(row["subsector"], row["kbli"], row["prefix"], row["product"], row["description"], price)


def _community(row: dict[str, str]) -> tuple[str, tuple[str, ...], int, str]:
    if row["led_by_demo_leader"] not in {"", "ya"}:
        raise ValueError(f"led_by_demo_leader: 'ya' atau kosong, bukan {row['led_by_demo_leader']!r}")
    return row["name"], tuple(row["subsectors"].split()), int(row["kabkota_index"]), row["description"]


LINE_COLUMNS = ("subsector", "kbli", "prefix", "product", "description", "price_min", "price_max")
LINES = parsed(DATA, "business_lines", LINE_COLUMNS, _line)
WORDS = tuple(row["value"] for row in rows(DATA, "vocabulary", ("list", "value")) if row["list"] == "word")
COMMUNITY_COLUMNS = ("name", "subsectors", "kabkota_index", "description", "led_by_demo_leader")
COMMUNITIES = parsed(DATA, "communities", COMMUNITY_COLUMNS, _community)
# The community that the demo community leader (ketua.komunitas@…) manages.
(LED_COMMUNITY,) = (row["name"] for row in rows(DATA, "communities", COMMUNITY_COLUMNS) if row["led_by_demo_leader"])


def _kbli(line: Line, mapping_codes: dict[str, list[str]], kbli_objects: dict[str, KbliCode]) -> KbliCode:
    """The line's KBLI if the active mapping puts it in its subsector, else the subsector's first."""
    return kbli_for(
        subsector=line.subsector,
        preferred=line.kbli,
        codes=mapping_codes,
        objects=kbli_objects,
        otherwise=lambda candidates: candidates[0],
    )


@transaction.atomic
def seed(stdout: Any) -> None:
    mapping = mapping_to_seed(stdout)
    if mapping is None:
        return
    kabkota = list(Wilayah.objects.filter(level=Level.KOTA, code__startswith=REGION + ".").order_by("code"))
    if not kabkota:
        stdout.write("  registri demo dilewati: data wilayah Kalimantan Timur belum dimuat")
        return
    mapping_codes = codes_by_subsector(mapping)
    kbli_objects = {k.code: k for k in KbliCode.objects.filter(version=mapping.kbli_version)}
    subsectors = {s.code: s for s in Subsector.objects.filter(subsector_list=mapping.subsector_list)}
    office = accounts_demo.organisation("dispar")
    petugas = accounts_demo.user("petugas_dispar")
    owner = accounts_demo.user("pelaku")

    actors: list[Actor] = []
    for k, area in enumerate(kabkota):
        kelurahan = list(
            Wilayah.objects.filter(level=Level.KELURAHAN, code__startswith=area.code + ".").order_by("code")
        )
        for i in range(ACTORS_PER_KABKOTA):
            n = k * ACTORS_PER_KABKOTA + i
            line = LINES[n % len(LINES)]
            place = kelurahan[(n * 7) % len(kelurahan)]
            name = f"{line.prefix} {WORDS[n % len(WORDS)]} {WORDS[(n * 3 + 1) % len(WORDS)]}"
            sales = Decimal(120_000_000 + (n * 37_000_000) % 1_800_000_000)
            actor = services.actor_create(
                by=petugas,
                data={
                    "name": name,
                    "kind": ActorKind.INDIVIDUAL if n % 3 else ActorKind.BUSINESS,
                    "description": f"{line.description} Usaha di {area.name}. {DEMO_LABEL}",
                    "founded_year": 2005 + n % 19,
                    "address": f"Jl. {WORDS[(n + 5) % len(WORDS)]} No. {n + 1} (alamat contoh)",
                    "kelurahan": place,
                    "workers_female": 1 + n % 4,
                    "workers_male": n % 3,
                    "fostered_by": office,
                    "fostered_since": dt.date(2021 + n % 4, 1 + n % 12, 1),
                },
                kbli=services.KbliChoice(primary=_kbli(line, mapping_codes, kbli_objects), others=[]),
                owner=owner if n == 0 else None,
                status=Status.SUBMITTED if n % 10 == 3 else Status.VERIFIED,
                is_demo=True,
                staff=True,
            )
            services.product_save(
                by=petugas,
                actor=actor,
                data={
                    "name": line.product,
                    "subsector": subsectors.get(line.subsector),
                    "description": f"{line.description} {DEMO_LABEL}",
                    "price_min": Decimal(line.price[0]) if line.price[1] else None,
                    "price_max": Decimal(line.price[1]) if line.price[1] else None,
                },
                is_demo=True,
            )
            capital = (sales / 4).quantize(Decimal(1))
            services.actor_set_figure(by=petugas, actor=actor, year=2025, capital=capital, sales=sales)
            actors.append(actor)
    communities = _communities(actors, kabkota, subsectors, office, petugas)
    stdout.write(
        f"  registri demo Kalimantan Timur: {len(actors)} pelaku di {len(kabkota)} kab/kota, {communities} komunitas"
    )


def _communities(
    actors: list[Actor], kabkota: list[Wilayah], subsectors: dict[str, Subsector], office: Any, petugas: Any
) -> int:
    verified = [a for a in actors if a.status == Status.VERIFIED]
    leader = accounts_demo.user("ketua_komunitas")
    for name, focus, area_index, description in COMMUNITIES:
        area = kabkota[area_index % len(kabkota)]
        base = Wilayah.objects.filter(level=Level.KECAMATAN, parent=area).order_by("code").first()
        community = services.community_create(
            by=petugas,
            data={
                "name": name,
                "description": f"{description} Komunitas fiktif (data demo).",
                "base_kecamatan": base,
                "fostered_by": office,
                "fostered_since": dt.date(2022, 3, 1),
                "founded_year": 2016,
                "source_note": "Data demo: komunitas fiktif.",
                "status": Status.VERIFIED,
            },
            focus_subsectors=[subsectors[c] for c in focus if c in subsectors],
            is_demo=True,
        )
        members = [a for a in verified if {s.code for s in a.subsectors.all()} & set(focus)][:8]
        for position, member in enumerate(members):
            role = CommunityRole.CHAIR if position == 0 else CommunityRole.MEMBER
            joined = services.community_member_set(by=petugas, community=community, actor=member, role=role)
            if joined.status == MembershipStatus.INVITED:  # a claimed business: its owner accepts
                services.community_invitation_respond(by=member.owner, member=joined, accept=True)
        if name == LED_COMMUNITY:
            services.community_set_leader(by=petugas, community=community, user=leader)
    return len(COMMUNITIES)
