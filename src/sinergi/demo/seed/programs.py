"""Demo: two fostering programs.

- A closed one (halal certification facilitation for culinary micro businesses, 2025) with its call,
  selection, cohort, sessions, attendance, outcomes and certificates. It carries out the demo
  initiative on halal certification (`seed.collaboration`).
- One open for applications now (its call window is around today's date), aimed at the subsector and
  kecamatan of the demo business owner's profile (`pelaku@demo.sinergi.id`), so they can apply. Its
  questions are built as the form builder builds them (keys made from the labels).

Idempotent (each found by slug), marked is_demo; everything goes through the services (past
applications with the call's dates as "today"), generated figures use a fixed seed.
"""

from __future__ import annotations

import random
from datetime import date, datetime, time, timedelta
from decimal import Decimal
from typing import Any

from django.db import transaction
from django.utils import timezone

from sinergi.accounts.models import OrganisationKind
from sinergi.accounts.services import organisation_create
from sinergi.classification.selectors import current_subsectors
from sinergi.collaboration.models import Initiative
from sinergi.demo.data import DemoDataError, rows
from sinergi.demo.seed.accounts import demo_organisation, demo_user
from sinergi.programs import services
from sinergi.programs.eligibility import question_keys
from sinergi.programs.models import Participant, ProgramStatus
from sinergi.registry import selectors as registry_selectors
from sinergi.registry.models import Actor
from sinergi.registry.models import Status as ActorStatus

SLUG = "fasilitasi-sertifikasi-halal-kuliner-2025"
OPEN_SLUG = "kelas-pemasaran-digital-pelaku-ekraf-demo"
# The initiative the halal program carries out (seed.collaboration).
HALAL_INITIATIVE = "Pelatihan dan pendampingan sertifikasi halal untuk UMKM kuliner"
# The programs' questions and the halal program's sessions are CSV files in `sinergi/demo/data/depok/`
# (`program_questions`: the halal program's as stored, with their keys; the open call's as staff type
# them in the form builder, keyed when built; choices separated by " | "; `program_sessions`).
DATA = "depok"
QUESTION_COLUMNS = ("program", "key", "label", "type", "required", "choices")


def _required(value: str) -> bool:
    if value not in {"", "ya"}:
        raise ValueError(f"required: 'ya' atau kosong, bukan {value!r}")
    return value == "ya"


def _questions(program: str) -> list[dict[str, str]]:
    found = [row for row in rows(DATA, "program_questions", QUESTION_COLUMNS) if row["program"] == program]
    if not found:
        raise DemoDataError(f"{DATA}/program_questions.csv: tidak ada pertanyaan untuk program {program!r}")
    return found


def _choices(row: dict[str, str]) -> tuple[str, ...]:
    return tuple(choice.strip() for choice in row["choices"].split("|")) if row["choices"] else ()


# The open call's questions as staff type them in the form builder: (label, type, required, choices).
OPEN_QUESTIONS = tuple(
    (row["label"], row["type"], _required(row["required"]), _choices(row)) for row in _questions("open")
)
QUESTIONS = [
    {"key": row["key"], "label": row["label"], "type": row["type"], "required": _required(row["required"]),
     **({"choices": list(_choices(row))} if row["type"] == "choice" else {})}
    for row in _questions("halal")
]  # fmt: skip
HALAL_SESSIONS = tuple((row["title"], row["trainer"]) for row in rows(DATA, "program_sessions", ("title", "trainer")))


def seed(stdout: Any) -> None:
    _seed_closed(stdout)
    _seed_open(stdout)


def built_questions() -> list[dict[str, Any]]:
    """The open call's questions in the shape `forms.BaseQuestionFormSet.questions` gives them."""
    keys = question_keys([label for label, *_ in OPEN_QUESTIONS])
    return [
        {"key": key, "label": label, "type": kind, "required": required,
         **({"choices": list(choices)} if kind == "choice" else {})}
        for key, (label, kind, required, choices) in zip(keys, OPEN_QUESTIONS, strict=True)
    ]  # fmt: skip


def _seed_open(stdout: Any) -> None:
    from sinergi.programs.models import Program

    if Program.objects.filter(slug=OPEN_SLUG).exists():
        stdout.write("  program demo yang sedang dibuka sudah ada; tidak ada yang ditambahkan")
        return
    owner, staff, organiser = demo_user("pelaku"), demo_user("petugas_disdagin"), demo_organisation("disdagin")
    actor = registry_selectors.actors_owned_by(user=owner).first() if owner else None
    if actor is None or staff is None or organiser is None:
        stdout.write("  program demo yang sedang dibuka: dilewati, akun/profil demo belum ada")
        return
    subsectors = list(actor.subsectors.filter(subsector_list__is_current=True))
    kecamatan = actor.kecamatan
    today = timezone.localdate()
    with transaction.atomic():
        program = services.program_create(
            by=staff,
            subsectors=subsectors,
            kecamatan=[kecamatan] if kecamatan else [],
            data={
                "title": f"Kelas Pemasaran Digital Pelaku Ekraf {kecamatan.name if kecamatan else 'Depok'}",
                "slug": OPEN_SLUG, "kind": "training", "organiser": organiser, "status": ProgramStatus.DRAFT,
                "description": (
                    "Kelas praktik pemasaran digital: foto produk, etalase lokapasar dan iklan berbayar "
                    "sederhana, untuk pelaku ekraf di kecamatan ini (program demo)."
                ),
                "call_opens": today - timedelta(days=7), "call_closes": today + timedelta(days=21),
                "start_date": today + timedelta(days=35), "end_date": today + timedelta(days=63),
                "eligible_size_classes": [], "questions": built_questions(), "cohort_size": 25,
                "is_demo": True,
            },
        )  # fmt: skip
        services.program_set_status(by=staff, program=program, status=ProgramStatus.OPEN)
    stdout.write(f"  program demo dibuka: {program.title} (pendaftaran sampai {program.call_closes:%d-%m-%Y})")


def _seed_closed(stdout: Any) -> None:
    from sinergi.programs.models import Program

    if Program.objects.filter(slug=SLUG).exists():
        stdout.write("  program demo sudah ada; tidak ada yang ditambahkan")
        return
    culinary = current_subsectors(codes=["KUL"]).first()
    organiser = demo_organisation("disdagin") or organisation_create(
        by=None, name="Dinas Perdagangan dan Perindustrian Kota Depok", short_name="Disdagin",
        kind=OrganisationKind.OFFICE, slug="demo-disdagin",
    )  # fmt: skip
    staff = demo_user("petugas_disdagin")
    candidates = Actor.objects.filter(status=ActorStatus.VERIFIED, size_class__in=["mikro", "kecil"])
    if culinary is not None:
        candidates = candidates.filter(subsectors=culinary)
    actors = list(candidates.order_by("pk")[:16])
    rng = random.Random(7)  # noqa: S311 -- demo figures, not security
    initiative = Initiative.objects.filter(is_demo=True, title=HALAL_INITIATIVE).first()
    with transaction.atomic():
        program = services.program_create(
            by=staff,
            subsectors=[culinary] if culinary else [],
            data={
                "title": "Fasilitasi Sertifikasi Halal Kuliner 2025", "slug": SLUG, "kind": "certification",
                "certification": "halal", "organiser": organiser, "status": ProgramStatus.OPEN,
                "description": (
                    "Pelatihan proses produksi halal, pendampingan penyelia halal dan fasilitasi pendaftaran "
                    "sertifikat halal (self declare) untuk usaha kuliner mikro dan kecil di Kota Depok."
                ),
                "start_date": date(2025, 8, 4), "end_date": date(2025, 10, 31),
                "call_opens": date(2025, 7, 1), "call_closes": date(2025, 7, 25),
                "eligible_size_classes": ["mikro", "kecil"], "questions": QUESTIONS, "cohort_size": 12,
                "initiative": initiative, "is_demo": True,
            },
        )  # fmt: skip
        for i, actor in enumerate(actors):
            app = services.application_submit(  # the owner applies, as on the page; the platform for one without
                by=actor.owner, program=program, actor=actor, today=date(2025, 7, 10 + i % 10),
                answers={"produk": f"Olahan {actor.name}", "omzet_bulan": str(rng.randint(3, 25) * 1_000_000),
                         "punya_pirt": "ya" if i % 2 else "tidak", "sumber_info": "Komunitas"},
            )  # fmt: skip
        services.program_set_status(by=staff, program=program, status=ProgramStatus.SELECTION)
        for i, app in enumerate(program.applications.order_by("pk")):
            score = rng.randint(55, 95)
            decision = "accepted" if i < 12 else "rejected"
            services.application_review(by=staff, application=app, score=score, notes="Seleksi administrasi dan "
                                        "kunjungan lapangan (demo)", decision=decision)  # fmt: skip
        services.program_set_status(by=staff, program=program, status=ProgramStatus.RUNNING)
        sessions = []
        for n, (title, trainer) in enumerate(HALAL_SESSIONS):
            day = date(2025, 8, 4) + timedelta(days=7 * n)
            sessions.append(services.session_create(by=staff, program=program, data={
                "title": title, "trainer": trainer, "venue": "Gedung Dibaleka II, Balai Kota Depok", "capacity": 15,
                "starts_at": timezone.make_aware(datetime.combine(day, time(9))),
                "ends_at": timezone.make_aware(datetime.combine(day, time(12))),
            }))  # fmt: skip
        cohort = list(Participant.objects.filter(program=program).select_related("actor").order_by("pk"))
        for session in sessions:
            services.attendance_record(by=staff, session=session,
                                       present_ids=[p.pk for p in cohort if rng.random() < 0.85])  # fmt: skip
        for p in cohort:
            base = Decimal(rng.randint(4, 20) * 1_000_000)
            workers = rng.randint(1, 4)
            services.outcome_record(by=staff, participant=p, stage="baseline", recorded_on=date(2025, 8, 4),
                                    monthly_sales=base, workers=workers, certifications=["pirt"] if rng.random() < 0.5
                                    else [], markets=rng.randint(1, 2))  # fmt: skip
            services.outcome_record(by=staff, participant=p, stage="followup", recorded_on=date(2026, 2, 2),
                                    monthly_sales=(base * Decimal(rng.uniform(1.0, 1.45))).quantize(Decimal(1)),
                                    workers=workers + (1 if rng.random() < 0.3 else 0),
                                    certifications=["halal", "pirt"] if rng.random() < 0.8 else ["pirt"],
                                    markets=rng.randint(2, 4))  # fmt: skip
            if rng.random() < 0.85:
                services.participant_complete(by=staff, participant=p, on=date(2025, 10, 31))
        services.program_set_status(by=staff, program=program, status=ProgramStatus.CLOSED)
    stdout.write(f"  program demo: {program.title} ({len(cohort)} peserta, {len(sessions)} sesi)")
