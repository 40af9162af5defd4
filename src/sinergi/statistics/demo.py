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
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils.translation import gettext

import ekraf
from sinergi.accounts.models import Membership, Organisation, OrganisationKind, Role, User
from sinergi.accounts.predicates import forget_memberships
from sinergi.classification.models import KbliMapping

from . import selectors, services
from .models import Dataset, DatasetSource, Method, Publication, PublicationStatus, Run, RunInput, RunStatus

DATA_DIR = Path(__file__).parent / "data"
#: The regions this demo is written for (core.demo): Kota Depok, and Kalimantan Timur (`seed_kaltim`).
REGIONS = ("32.76", "64")
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
        user = User.objects.create_user(email=email, password=None, full_name=full_name)
    if not Membership.objects.filter(
        user=user, role__in=acting_roles, organisation__kind="office", organisation__produces_statistics=True
    ).exists():
        org, _ = Organisation.objects.get_or_create(
            slug="demo-bappeda",
            defaults={
                "name": _office_name(),
                "kind": OrganisationKind.OFFICE,
                "produces_statistics": True,
            },
        )
        Membership.objects.get_or_create(user=user, organisation=org, defaults={"role": role})
    forget_memberships(user)
    return user


def _demo_head() -> User:
    return _demo_member(
        "kepala.bappeda@demo.sinergi.id", "Kepala Bidang Bappeda (demo)", Role.HEAD, [Role.HEAD, Role.ADMIN]
    )


def _demo_analyst() -> User:
    """The demo analyst who prepares the demo publication (the head approves it: four eyes)."""
    return _demo_member(
        "analis.bappeda@demo.sinergi.id", "Analis Statistik Bappeda (demo)", Role.ANALYST, [Role.ANALYST]
    )


def seed(stdout: Any) -> None:
    existing = Publication.objects.filter(is_demo=True, status=PublicationStatus.PUBLISHED).first()
    if existing is not None:
        stdout.write(f"statistik: demo sudah terbit (#{existing.pk})\n")
        return
    if settings.SINERGI_REGION_CODE == KALTIM:
        seed_kaltim(stdout)
        return
    head = _demo_head()
    db_mapping = KbliMapping.objects.filter(is_active=True).first()
    if db_mapping is None:
        stdout.write("statistik: belum ada pemetaan KBLI aktif; jalankan `sinergi load_reference` dulu\n")
        return
    mapping = services_mapping(db_mapping)
    with transaction.atomic():
        pdrb = _dataset(
            head, "pdrb", "Demo: PDRB Kota Depok (sintetis, terkalibrasi)", pdrb_csv(), "pdrb_depok_demo.csv"
        )
        est = _dataset(
            head,
            "establishments",
            "Demo: direktori + usaha sintetis",
            establishments_csv(mapping),
            "usaha_depok_demo.csv",
        )
        run = Run.objects.create(
            method=Method.RATIO,
            region_code=REGION_CODE,
            region_name=REGION_NAME,
            mapping=db_mapping,
            parameters={"benchmark_year": BENCHMARK_YEAR, "subsector_list": "17"},
            created_by=head,
        )
        RunInput.objects.create(run=run, dataset=pdrb, role="pdrb")
        RunInput.objects.create(run=run, dataset=est, role="establishments")
        Dataset.objects.filter(pk__in=[pdrb.pk, est.pk]).update(locked=True)
    run = services.run_execute(run_id=run.pk)
    if run.status != RunStatus.SUCCEEDED:
        stdout.write(f"statistik: demo gagal dihitung: {run.error_summary}\n")
        return
    analyst = _demo_analyst()
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
    services.publication_approve(by=head, publication=pub, comment="Demo diterbitkan otomatis oleh `seed_demo`.")
    stdout.write(f"statistik: estimasi demo Kota Depok terbit (#{pub.pk})\n")


def services_mapping(db_mapping: KbliMapping) -> ekraf.KbliMapping:
    from .adapters import engine_mapping

    return engine_mapping(db_mapping)


def _dataset(
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


__all__ = ["pdrb_records", "seed"]


def notice(publication: Publication) -> str:
    """What is real and what is synthetic in a demo publication (its page says it under "Estimasi demo")."""
    if publication.region_code.split(".")[0] == KALTIM:
        return gettext(
            'bukan angka resmi. Yang nyata hanya total PDRB ADHB/ADHK yang ditandai "dipublikasikan BPS" (tercantum'
            ' di bawah beserta sumbernya); total PDRB lainnya dan seluruh angka ekonomi kreatif SINTETIS ("sintetis/'
            'demo"). Kabupaten/kota direkonsiliasi ke provinsi. Tabel resmi yang dimuat analis menggantikannya.'
        )
    return gettext(
        "bukan angka resmi. Yang nyata hanya angka terbitan BPS yang tercantum di bawah beserta sumbernya. PDRB"
        " lapangan usaha lainnya dan tahun-tahun lain SINTETIS, dikalibrasi ke angka itu; data usaha dari direktori"
        " demo ditambah usaha sintetis. Tabel resmi yang dimuat analis menggantikannya."
    )


def published_sources(publication: Publication | None = None) -> list[dict[str, str]]:
    """The real figures a demo publication is calibrated to, with their sources (shown on its page):
    for the Kaltim demo the published PDRB totals of its region, else Depok's."""
    rows: list[dict[str, str]] = []
    if publication is not None and publication.region_code.split(".")[0] == KALTIM:
        return [
            {
                "what": f"PDRB {r['region']} {year} {basis}",
                "value": f"{r['value']} T",
                "url": r["source_url"],
            }
            for (code, year, basis), r in sorted(kaltim_published().items())
            if code == publication.region_code
        ]
    with (DATA_DIR / "pdrb_depok_published.csv").open(encoding="utf-8") as handle:
        rows += [
            {"what": f"PDRB {r['year']} {r['price_basis']}", "value": f"{r['value']} T", "url": r["source_url"]}
            for r in csv.DictReader(handle)
        ]
    with (DATA_DIR / "published_figures_depok.csv").open(encoding="utf-8") as handle:
        rows += [
            {
                "what": f"{gettext('Peran')} {r['subsector_or_category']} {r['year']}",
                "value": f"{r['value']} %",
                "url": r["source_url"],
            }
            for r in csv.DictReader(handle)
            if r["measure"] == "distribution_pdrb"
        ]
    return rows


# ---------------------------------------------------------------- Kalimantan Timur (SINERGI_REGION_CODE=64)
# The province and its ten kab/kota in one run, reconciled to the province. PDRB totals (ADHB and ADHK
# 2010, 2020–2024) are BPS's as published where `data/kaltim_pdrb_published.csv` has them (copied from
# the shared reference file with its source columns, one row per region, year and basis; joined to
# Kemendagri codes by name, since BPS codes differ: BPS 6402 Kutai Barat = Kemendagri 64.07); every
# other PDRB figure and every ekraf figure is synthetic, and the pages say which is which.
KALTIM = "64"
KALTIM_YEARS = tuple(range(2020, 2025))
KALTIM_BENCHMARK_YEAR = 2022
KALTIM_STATUS = {2024: "*"}  # BPS: "angka sementara PDRB Kaltim Tahun 2024"
PUBLISHED_BPS = "dipublikasikan BPS"
SYNTHETIC = "sintetis/demo"
#: Synthetic ekraf share of PDRB (%) by region: small in the mining and LNG regencies, larger in the cities.
KALTIM_EKRAF_SHARE = {
    "64": 3.4, "64.01": 2.1, "64.02": 1.9, "64.03": 2.6, "64.07": 1.7, "64.08": 1.2, "64.09": 3.1,
    "64.11": 2.2, "64.71": 5.8, "64.72": 8.9, "64.74": 2.4,
}  # fmt: skip
#: Synthetic composition of ekraf by subsector, and each subsector's drift against PDRB (per year).
KALTIM_SUBSECTORS = {"KUL": (0.42, 0.015), "FSN": (0.17, 0.0), "KRY": (0.15, -0.005), "APL": (0.08, 0.04),
                     "PNB": (0.06, -0.01), "PRK": (0.05, 0.01), "FTG": (0.04, 0.0), "DKV": (0.03, 0.02)}  # fmt: skip


def kaltim_published() -> dict[tuple[str, int, str], dict[str, str]]:
    """(Kemendagri code, year, ADHB|ADHK) → the published row (value in triliun rupiah, source_url …)."""
    with (DATA_DIR / "kaltim_pdrb_published.csv").open(encoding="utf-8") as handle:
        return {
            (r["kemendagri_code"], int(r["year"]), "ADHK" if r["price_basis"].startswith("ADHK") else "ADHB"): r
            for r in csv.DictReader(handle)
        }


def _fill(known: dict[int, float], guide: dict[int, float]) -> dict[int, float]:
    """A series over KALTIM_YEARS from its published years: geometric between two of them, and moved
    with `guide` (the province's series) before the first and after the last."""
    out = dict(known)
    years = sorted(known)
    for year in KALTIM_YEARS:
        if year in out:
            continue
        before = [y for y in years if y < year]
        after = [y for y in years if y > year]
        if before and after:
            a, b = before[-1], after[0]
            out[year] = known[a] * (known[b] / known[a]) ** ((year - a) / (b - a))
        elif before:
            out[year] = known[before[-1]] * guide[year] / guide[before[-1]]
        else:
            out[year] = known[after[0]] * guide[year] / guide[after[0]]
    return out


def kaltim_pdrb() -> dict[tuple[str, int, str], tuple[float, str]]:
    """(code, year, basis) → (PDRB TOTAL in miliar rupiah, PUBLISHED_BPS or SYNTHETIC) for the province
    and its ten kab/kota. ADHK: published, else interpolated between published years or moved with the
    province. ADHB: published, else ADHK × the province's implicit index × the region's own relation
    to it where one of its ADHB figures is published."""
    published = kaltim_published()
    codes = [KALTIM, *selectors.kabkota_codes(KALTIM)]

    def known(code: str, basis: str) -> dict[int, float]:
        return {
            y: float(published[(code, y, basis)]["value"]) * 1000 for y in KALTIM_YEARS if (code, y, basis) in published
        }

    province_k = known(KALTIM, "ADHK")
    province_b = known(KALTIM, "ADHB")
    index = {y: province_b[y] / province_k[y] for y in KALTIM_YEARS}
    out: dict[tuple[str, int, str], tuple[float, str]] = {}
    for code in codes:
        own_k = known(code, "ADHK")
        adhk = _fill(own_k, province_k)
        own_b = known(code, "ADHB")
        relation = [own_b[y] / adhk[y] / index[y] for y in own_b]
        factor = sum(relation) / len(relation) if relation else 1.0
        for year in KALTIM_YEARS:
            out[(code, year, "ADHK")] = (adhk[year], PUBLISHED_BPS if year in own_k else SYNTHETIC)
            if year in own_b:
                out[(code, year, "ADHB")] = (own_b[year], PUBLISHED_BPS)
            else:
                out[(code, year, "ADHB")] = (adhk[year] * index[year] * factor, SYNTHETIC)
    return out


def pdrb_source(code: str, year: int, basis: str) -> str:
    """How a PDRB total of the Kaltim demo came about: PUBLISHED_BPS or SYNTHETIC (words for a page)."""
    found = (code, year, basis) in kaltim_published()
    return gettext("dipublikasikan BPS") if found else gettext("sintetis/demo")


def _csv(header: list[str], rows: list[list[Any]]) -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(header)
    writer.writerows(rows)
    return buffer.getvalue().encode()


def _weight(code: str, subsector: str) -> float:
    """The region's synthetic weight of a subsector: the common composition, varied by region."""
    base = KALTIM_SUBSECTORS[subsector][0]
    return base * (1 + ((sum(map(ord, code + subsector)) * 7) % 9 - 4) / 20)


def kaltim_inputs() -> dict[str, bytes]:
    """The three files of the Kaltim run: PDRB totals, benchmark ekraf values of 2022 and indicator series."""
    pdrb = kaltim_pdrb()
    codes = sorted({code for code, _y, _b in pdrb})
    unit = "miliar rupiah"
    head = ["region", "year", "code", "price_basis", "value", "unit"]
    pdrb_rows = [
        [code, year, ekraf.TOTAL, basis, f"{pdrb[(code, year, basis)][0]:.3f}", unit, KALTIM_STATUS.get(year, "")]
        for code in codes
        for year in KALTIM_YEARS
        for basis in ekraf.PRICE_BASES
    ]
    bench_rows, ind_rows = [], []
    for code in codes:
        weights = {s: _weight(code, s) for s in KALTIM_SUBSECTORS}
        total_w = sum(weights.values())
        for s, (_share, drift) in KALTIM_SUBSECTORS.items():
            for basis in ekraf.PRICE_BASES:
                value = pdrb[(code, KALTIM_BENCHMARK_YEAR, basis)][0] * KALTIM_EKRAF_SHARE[code] / 100
                bench_rows.append([code, KALTIM_BENCHMARK_YEAR, s, basis, f"{value * weights[s] / total_w:.4f}", unit])
                for year in KALTIM_YEARS:
                    moved = pdrb[(code, year, basis)][0] * (1 + drift) ** (year - KALTIM_BENCHMARK_YEAR)
                    ind_rows.append([code, year, s, basis, f"{moved:.4f}", unit])
    return {
        "pdrb": _csv([*head, "status"], pdrb_rows),
        "benchmark": _csv(head, bench_rows),
        "indicator": _csv(head, ind_rows),
    }


def seed_kaltim(stdout: Any) -> None:
    """The Kaltim statistics demo: one reconciled run of the province and its ten kab/kota, and one
    publication per region, each prepared by the analyst and approved by the head (four eyes)."""
    head, analyst = _demo_head(), _demo_analyst()
    province = (KALTIM, selectors.area_name(KALTIM))
    files = kaltim_inputs()
    names = {
        "pdrb": "Demo: PDRB Kalimantan Timur dan kab/kota (BPS bila terbit, selebihnya sintetis)",
        "benchmark": "Demo: nilai acuan ekraf 2022 Kalimantan Timur (sintetis)",
        "indicator": "Demo: seri indikator ekraf Kalimantan Timur (sintetis)",
    }
    with transaction.atomic():
        datasets = {
            kind: _dataset(analyst, kind, names[kind], files[kind], f"{kind}_kaltim_demo.csv", region=province)
            for kind in ("pdrb", "benchmark", "indicator")
        }
        run = services.run_create(
            by=analyst,
            method=Method.EXTRAPOLATION,
            region_code=province[0],
            region_name=province[1],
            datasets=datasets,
            parameters={"reconcile": True},
            enqueue=False,
        )
    run = services.run_execute(run_id=run.pk)
    if run.status != RunStatus.SUCCEEDED:
        stdout.write(f"statistik: demo Kalimantan Timur gagal dihitung: {run.error_summary}\n")
        return
    for code, name in selectors.run_regions(run):
        pub = services.publication_prepare(
            by=analyst,
            run=run,
            region_code=code,
            title=f"Estimasi demo PDRB Ekonomi Kreatif {name} {KALTIM_YEARS[0]}–{KALTIM_YEARS[-1]}",
            summary=(
                "Estimasi demo: total PDRB ADHB/ADHK sesuai angka BPS yang diterbitkan bila ada (ditandai"
                " 'dipublikasikan BPS'), selebihnya dan seluruh angka ekonomi kreatif sintetis/demo. Kabupaten/kota"
                " direkonsiliasi ke provinsi."
            ),
            is_demo=True,
        )
        services.publication_submit(by=analyst, publication=pub)
        services.publication_approve(by=head, publication=pub, comment="Demo diterbitkan otomatis oleh `seed_demo`.")
    stdout.write(
        f"statistik: estimasi demo Kalimantan Timur dan {len(selectors.kabkota_codes(KALTIM))} kab/kota terbit\n"
    )
