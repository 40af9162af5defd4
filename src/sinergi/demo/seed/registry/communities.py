"""The Depok demo's communities: the real community names seen in the news (everything else about them
made up, and their source note says so) and the fictional ones, with members, activities, and the
community the demo leader manages and its invitation to the demo owner's business."""

from __future__ import annotations

import csv
import datetime as dt
from collections.abc import Sequence
from typing import Any

from sinergi.classification.models import Subsector
from sinergi.demo.seed.accounts import demo_user
from sinergi.demo.seed.registry.plan import (
    ACTIVITIES,
    ENTITIES_CSV,
    FICTIONAL_COMMUNITIES,
    LED_COMMUNITY,
    REAL_COMMUNITY_FOCUS,
    REGION,
)
from sinergi.demo.seed.registry.values import Gen
from sinergi.registry import services
from sinergi.registry.models import Actor, Community, CommunityMember, CommunityRole, Status
from sinergi.wilayah.models import Level, Wilayah


def _community_specs(subsectors: dict[str, Subsector]) -> list[dict[str, Any]]:
    specs: list[dict[str, Any]] = []
    with ENTITIES_CSV.open(encoding="utf-8") as handle:
        for row in csv.DictReader(handle):
            if row["jenis"] != "komunitas":
                continue
            focus = REAL_COMMUNITY_FOCUS.get(row["subsektor"].strip(), ("FSN", "KRY", "KUL"))
            specs.append(
                {
                    "name": row["nama"].strip(),
                    "focus": [subsectors[c] for c in focus if c in subsectors],
                    "description": f"{row['catatan'].strip()}. Anggota, kegiatan dan angka di sini adalah contoh.",
                    "source_note": "Data demo: nama dari pemberitaan; data lain contoh. "
                    f"Sumber: {row['source_url'].strip()}",
                }
            )
    for name, focus, _, description in FICTIONAL_COMMUNITIES:
        specs.append(
            {
                "name": name,
                "focus": [subsectors[c] for c in focus if c in subsectors],
                "description": f"{description} Komunitas fiktif.",
                "source_note": "Data demo: komunitas fiktif.",
            }
        )
    return specs[:17]


def seed_communities(
    gen: Gen,
    *,
    subsectors: dict[str, Subsector],
    actors: Sequence[Actor],
    offices: dict[str, Any],
    petugas: Any,
    today: dt.date,
) -> int:
    kecamatan = list(Wilayah.objects.filter(level=Level.KECAMATAN, code__startswith=REGION + ".").order_by("code"))
    by_code = {k.code: k for k in kecamatan}
    live = [a for a in actors if a.status != Status.ARCHIVED]
    actor_codes = subsector_codes(live)
    leader = demo_user("ketua_komunitas")
    base_of = {name: base for name, _, base, _ in FICTIONAL_COMMUNITIES}
    created = 0
    for spec in _community_specs(subsectors):
        base = by_code.get(base_of.get(spec["name"], "")) or gen.rng.choice(kecamatan)
        community = services.community_create(
            by=petugas,
            data={
                "name": spec["name"],
                "description": spec["description"],
                "base_kecamatan": base,
                "fostered_by": offices["disdagin"],
                "fostered_since": dt.date(gen.rng.randint(2020, 2025), gen.rng.randint(1, 12), 1),
                "founded_year": gen.rng.randint(2010, 2022),
                "source_note": spec["source_note"],
                "status": Status.VERIFIED,
            },
            focus_subsectors=spec["focus"],
            is_demo=True,
        )
        focus_codes = {s.code for s in spec["focus"]}
        # A business with an owner joins only by the owner's consent (an invitation): the demo's one owned
        # business is invited by the led community below, and is not in the pools.
        pool = [a for a in live if actor_codes[a.pk] & focus_codes and a.owner_id is None]
        members = gen.rng.sample(pool, min(len(pool), gen.rng.randint(8, 18)))
        roles = [CommunityRole.CHAIR, CommunityRole.SECRETARY, CommunityRole.TREASURER]
        for position, member in enumerate(members):
            services.community_member_set(
                by=petugas,
                community=community,
                actor=member,
                role=roles[position] if position < len(roles) else CommunityRole.MEMBER,
                joined_on=dt.date(gen.rng.randint(2018, 2025), gen.rng.randint(1, 12), 1),
            )
        for title, description in gen.rng.sample(ACTIVITIES, gen.rng.randint(2, 3)):
            services.community_log_activity(
                by=petugas,
                community=community,
                date=today - dt.timedelta(days=gen.rng.randint(7, 400)),
                title=title,
                description=f"{description} (data demo)",
            )
        if spec["name"] == LED_COMMUNITY and leader is not None:
            services.community_set_leader(by=petugas, community=community, user=leader)
            _invite_demo_owner(community, leader)
        created += 1
    return created


def _invite_demo_owner(community: Community, leader: Any) -> None:
    """The leader has invited the demo owner's business: pelaku@… finds the invitation on the dashboard."""
    owned = Actor.objects.filter(is_demo=True, owner=demo_user("pelaku")).exclude(status=Status.ARCHIVED).first()
    if owned is not None and not CommunityMember.objects.filter(community=community, actor=owned).exists():
        services.community_invite(by=leader, community=community, actor=owned, role=CommunityRole.MEMBER)


def subsector_codes(actors: Sequence[Actor]) -> dict[int, set[str]]:
    through = Actor.subsectors.through
    found: dict[int, set[str]] = {a.pk: set() for a in actors}
    for actor_id, code in through.objects.filter(actor__in=[a.pk for a in actors]).values_list(
        "actor_id", "subsector__code"
    ):
        found[actor_id].add(code)
    return found
