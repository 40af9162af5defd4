"""Demo: a PDRB Ekraf estimate for Kota Depok, published as "Estimasi demo".

Real figures (BPS Kota Depok, via the sources in data/*.csv): PDRB total ADHK 2019 = 49,07 T,
2021 = 49,95 T, 2022 = 52,56 T; ADHB 2021 = 74,38 T, 2022 = 81,17 T; 2022 ADHB shares of industri
pengolahan (C) 28,9 %, perdagangan (G) 21,11 %, konstruksi (F) 20,92 %. Everything else (the other
categories, subcategories and years) is SYNTHETIC, smooth and calibrated to those figures. The
establishments are the registry's demo actors plus synthetic non-creative establishments, so that θ is
plausible. Idempotent: re-running leaves one published demo publication.
"""

from __future__ import annotations

import csv
import io
from typing import Any

from django.conf import settings
from django.core.files.base import ContentFile
from django.db import transaction

import ekraf
from sinergi.accounts.models import Membership, OfficeFunction, Organisation, OrganisationKind, Role, User
from sinergi.accounts.predicates import forget_memberships
from sinergi.accounts.services import membership_set, organisation_create, user_create_active
from sinergi.classification.models import KbliMapping
from sinergi.statistics import selectors, services
from sinergi.statistics.models import (
    Dataset,
    DatasetSource,
    Method,
    Publication,
    PublicationStatus,
    RunStatus,
)

REGION_CODE = "32.76"
REGION_NAME = "Kota Depok"
YEARS = tuple(range(2010, 2025))
BENCHMARK_YEAR = 2024
TRILLION = 1e6  # juta rupiah
ADHK_TOTAL = {2019: 49.07, 2021: 49.95, 2022: 52.56}
ADHB_TOTAL = {2021: 74.38, 2022: 81.17}
SHARES_2022 = {"C": 28.90, "G": 21.11, "F": 20.92}
DEMO_TITLE = "Estimasi demo PDRB Ekonomi Kreatif Kota Depok 2010–2024"
#: Relative weights of the 14 other categories in the remaining 29,07 % (synthetic).
OTHER_WEIGHTS = {
    "A": 1.3, "B": 0.2, "D": 0.5, "E": 0.15, "H": 3.2, "I": 3.6, "J": 3.0, "K": 2.6, "L": 3.3,
    "M_N": 0.8, "O": 1.9, "P": 3.6, "Q": 1.2, "R_S_T_U": 1.6,
}  # fmt: skip
#: Synthetic creative share of each category's value added, used to size the non-creative filler.
THETA_TARGET = {"C": 0.12, "G": 0.06, "I": 0.45, "J": 0.35, "M_N": 0.25, "R_S_T_U": 0.3, "P": 0.05, "F": 0.03}


def _adhk_total() -> dict[int, float]:
    """Published 2019/2021/2022; 2020 from the published 2021 growth (3,76 %); smooth elsewhere."""
    out = dict(ADHK_TOTAL)
    out[2020] = ADHK_TOTAL[2021] / 1.0376
    for year in range(2018, 2009, -1):
        out[year] = out[year + 1] / (1.066 if year >= 2015 else 1.068)
    out[2023] = out[2022] * 1.051
    out[2024] = out[2023] * 1.049
    return out


def _implicit_index() -> dict[int, float]:
    """ADHB/ADHK·100: 100 in 2010 (base year), the published ratios in 2021 and 2022, smooth between."""
    i21 = ADHB_TOTAL[2021] / ADHK_TOTAL[2021] * 100
    i22 = ADHB_TOTAL[2022] / ADHK_TOTAL[2022] * 100
    out = {y: 100 * (i21 / 100) ** ((y - 2010) / 11) for y in range(2010, 2022)}
    out[2022] = i22
    out[2023] = i22 * 1.031
    out[2024] = out[2023] * 1.028
    return out


def _category_shares(year: int) -> dict[str, float]:
    """ADHB shares (fractions): exactly the published ones in 2022; a slow smooth drift elsewhere."""
    rest = 100 - sum(SHARES_2022.values())
    base = dict(SHARES_2022)
    total_w = sum(OTHER_WEIGHTS.values())
    base.update({c: rest * w / total_w for c, w in OTHER_WEIGHTS.items()})
    drift = {"C": -0.006, "G": 0.002, "F": 0.004, "J": 0.02, "I": 0.01, "A": -0.02}
    raw = {c: v * (1 + drift.get(c, 0.0) * (year - 2022)) for c, v in base.items()}
    s = sum(raw.values())
    return {c: v / s for c, v in raw.items()}


def _sub_weights(category: str, subs: tuple[str, ...]) -> dict[str, float]:
    weights = {s: 1.0 + ((sum(map(ord, s)) * 7) % 11) / 5 for s in subs}
    total = sum(weights.values())
    return {s: w / total for s, w in weights.items()}


def pdrb_records() -> list[ekraf.LevelRecord]:
    structure = ekraf.lapangan_usaha_structure()
    adhk, index = _adhk_total(), _implicit_index()
    deflator_trend = {"C": -0.004, "G": 0.002, "F": 0.006, "J": -0.01, "I": 0.003}
    records: list[ekraf.LevelRecord] = []
    for year in YEARS:
        total_b = (ADHB_TOTAL.get(year) or adhk[year] * index[year] / 100) * TRILLION
        total_k = adhk[year] * TRILLION
        shares = _category_shares(year)
        b_values = {c: total_b * shares[c] for c in structure.categories}
        # ADHK: category deflators drift around the total's; rescaled so categories sum to the total
        raw_k = {c: b_values[c] / (1 + deflator_trend.get(c, 0.0) * (year - 2010)) for c in structure.categories}
        scale = total_k / sum(raw_k.values())
        k_values = {c: v * scale for c, v in raw_k.items()}
        for basis, values, total in (("ADHB", b_values, total_b), ("ADHK", k_values, total_k)):
            records.append(ekraf.LevelRecord(REGION_NAME, year, ekraf.TOTAL, basis, total))
            for cat in structure.categories:
                records.append(ekraf.LevelRecord(REGION_NAME, year, cat, basis, values[cat]))
                subs = structure.subcategories(cat)
                if subs:
                    for sub, w in _sub_weights(cat, subs).items():
                        records.append(ekraf.LevelRecord(REGION_NAME, year, sub, basis, values[cat] * w))
    return records


def pdrb_csv() -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(["region", "year", "code", "price_basis", "value", "unit"])
    for r in pdrb_records():
        writer.writerow([r.region, r.year, r.code, r.price_basis, f"{r.value:.4f}", "juta rupiah"])
    return buffer.getvalue().encode()


def establishments_csv(mapping: ekraf.KbliMapping) -> bytes:
    """Registry demo actors (sales as output) plus, per KBLI golongan pokok, one synthetic non-creative
    establishment sized so that the creative share of its category is plausible."""
    titles = ekraf.kbli_codes("2020").titles
    creative = {e.kbli_code for e in mapping.entries}
    rows = [
        r
        for r in selectors.registry_establishments(year=BENCHMARK_YEAR, region_code=REGION_CODE)
        if r["output"] and r["kbli"] in titles
    ]
    if not rows:  # no registry demo: a handful of synthetic creative establishments
        rows = [
            {"id": i, "kbli": k, "output": o, "workers": w}
            for i, (k, o, w) in enumerate(
                [("14111", 900.0, 12), ("56101", 1500.0, 20), ("62012", 2500.0, 15), ("73100", 800.0, 6)], start=1
            )
        ]
    # One synthetic non-creative establishment per host lapangan usaha (at the finest level θ can be
    # estimated), so that no industry's θ is 1 for want of its non-creative units.
    structure = ekraf.lapangan_usaha_structure()
    kategori = ekraf.kbli_codes("2020").kategori
    finest = frozenset(structure.category_of(c) for c in structure.kbli_prefixes.values())
    by_host: dict[str, float] = {}
    for r in rows:
        host = structure.host(r["kbli"], kategori.get(r["kbli"], ""), finest)
        if host is not None:
            by_host[host] = by_host.get(host, 0.0) + float(r["output"])
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(["region", "year", "kbli", "output", "workers", "weight", "establishment_id", "unit"])
    for r in rows:
        writer.writerow(
            [
                REGION_NAME,
                BENCHMARK_YEAR,
                r["kbli"],
                f"{float(r['output']):.3f}",
                r["workers"],
                1,
                f"A{r['id']}",
                "juta rupiah",
            ]
        )
    for n, (host, output) in enumerate(sorted(by_host.items()), start=1):
        filler = next(
            (k for k in sorted(titles) if k not in creative and structure.host(k, kategori[k], finest) == host), None
        )
        if filler is None:  # every code of the industry is creative: θ = 1 is structural
            continue
        theta = THETA_TARGET.get(structure.category_of(host), 0.2)
        writer.writerow(
            [
                REGION_NAME,
                BENCHMARK_YEAR,
                filler,
                f"{output * (1 - theta) / theta:.3f}",
                "",
                1,
                f"SINTETIS{n}",
                "juta rupiah",
            ]
        )
    return buffer.getvalue().encode()


def _office_name() -> str:
    """The demo statistics office of the installation's region (no other region's name in it)."""
    return f"Bappeda {selectors.area_name(settings.SINERGI_REGION_CODE)} (demo)"


def _demo_member(email: str, full_name: str, role: str, acting_roles: list[str]) -> User:
    """A demo user of the demo Bappeda with one of `acting_roles` (created when the accounts demo has not
    run, e.g. on a database seeded by parts)."""
    user = User.objects.filter(email=email).first()
    if user is None:
        user = user_create_active(by=None, email=email, full_name=full_name, password=None)
    if not Membership.objects.filter(
        user=user, role__in=acting_roles, organisation__kind="office", organisation__produces_statistics=True
    ).exists():
        org = Organisation.objects.filter(slug="demo-bappeda").first() or organisation_create(
            by=None,
            name=_office_name(),
            kind=OrganisationKind.OFFICE,
            slug="demo-bappeda",
            functions={OfficeFunction.STATISTICS},
        )
        membership_set(by=None, user=user, organisation=org, role=role)
    forget_memberships(user)
    return user


def demo_head() -> User:
    return _demo_member(
        "kepala.bappeda@demo.sinergi.id", "Kepala Bidang Bappeda (demo)", Role.HEAD, [Role.HEAD, Role.ADMIN]
    )


def demo_analyst() -> User:
    """The demo analyst who prepares the demo publication (the head approves it: four eyes)."""
    return _demo_member(
        "analis.bappeda@demo.sinergi.id", "Analis Statistik Bappeda (demo)", Role.ANALYST, [Role.ANALYST]
    )


def already_published(stdout: Any) -> bool:
    """Whether a demo publication is already published (then a demo's seed adds nothing)."""
    existing = Publication.objects.filter(is_demo=True, status=PublicationStatus.PUBLISHED).first()
    if existing is not None:
        stdout.write(f"statistik: demo sudah terbit (#{existing.pk})\n")
    return existing is not None


def seed(stdout: Any) -> None:
    if already_published(stdout):
        return
    head, analyst = demo_head(), demo_analyst()
    db_mapping = KbliMapping.objects.filter(is_active=True).first()
    if db_mapping is None:
        stdout.write("statistik: belum ada pemetaan KBLI aktif; jalankan `sinergi load_reference` dulu\n")
        return
    mapping = services_mapping(db_mapping)
    with transaction.atomic():
        pdrb = dataset(
            head, "pdrb", "Demo: PDRB Kota Depok (sintetis, terkalibrasi)", pdrb_csv(), "pdrb_depok_demo.csv"
        )
        est = dataset(
            head,
            "establishments",
            "Demo: direktori + usaha sintetis",
            establishments_csv(mapping),
            "usaha_depok_demo.csv",
        )
        run = services.run_create(
            by=analyst,
            method=Method.RATIO,
            region_code=REGION_CODE,
            region_name=REGION_NAME,
            datasets={"pdrb": pdrb, "establishments": est},
            mapping=db_mapping,
            parameters={"benchmark_year": BENCHMARK_YEAR, "subsector_list": "17"},
            enqueue=False,  # computed here, below: seeding runs without the task worker
        )
    run = services.run_execute(run_id=run.pk)
    if run.status != RunStatus.SUCCEEDED:
        stdout.write(f"statistik: demo gagal dihitung: {run.error_summary}\n")
        return
    pub = services.publication_prepare(
        by=analyst,
        run=run,
        title=DEMO_TITLE,
        summary=(
            "Estimasi demo: total PDRB dan tiga peran lapangan usaha 2022 sesuai angka BPS yang diterbitkan; selebihnya"
            " sintetis. Pemetaan KBLI sementara."
        ),
        is_demo=True,
    )
    services.publication_submit(by=analyst, publication=pub)
    services.publication_approve(by=head, publication=pub, comment="Demo diterbitkan otomatis oleh perintah seed_demo.")
    stdout.write(f"statistik: estimasi demo Kota Depok terbit (#{pub.pk})\n")


def services_mapping(db_mapping: KbliMapping) -> ekraf.KbliMapping:
    from sinergi.statistics.adapters import engine_mapping

    return engine_mapping(db_mapping)


def dataset(
    by: User,
    kind: str,
    name: str,
    content: bytes,
    filename: str,
    *,
    region: tuple[str, str] = (REGION_CODE, REGION_NAME),
) -> Dataset:
    """A demo dataset, validated at once (seeding runs without the task worker; the task finds it done)."""
    dataset = services.dataset_upload(
        by=by,
        kind=kind,
        name=name,
        region_code=region[0],
        region_name=region[1],
        upload=ContentFile(content, name=filename),
        source=DatasetSource.DEMO,
        note="Sintetis untuk demo; lihat halaman publikasi untuk angka yang nyata.",
    )
    return services.dataset_validate(dataset_id=dataset.pk)
