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
    ("programs.apply", "none"): {},
}


def _objects(offices: dict[str, Organisation]) -> dict[str, Any]:
    from sinergi.accounts.models import User
    from sinergi.events.models import BoothApplication
    from sinergi.programs.models import Participant
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
        p for p in rules.permissions.permissions if p.split(".")[0] in {"registry", "statistics", "events", "programs"}
    }
    assert named == {perm for perm, _obj in TABLE}


def test_no_function_means_no_power_and_a_function_is_data_not_a_name(db: Any) -> None:
    """An office named "Disdagin" holds no registry power unless it is configured to."""
    named_only = organisation_create(actor=None, name="Dinas Perdagangan", short_name="Disdagin", kind="office")
    head = member(named_only, Role.HEAD)
    assert not head.has_perm("registry.verify_actor", make_actor(status=Status.SUBMITTED))
    configured = organisation_create(actor=None, name="Kantor Lain", kind="office", functions={OfficeFunction.REGISTRY})
    assert configured.administers_registry
    assert member(configured, Role.HEAD).has_perm("registry.verify_actor", make_actor(status=Status.SUBMITTED))


def test_only_offices_hold_functions(db: Any) -> None:
    with pytest.raises(ServiceError):
        organisation_create(actor=None, name="Komunitas", kind="community", functions={OfficeFunction.REGISTRY})
    with pytest.raises(ServiceError):
        organisation_create(actor=None, name="Kantor", kind="office", functions={"parkir"})


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
