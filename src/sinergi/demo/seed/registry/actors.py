"""The Depok demo's actors as the registry office records them, with their yearly figures, links,
products, certifications and contacts; the two re-registrations for the duplicates queue; the flagship
products the head of office chooses."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from decimal import Decimal
from typing import Any

from django.utils import timezone

from sinergi.classification.models import KbliCode, Subsector
from sinergi.demo.direct import backdate
from sinergi.demo.seed.accounts import demo_user
from sinergi.demo.seed.kbli import kbli_for
from sinergi.demo.seed.registry.plan import (
    DEMO_LABEL,
    FEMALE_SHARE,
    FLAGSHIP_REASONS,
    PLAN,
    REJECT_REASON,
    VERIFY_NOTE,
    Line,
)
from sinergi.demo.seed.registry.values import Gen
from sinergi.registry import services
from sinergi.registry.identifiers import clean_nik
from sinergi.registry.models import Actor, ActorKind, CertificationKind, LegalForm, LinkKind, Product, Status
from sinergi.wilayah.models import Wilayah


def _status_for(index: int) -> str:
    """Mostly verified; every 10th submitted (the verification queue), a few drafts and rejections."""
    if index == 0:
        return Status.VERIFIED  # the profile that pelaku@… manages
    if index % 10 == 3:
        return Status.SUBMITTED
    if index % 37 == 5:
        return Status.DRAFT
    if index % 53 == 7:
        return Status.REJECTED
    return Status.VERIFIED


def seed_actors(
    gen: Gen,
    *,
    subsectors: dict[str, Subsector],
    kbli_codes: dict[str, list[str]],
    kbli_objects: dict[str, KbliCode],
    kelurahan_list: Sequence[Wilayah],
    offices: dict[str, Any],
    petugas: Any,
    today: dt.date,
) -> list[Actor]:
    """Every actor as the registry office records it, through the services: `actor_create` (the slug,
    subsectors from KBLI, size class and search text are the services'), its yearly figures, links and
    products, then verified or rejected by the demo staff; every tenth is submitted and waits in the
    verification queue. The services stamp that history "now"; it is then moved into the past."""
    pelaku = demo_user("pelaku")
    plan: list[tuple[str, Line]] = []
    for code, (count, lines) in PLAN.items():
        if code not in subsectors:
            continue
        plan += [(code, lines[i % len(lines)]) for i in range(count)]
    gen.rng.shuffle(plan)
    # Every kelurahan gets actors: walk a shuffled list of all of them, again and again.
    places: list[Wilayah] = []
    while len(places) < len(plan):
        batch = list(kelurahan_list)
        gen.rng.shuffle(batch)
        places += batch
    now = timezone.now()

    actors: list[Actor] = []
    for index, ((code, line), kelurahan) in enumerate(zip(plan, places, strict=False)):
        kbli = kbli_for(
            subsector=code, preferred=line.kbli, codes=kbli_codes, objects=kbli_objects, otherwise=gen.rng.choice
        )
        name = gen.business_name(line.prefix)
        rows = gen.figures()
        sales = rows[0][2]
        female, male = gen.workers(sales, FEMALE_SHARE.get(code, 0.45))
        legal_form = (
            LegalForm.PT
            if sales > Decimal(15_000_000_000)
            else gen.rng.choice(
                [LegalForm.PERORANGAN] * 6 + [LegalForm.CV, LegalForm.UD, LegalForm.PT_PERORANGAN, LegalForm.KOPERASI]
            )
        )
        fostering = None
        roll = gen.rng.random()
        if roll < 0.25:
            fostering = offices["disdagin"]
        elif roll < 0.35:
            fostering = offices["dkum"]
        elif roll < 0.42 and code in {"KRY", "FSN"}:
            fostering = offices["dekranasda"]
        kecamatan = kelurahan.parent
        centre_lat = kelurahan.centroid_lat or (kecamatan.centroid_lat if kecamatan else None) or -6.4
        centre_lon = kelurahan.centroid_lon or (kecamatan.centroid_lon if kecamatan else None) or 106.82
        status = _status_for(index)
        verified_days_ago = gen.rng.randint(1, 700)
        first_year = 0 if gen.rng.random() < 0.85 else 1  # some only report from 2024
        individual = legal_form == LegalForm.PERORANGAN and gen.rng.random() < 0.3
        kind = ActorKind.INDIVIDUAL if individual else ActorKind.BUSINESS
        data = {
            "name": name,
            "kind": kind,
            "legal_form": legal_form,
            "nib": gen.nib(),
            "description": f"{line.products[0][1]} Usaha {subsectors[code].name_id.lower()} di {kelurahan.label}. "
            f"{DEMO_LABEL}",
            "founded_year": gen.rng.randint(1998, 2024),
            "address": gen.address(kelurahan),
            "kelurahan": kelurahan,
            "latitude": Decimal(str(round(centre_lat + gen.rng.uniform(-0.006, 0.006), 6))),
            "longitude": Decimal(str(round(centre_lon + gen.rng.uniform(-0.006, 0.006), 6))),
            "workers_female": female,
            "workers_male": male,
            "fostered_by": fostering,
            "fostered_since": dt.date(gen.rng.randint(2019, 2025), gen.rng.randint(1, 12), 1) if fostering else None,
        }
        owner = pelaku if index == 0 else None
        # Drafts and the queue start as drafts (the queue's are submitted by their owners below); the
        # others as the office records a checked profile: submitted, then verified or rejected.
        actor = services.actor_create(
            by=petugas,
            data=data,
            kbli=services.KbliChoice(primary=kbli, others=[]),
            owner=owner,
            status=Status.DRAFT if status in {Status.DRAFT, Status.SUBMITTED} else Status.SUBMITTED,
            is_demo=True,
            staff=True,
        )
        for year, capital, revenue in rows[: len(rows) - first_year]:
            services.actor_set_figure(by=petugas, actor=actor, year=year, capital=capital, sales=revenue)
        for link_kind, url in _links(gen, actor, code):
            services.actor_add_link(by=petugas, actor=actor, kind=link_kind, url=url)
        for product in _products(gen, actor, code=code, line=line, subsector=subsectors[code]):
            services.product_save(by=petugas, actor=actor, data=product, is_demo=True)
        if status == Status.SUBMITTED:
            services.actor_submit(by=owner, actor=actor)
        elif status == Status.VERIFIED:
            services.actor_verify(by=petugas, actor=actor, note=VERIFY_NOTE)
        elif status == Status.REJECTED:
            services.actor_reject(by=petugas, actor=actor, reason=REJECT_REASON)
        if status != Status.DRAFT:  # the history's dates: submitted a few days before it was checked
            backdate(
                Actor.objects.filter(pk=actor.pk),
                submitted_at=now - dt.timedelta(days=verified_days_ago + 3),
                verified_at=now - dt.timedelta(days=verified_days_ago) if status == Status.VERIFIED else None,
            )
            actor.refresh_from_db(fields=["submitted_at", "verified_at"])
        actors.append(actor)

    for index, actor in enumerate(actors):
        code = plan[index][0]
        _certifications(gen, actor, code, today)
        if index % 5 == 0:
            _contact(gen, actor, actor.kelurahan)  # type: ignore[arg-type]
    return actors


def _links(gen: Gen, actor: Actor, code: str) -> list[tuple[str, str]]:
    handle = actor.slug.replace("-", "")[:24]
    found: list[tuple[str, str]] = []
    if gen.rng.random() < 0.6:
        found.append((LinkKind.INSTAGRAM, f"https://www.instagram.com/demo.{handle}"))
    if code in {"KUL", "FSN", "KRY"} and gen.rng.random() < 0.4:
        kind = gen.rng.choice([LinkKind.TOKOPEDIA, LinkKind.SHOPEE])
        host = "www.tokopedia.com" if kind == LinkKind.TOKOPEDIA else "shopee.co.id"
        found.append((kind, f"https://{host}/demo-{actor.slug}"))
    if code in {"APL", "GAM", "DKV", "ARS", "PRK", "FAV"} and gen.rng.random() < 0.7:
        found.append((LinkKind.WEBSITE, f"https://{actor.slug}.demo.sinergi.id"))
    return found


def _products(gen: Gen, actor: Actor, *, code: str, line: Line, subsector: Subsector) -> list[dict[str, Any]]:
    """What `product_save` takes for each of the actor's products (it makes the slug and search text)."""
    count = gen.rng.choice([1, 1, 2, 2, 3]) if code in {"KUL", "FSN", "KRY"} else gen.rng.choice([0, 1, 1, 2])
    templates = list(line.products) + [t for other in PLAN[code][1] for t in other.products if other is not line]
    found = []
    for template in templates[:count]:
        name, description, low, high = template
        data: dict[str, Any] = {
            "name": name,
            "subsector": subsector,
            "description": f"{description} {DEMO_LABEL}",
            "price_min": Decimal(low) if high else None,
            "price_max": Decimal(high) if high else None,
        }
        if code in {"APL", "GAM"}:
            package = actor.slug.replace("-", "")[:30]
            platform = gen.rng.choice(["android", "android", "multi", "web", "ios"])
            data["platform"] = platform
            data["store_url"] = (
                f"https://play.google.com/store/apps/details?id=id.sinergi.demo.{package}"
                if platform in {"android", "multi"}
                else f"https://{actor.slug}.demo.sinergi.id"
            )
            data["users_count"] = gen.rng.choice([800, 2500, 12000, 45000, 150000])
            if gen.rng.random() < 0.3:
                data["awards"] = gen.rng.choice(
                    [
                        "Juara 2 lomba aplikasi tingkat kota (contoh)",
                        "Finalis kompetisi gim nasional (contoh)",
                        "Nominasi aplikasi layanan publik terbaik (contoh)",
                    ]
                )
        found.append(data)
    return found


def _certifications(gen: Gen, actor: Actor, code: str, today: dt.date) -> None:
    kinds: list[str] = []
    if code == "KUL":
        if gen.rng.random() < 0.55:
            kinds.append(CertificationKind.PIRT)
        if gen.rng.random() < 0.45:
            kinds.append(CertificationKind.HALAL)
    if code in {"FSN", "KRY", "APL", "GAM"} and gen.rng.random() < 0.25:
        kinds.append(CertificationKind.HKI)
    if code == "KRY" and gen.rng.random() < 0.1:
        kinds.append(CertificationKind.SNI)
    for kind in kinds:
        issued = dt.date(gen.rng.randint(2019, 2024), gen.rng.randint(1, 12), gen.rng.randint(1, 28))
        years = {"pirt": 5, "halal": 4, "hki": 10, "sni": 4}[kind]
        services.certification_add(
            by=None,
            actor=actor,
            data={
                "kind": kind,
                "number": f"DEMO-{kind.upper()}-{issued.year}-{gen.rng.randint(1000, 9999)}",
                "issued_on": issued,
                "valid_until": issued.replace(year=issued.year + years),
            },
        )


def _contact(gen: Gen, actor: Actor, kelurahan: Wilayah) -> None:
    name = gen.person()
    nik = clean_nik(gen.nik(kelurahan.parent.code))  # type: ignore[union-attr]
    services.contact_save(
        by=None,
        actor=actor,
        data={
            "full_name": name,
            "position": gen.rng.choice(["Pemilik", "Pengelola", "Ketua", "Admin pemasaran"]),
            "nik": nik,
            "phone": gen.phone(),
            "email": f"narahubung.{actor.pk}@demo.sinergi.id",
            "home_address": f"{gen.address(kelurahan)}, {kelurahan.label}",
            "legal_basis": "consent",
            "consent": True,
        },
    )


def seed_duplicates(gen: Gen, actors: Sequence[Actor]) -> int:
    """Two pairs for the duplicates queue: the same business registered again under a legal-form name."""
    verified = [a for a in actors if a.status == Status.VERIFIED and a.owner_id is None]
    pairs = 0
    for original, form in ((verified[1], LegalForm.UD), (verified[2], LegalForm.CV)):
        copy = services.actor_create(
            by=None,
            data={
                "name": f"{form.upper()} {original.name}",
                "legal_form": form,
                "description": f"{original.description} (Didaftarkan lagi oleh pemilik.)",
                "address": original.address,
                "kelurahan": original.kelurahan,
                "workers_female": original.workers_female,
                "workers_male": original.workers_male,
                "nib": gen.nib(),
            },
            kbli=services.KbliChoice(primary=original.primary_kbli, others=[]),
            status=Status.DRAFT,
            is_demo=True,
        )
        services.actor_submit(by=None, actor=copy)
        pairs += copy.duplicate_flags.count() + Actor.objects.filter(duplicate_flags__other=copy).count()
    return pairs


def seed_flagships(gen: Gen, kepala: Any) -> None:
    products = list(
        Product.objects.filter(is_demo=True, actor__status=Status.VERIFIED, price_max__isnull=False)
        .select_related("subsector")
        .order_by("pk")
    )
    chosen: list[Product] = []
    for code in ("KRY", "KUL", "FSN", "APL", "GAM", "KRY", "KUL", "FSN", "DKV", "MUS"):
        candidates = [p for p in products if p.subsector and p.subsector.code == code and p not in chosen]
        if candidates:
            chosen.append(gen.rng.choice(candidates))
    for product in chosen:
        services.product_set_flagship(
            by=kepala, product=product, flagship=True, reason=gen.rng.choice(FLAGSHIP_REASONS)
        )
