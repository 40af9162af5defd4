"""Office roles are scoped to their office (issue 10 §3): role × office × action.

Three offices as in Depok: one administers the registry (Disdagin there), one produces the statistics
(Bappeda there), one does neither (Diskominfo). Which office does what is data on the organisation,
so the offices here are named nothing like Disdagin or Bappeda. Events and programs belong to the
office that organises them. Expectations are written out, not derived from the rules.
"""

from __future__ import annotations

import csv
import io
import re
from typing import Any

import pytest
from django.test import Client

from sinergi.accounts.models import OfficeFunction, Organisation, Role
from sinergi.accounts.services import organisation_create
from sinergi.core.errors import NotAllowed, ServiceError
from sinergi.core.models import AuditEntry
from sinergi.events.models import Event
from sinergi.programs.models import Program
from sinergi.registry import services as registry_services
from sinergi.registry.models import Status
from sinergi.statistics import services as statistics_services
from sinergi.statistics.models import Publication, PublicationStatus
from tests.factories import MembershipFactory, make_actor, office_with

pytestmark = pytest.mark.django_db

OFFICES = ("registry_office", "statistics_office", "other_office")
ROLES = (Role.ADMIN, Role.HEAD, Role.STAFF, Role.ANALYST)


@pytest.fixture
def offices() -> dict[str, Organisation]:
    return {
        "registry_office": office_with(OfficeFunction.REGISTRY, name="Dinas Satu"),
        "statistics_office": office_with(OfficeFunction.STATISTICS, name="Badan Dua"),
        "other_office": office_with(name="Dinas Tiga"),
    }


def member(office: Organisation, role: str) -> Any:
    return MembershipFactory(organisation=office, role=role).user


# (permission, object maker) → the (office, role) pairs that hold it; everyone else is refused.
# Objects: "actor" a submitted profile; "review" a publication in review prepared by someone else;
# "event"/"program" organised by the other office (neither registry nor statistics).
STAFF = {Role.ADMIN, Role.HEAD, Role.STAFF}
HEADS = {Role.ADMIN, Role.HEAD}
ANALYSTS = {Role.ADMIN, Role.HEAD, Role.ANALYST}
TABLE: dict[tuple[str, str], dict[str, set[str]]] = {
    ("registry.verify_actor", "actor"): {"registry_office": STAFF},
    ("registry.archive_actor", "actor"): {"registry_office": STAFF},
    ("registry.merge_actors", "actor"): {"registry_office": STAFF},
    ("registry.decide_claim", "actor"): {"registry_office": STAFF},
    ("registry.change_actor", "actor"): {"registry_office": STAFF},
    ("registry.view_personal_data", "actor"): {"registry_office": STAFF},
    ("registry.export_personal_data", "actor"): {"registry_office": HEADS},
    ("registry.import_actors", "none"): {"registry_office": STAFF},
    ("registry.view_queues", "none"): {"registry_office": STAFF},
    ("registry.list_actors", "none"): {"registry_office": STAFF},
    # Reading unverified profiles and a masked export: any office's staff.
    ("registry.view_actor", "actor"): dict.fromkeys(OFFICES, STAFF),
    ("registry.export_actors", "none"): dict.fromkeys(OFFICES, STAFF),
    ("statistics.use_workspace", "none"): {"statistics_office": ANALYSTS},
    ("statistics.start_run", "none"): {"statistics_office": ANALYSTS},
    ("statistics.view_publication", "review"): {"statistics_office": ANALYSTS},
    ("statistics.approve_publication", "review"): {"statistics_office": HEADS},
    ("statistics.review_publications", "none"): {"statistics_office": HEADS},
    ("statistics.return_publication", "review"): {"statistics_office": HEADS},
    ("events.manage_event", "event"): {"other_office": STAFF},
    ("events.check_in", "event"): {"other_office": STAFF},
    ("events.curate_booths", "event"): {"other_office": STAFF},
    ("events.correct_sales", "event"): {"other_office": STAFF},
    ("events.view_report", "event"): {"other_office": STAFF, "statistics_office": ANALYSTS},
    ("programs.manage_program", "program"): {"other_office": STAFF},
    ("programs.select", "program"): {"other_office": STAFF},
    ("programs.take_attendance", "program"): {"other_office": STAFF},
    ("programs.record_outcome", "program"): {"other_office": STAFF},
    ("programs.view_report", "program"): {"other_office": STAFF, "statistics_office": ANALYSTS},
    # The rest of the registry's workflow.
    ("registry.submit_actor", "actor"): {"registry_office": STAFF},
    ("registry.override_subsectors", "actor"): {"registry_office": STAFF},
    ("registry.set_fostering", "actor"): {"registry_office": STAFF},
    ("registry.set_flagship", "actor"): {"registry_office": STAFF},
    ("registry.change_product", "actor"): {"registry_office": STAFF},
    ("registry.manage_actor", "actor"): {"registry_office": STAFF},
    ("registry.view_actor_documents", "actor"): {"registry_office": STAFF},
    ("registry.create_community", "none"): {"registry_office": STAFF},
    ("registry.change_community", "community"): {"registry_office": STAFF},
    ("registry.manage_community_members", "community"): {"registry_office": STAFF},
    ("registry.change_hub", "none"): {"registry_office": STAFF},
    # Not an office's power: every signed-in person; nobody claims an unverified profile.
    ("registry.create_actor", "none"): {office: set(ROLES) for office in OFFICES},
    ("registry.use_workspace", "none"): {office: set(ROLES) for office in OFFICES},
    ("registry.claim_actor", "actor"): {},
    # Only the invited person answers a community invitation: no office holds it, not even the registry's.
    ("registry.respond_community_invitation", "invitation"): {},
    # Leaving a community is the member's own choice (the person, or the member business's owner).
    ("registry.leave_community", "membership"): {},
    # The rest of the statistics workflow.
    ("statistics.upload_dataset", "none"): {"statistics_office": ANALYSTS},
    ("statistics.view_run", "none"): {"statistics_office": ANALYSTS},
    ("statistics.prepare_publication", "none"): {"statistics_office": ANALYSTS},
    ("statistics.submit_publication", "draft"): {"statistics_office": ANALYSTS},
    ("statistics.comment_publication", "draft"): {"statistics_office": ANALYSTS},
    ("statistics.revise_publication", "published"): {"statistics_office": ANALYSTS},
    # Events: an unpublished event is read by any office's staff; booths by the organiser's.
    ("events.view_event", "event"): dict.fromkeys(OFFICES, STAFF),
    ("events.view_booth", "booth"): {"other_office": STAFF},
    ("events.report_sales", "booth"): {"other_office": STAFF},
    ("events.apply_booth", "none"): {},
    # Programs: likewise; a letter belongs to the office fostering the actor.
    ("programs.view_program", "program"): dict.fromkeys(OFFICES, STAFF),
    ("programs.download_certificate", "participant"): {"other_office": STAFF},
    ("programs.issue_letter", "fostered"): {"other_office": STAFF},
    ("programs.download_letter", "letter"): {"other_office": STAFF},
    ("programs.apply", "none"): {},
    # Delivery status of notifications: the office whose workflow caused them (issue 16).
    ("registry.view_deliveries", "actor"): {"registry_office": STAFF},
    ("statistics.view_deliveries", "review"): {"statistics_office": ANALYSTS},
    ("events.view_deliveries", "event"): {"other_office": STAFF},
    ("programs.view_deliveries", "program"): {"other_office": STAFF},
    # The status page itself: whoever follows some workflow (each object is checked as above).
    ("notifications.view_delivery_status", "none"): {
        "registry_office": STAFF,
        "statistics_office": STAFF | ANALYSTS,
        "other_office": STAFF,
    },
}


def _objects(offices: dict[str, Organisation]) -> dict[str, Any]:
    from sinergi.accounts.models import User
    from sinergi.events.models import BoothApplication
    from sinergi.programs.models import FosteringLetter, Participant
    from sinergi.registry.models import Community, CommunityMember, MembershipStatus

    event = Event(organiser=offices["other_office"])
    program = Program(organiser=offices["other_office"])
    actor = make_actor(status=Status.SUBMITTED, name="Batik Uji")
    return {
        "none": None,
        "actor": actor,
        "fostered": make_actor(status=Status.VERIFIED, name="Kopi Binaan", fostered_by=offices["other_office"]),
        "community": Community(name="Komunitas Uji"),
        "invitation": CommunityMember(
            community=Community(name="Komunitas Uji"), user=User(pk=10**9), status=MembershipStatus.INVITED
        ),
        "membership": CommunityMember(
            community=Community(name="Komunitas Uji"), user=User(pk=10**9), status=MembershipStatus.ACCEPTED
        ),
        "review": Publication(status=PublicationStatus.IN_REVIEW, prepared_by_id=None),
        "draft": Publication(status=PublicationStatus.DRAFT),
        "published": Publication(status=PublicationStatus.PUBLISHED),
        "event": event,
        "booth": BoothApplication(event=event, actor=actor),
        "program": program,
        "participant": Participant(program=program, actor=actor),
        "letter": FosteringLetter(organisation=offices["other_office"], actor=actor),
    }


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("office", OFFICES)
def test_role_by_office_by_action(offices: dict[str, Organisation], office: str, role: str) -> None:
    user = member(offices[office], role)
    objects = _objects(offices)
    wrong = [
        (perm, obj_key)
        for (perm, obj_key), holders in TABLE.items()
        if user.has_perm(perm, objects[obj_key]) is not (role in holders.get(office, set()))
    ]
    assert wrong == [], (office, role)


def test_every_permission_of_the_scoped_apps_is_in_the_table() -> None:
    import rules

    named = {
        p
        for p in rules.permissions.permissions
        if p.split(".")[0] in {"registry", "statistics", "events", "programs", "notifications"}
    }
    assert named == {perm for perm, _obj in TABLE}


def test_no_function_means_no_power_and_a_function_is_data_not_a_name(db: Any) -> None:
    """An office named "Disdagin" holds no registry power unless it is configured to."""
    named_only = organisation_create(by=None, name="Dinas Perdagangan", short_name="Disdagin", kind="office")
    head = member(named_only, Role.HEAD)
    assert not head.has_perm("registry.verify_actor", make_actor(status=Status.SUBMITTED))
    configured = organisation_create(by=None, name="Kantor Lain", kind="office", functions={OfficeFunction.REGISTRY})
    assert configured.administers_registry
    assert member(configured, Role.HEAD).has_perm("registry.verify_actor", make_actor(status=Status.SUBMITTED))


def test_only_offices_hold_functions(db: Any) -> None:
    with pytest.raises(ServiceError):
        organisation_create(by=None, name="Komunitas", kind="community", functions={OfficeFunction.REGISTRY})
    with pytest.raises(ServiceError):
        organisation_create(by=None, name="Kantor", kind="office", functions={"parkir"})


# ---------------------------------------------------------------- the three findings, end to end


def test_head_of_the_registry_office_cannot_approve_the_statistics_office_draft(
    offices: dict[str, Organisation], client: Client
) -> None:
    from tests.statistics.helpers import ratio_run

    analyst = member(offices["statistics_office"], Role.ANALYST)
    run = ratio_run(analyst)
    publication = statistics_services.publication_prepare(by=analyst, run=run, title="PDRB Ekraf Uji")
    statistics_services.publication_submit(by=analyst, publication=publication)
    registry_head = member(offices["registry_office"], Role.HEAD)
    with pytest.raises(NotAllowed):
        statistics_services.publication_approve(by=registry_head, publication=publication)
    client.force_login(registry_head)
    assert client.post(f"/statistik/{publication.pk}/setujui/").status_code in {403, 404}
    publication.refresh_from_db()
    assert publication.status == PublicationStatus.IN_REVIEW
    statistics_head = member(offices["statistics_office"], Role.HEAD)
    statistics_services.publication_approve(by=statistics_head, publication=publication)
    publication.refresh_from_db()
    assert publication.status == PublicationStatus.PUBLISHED


def test_head_of_the_statistics_office_cannot_verify_a_profile_by_page_or_api(
    offices: dict[str, Organisation], client: Client
) -> None:
    from sinergi.accounts import tokens

    actor = make_actor(status=Status.SUBMITTED, name="Kopi Uji")
    head = member(offices["statistics_office"], Role.HEAD)
    client.force_login(head)
    assert client.post(f"/direktori/kelola/pelaku/{actor.slug}/verifikasi/").status_code == 403
    _, secret = tokens.token_create(by=head, user=head, name="uji", scopes=["registry:write"])
    response = Client().post(
        f"/api/v1/actors/{actor.slug}/verify",
        data="{}",
        content_type="application/json",
        HTTP_AUTHORIZATION=f"Bearer {secret}",
    )
    assert response.status_code == 403
    actor.refresh_from_db()
    assert actor.status == Status.SUBMITTED
    registry_staff = member(offices["registry_office"], Role.STAFF)
    client.force_login(registry_staff)
    assert client.post(f"/direktori/kelola/pelaku/{actor.slug}/verifikasi/").status_code in {200, 302}
    actor.refresh_from_db()
    assert actor.status == Status.VERIFIED


def _export(client: Client, user: Any) -> dict[str, str]:
    client.force_login(user)
    response = client.get("/impor/ekspor/pelaku/unduh.csv")
    assert response.status_code == 200
    rows = list(csv.DictReader(io.StringIO(b"".join(response.streaming_content).decode("utf-8-sig"))))
    return rows[0]


def test_export_unmasks_personal_data_only_for_the_registry_office(
    offices: dict[str, Organisation], client: Client
) -> None:
    actor = make_actor(name="Batik Lengkap")
    contact = registry_services.contact_save(
        by=None,
        actor=actor,
        data={"full_name": "Budi", "nik": "3276010101900001", "phone": "+6281234567890", "consent": True},
    )
    statistics_head = _export(client, member(offices["statistics_office"], Role.HEAD))
    assert statistics_head["nik_narahubung"] == "••••••••••••0001"
    other_admin = _export(client, member(offices["other_office"], Role.ADMIN))
    assert other_admin["nik_narahubung"] == "••••••••••••0001"
    registry_head = _export(client, member(offices["registry_office"], Role.HEAD))
    assert registry_head["nik_narahubung"] == "3276010101900001"
    masked = [e.data["masked"] for e in AuditEntry.objects.filter(action="registry.actor.exported").order_by("pk")]
    assert masked == [True, True, False]
    # Nor does another office's staff see the contact in full on the profile page.
    client.force_login(member(offices["statistics_office"], Role.ADMIN))
    assert client.post(f"/direktori/kelola/pelaku/{actor.slug}/narahubung/{contact.pk}/lengkap/").status_code == 403


def test_event_of_one_office_is_not_managed_by_another(offices: dict[str, Organisation], client: Client) -> None:
    from tests.events.factories import make_event

    event = make_event(organiser=offices["other_office"])
    client.force_login(member(offices["registry_office"], Role.HEAD))
    assert client.get(f"/acara/{event.slug}/kelola/").status_code == 403
    client.force_login(member(offices["other_office"], Role.STAFF))
    assert client.get(f"/acara/{event.slug}/kelola/").status_code == 200


def test_a_fostering_letter_is_issued_only_by_the_fostering_office(
    offices: dict[str, Organisation], client: Client
) -> None:
    from sinergi.programs.models import FosteringLetter

    actor = make_actor(name="Kopi Binaan", fostered_by=offices["other_office"])
    client.force_login(member(offices["registry_office"], Role.HEAD))
    refused = client.post("/program/surat-binaan/", {"actor": actor.slug, "purpose": ""})
    assert "hanya diterbitkan oleh perangkat daerah pembinanya" in refused.content.decode()
    assert not FosteringLetter.objects.exists()
    client.force_login(member(offices["other_office"], Role.STAFF))
    assert client.post("/program/surat-binaan/", {"actor": actor.slug, "purpose": ""}).status_code == 302
    letter = FosteringLetter.objects.get()
    assert letter.organisation == offices["other_office"]
    client.force_login(member(offices["statistics_office"], Role.ADMIN))
    assert client.get(f"/program/surat-binaan/{letter.code}.pdf").status_code == 403


def test_new_event_form_offers_only_the_offices_the_person_works_for(
    offices: dict[str, Organisation], client: Client
) -> None:
    staff = member(offices["other_office"], Role.STAFF)
    client.force_login(staff)
    page = client.get("/acara/baru/").content.decode()
    organiser = re.search(r'<select name="organiser".*?</select>', page, re.S)
    assert organiser is not None
    assert "Dinas Tiga" in organiser.group(0)
    assert "Dinas Satu" not in organiser.group(0)
    response = client.post("/acara/baru/", {"organiser": offices["registry_office"].pk, "title": "X"})
    assert response.status_code == 200
    assert not Event.objects.filter(title="X").exists()


# ---------------------------------------------------------------- kab/kota-scoped offices (issue 14 §2)

KABKOTA_OFFICES = ("province_office", "samarinda_office", "balikpapan_office", "samarinda_other")
SAMARINDA_KELURAHAN = "64.72.01.1001"
BALIKPAPAN_KELURAHAN = "64.71.01.1001"

# (permission, object) → the offices whose staff (admin, head, staff) hold it in a Kalimantan Timur
# installation. The province's registry office has no area; the Samarinda and Balikpapan registry offices
# work for their kota; "samarinda_other" is a Samarinda office that does not administer the registry.
# A profile with no kelurahan lies in no kab/kota: only the province's office handles it.
PROVINCE_REGISTRY = {"province_office"}
KABKOTA_TABLE: dict[tuple[str, str], set[str]] = {
    **{
        (perm, "samarinda_actor"): {"province_office", "samarinda_office"}
        for perm in (
            "registry.verify_actor",
            "registry.archive_actor",
            "registry.change_actor",
            "registry.view_personal_data",
            "registry.view_actor_documents",
            "registry.manage_actor",
            "registry.set_fostering",
            "registry.merge_actors",
            "registry.decide_claim",
        )
    },
    **{
        (perm, "balikpapan_actor"): {"province_office", "balikpapan_office"}
        for perm in ("registry.verify_actor", "registry.view_personal_data", "registry.change_product")
    },
    ("registry.verify_actor", "placeless_actor"): PROVINCE_REGISTRY,
    ("registry.change_community", "samarinda_community"): {"province_office", "samarinda_office"},
    ("registry.change_hub", "balikpapan_hub"): {"province_office", "balikpapan_office"},
    # Without an object: "does this person do registry work somewhere" (queues, lists, imports).
    ("registry.view_queues", "none"): {"province_office", "samarinda_office", "balikpapan_office"},
    ("registry.import_actors", "none"): {"province_office", "samarinda_office", "balikpapan_office"},
    # Reading unverified profiles stays any office's.
    ("registry.view_actor", "balikpapan_actor"): set(KABKOTA_OFFICES),
}
# Exporting personal data is the heads': the same places, heads and administrators only.
KABKOTA_HEADS_TABLE: dict[tuple[str, str], set[str]] = {
    ("registry.export_personal_data", "samarinda_actor"): {"province_office", "samarinda_office"},
    ("registry.export_personal_data", "balikpapan_actor"): {"province_office", "balikpapan_office"},
}


@pytest.fixture
def kaltim(settings: Any) -> dict[str, Any]:
    from sinergi.registry.models import Community, CreativeHub
    from sinergi.wilayah.models import Wilayah
    from tests.factories import province_installation

    province_installation(settings)
    samarinda = Wilayah.objects.get(code=SAMARINDA_KELURAHAN)
    balikpapan = Wilayah.objects.get(code=BALIKPAPAN_KELURAHAN)
    return {
        "offices": {
            "province_office": office_with(OfficeFunction.REGISTRY, name="Dinas Provinsi"),
            "samarinda_office": office_with(OfficeFunction.REGISTRY, name="Dinas Samarinda", area="64.72"),
            "balikpapan_office": office_with(OfficeFunction.REGISTRY, name="Dinas Balikpapan", area="64.71"),
            "samarinda_other": office_with(name="Dinas Lain Samarinda", area="64.72"),
        },
        "objects": {
            "none": None,
            "samarinda_actor": make_actor(status=Status.SUBMITTED, name="Tenun Samarinda", kelurahan=samarinda),
            "balikpapan_actor": make_actor(status=Status.SUBMITTED, name="Kopi Balikpapan", kelurahan=balikpapan),
            "placeless_actor": make_actor(status=Status.SUBMITTED, name="Tanpa Alamat", kelurahan=None),
            "samarinda_community": Community(name="Komunitas Samarinda", base_kecamatan=samarinda.parent),
            "balikpapan_hub": CreativeHub(name="Ruang Balikpapan", kelurahan=balikpapan),
        },
    }


def test_kabkota_office_acts_only_on_its_own_kabkota(kaltim: dict[str, Any]) -> None:
    wrong = []
    for office in KABKOTA_OFFICES:
        for role in ROLES:
            user = member(kaltim["offices"][office], role)
            for table, holders_roles in ((KABKOTA_TABLE, STAFF), (KABKOTA_HEADS_TABLE, HEADS)):
                for (perm, obj_key), holders in table.items():
                    expected = office in holders and role in holders_roles
                    if user.has_perm(perm, kaltim["objects"][obj_key]) is not expected:
                        wrong.append((office, role, perm, obj_key))
    assert wrong == []


def test_kabkota_staff_queue_list_and_export_hold_only_their_kabkota(kaltim: dict[str, Any], client: Client) -> None:
    samarinda_head = member(kaltim["offices"]["samarinda_office"], Role.HEAD)
    registry_services.contact_save(
        by=None,
        actor=kaltim["objects"]["samarinda_actor"],
        data={"full_name": "Sari", "nik": "6472010101900001", "phone": "+6281234567890", "consent": True},
    )
    client.force_login(samarinda_head)
    for url in ("/direktori/kelola/verifikasi/", "/direktori/kelola/profil/"):
        page = client.get(url).content.decode()
        assert "Tenun Samarinda" in page, url
        assert "Kopi Balikpapan" not in page, url
        assert "Tanpa Alamat" not in page, url
    response = client.get("/impor/ekspor/pelaku/unduh.csv")
    rows = list(csv.DictReader(io.StringIO(b"".join(response.streaming_content).decode("utf-8-sig"))))
    assert [(r["nama_usaha"], r["nik_narahubung"]) for r in rows] == [("Tenun Samarinda", "6472010101900001")]
    # The province's office sees every kab/kota's, and the profiles with no place.
    client.force_login(member(kaltim["offices"]["province_office"], Role.STAFF))
    page = client.get("/direktori/kelola/verifikasi/").content.decode()
    assert all(name in page for name in ("Tenun Samarinda", "Kopi Balikpapan", "Tanpa Alamat"))


def test_kabkota_officer_cannot_verify_another_kabkota_by_page_or_api(kaltim: dict[str, Any], client: Client) -> None:
    from sinergi.accounts import tokens

    officer = member(kaltim["offices"]["samarinda_office"], Role.STAFF)
    balikpapan = kaltim["objects"]["balikpapan_actor"]
    client.force_login(officer)
    assert client.post(f"/direktori/kelola/pelaku/{balikpapan.slug}/verifikasi/").status_code == 403
    _, secret = tokens.token_create(by=officer, user=officer, name="uji", scopes=["registry:write"])
    response = Client().post(
        f"/api/v1/actors/{balikpapan.slug}/verify",
        data="{}",
        content_type="application/json",
        HTTP_AUTHORIZATION=f"Bearer {secret}",
    )
    assert response.status_code == 403
    balikpapan.refresh_from_db()
    assert balikpapan.status == Status.SUBMITTED
    samarinda = kaltim["objects"]["samarinda_actor"]
    assert client.post(f"/direktori/kelola/pelaku/{samarinda.slug}/verifikasi/").status_code in {200, 302}
    samarinda.refresh_from_db()
    assert samarinda.status == Status.VERIFIED


def test_an_office_area_is_a_kabkota_of_a_province_installation(kaltim: dict[str, Any], settings: Any) -> None:
    from sinergi.wilayah.models import Wilayah

    office = organisation_create(
        by=None, name="Dinas Kota Samarinda", kind="office", area=Wilayah.objects.get(code="64.72")
    )
    assert office.area_code == "64.72"
    assert office.level_label == "Kota Samarinda"
    assert AuditEntry.objects.get(action="accounts.organisation.created", target_id=str(office.pk)).data["area"] == (
        "64.72"
    )
    for code, message in (
        ("64.72.01", "Pilih kabupaten/kota di wilayah instalasi ini."),  # a kecamatan, not a kab/kota
        ("32.76", "Pilih kabupaten/kota di wilayah instalasi ini."),  # Depok, outside Kalimantan Timur
    ):
        with pytest.raises(ServiceError) as refused:
            organisation_create(by=None, name="Kantor", kind="office", area=Wilayah.objects.get(code=code))
        assert refused.value.field_errors == {"area": [message]}
    with pytest.raises(ServiceError) as refused:
        organisation_create(by=None, name="Komunitas", kind="community", area=Wilayah.objects.get(code="64.72"))
    assert refused.value.field_errors == {"area": ["Hanya perangkat daerah yang mempunyai wilayah kerja."]}
    settings.SINERGI_REGION_CODE = "64.72"  # a kota installation: every office works for the whole kota
    with pytest.raises(ServiceError):
        organisation_create(by=None, name="Kantor", kind="office", area=Wilayah.objects.get(code="64.72"))


def test_the_admin_sets_an_office_area_to_one_of_the_provinces_kabkota(kaltim: dict[str, Any], client: Client) -> None:
    from sinergi.accounts.models import User

    client.force_login(User.objects.create_superuser("admin@contoh.id", "rahasia-Sinergi-2026", full_name="Admin"))
    page = client.get("/admin/accounts/organisation/add/").content.decode()
    area = re.search(r'<select name="area".*?</select>', page, re.S)
    assert area is not None
    assert len(re.findall(r'<option value="\d+"', area.group(0))) == 10
    assert "Kota Samarinda" in area.group(0)
    office = kaltim["offices"]["samarinda_office"]
    response = client.get(f"/admin/accounts/organisation/{office.pk}/change/")
    assert "Kota Samarinda" in response.content.decode()
