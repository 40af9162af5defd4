"""Who hears what in events, programs, statistics and imports."""

from __future__ import annotations

from typing import Any

import pytest

from sinergi.accounts.models import Role
from sinergi.events import services as events
from sinergi.imports.models import ImportJob
from sinergi.notifications.models import Notification
from sinergi.programs import services as programs
from sinergi.registry import services as registry
from sinergi.statistics import services as statistics
from tests.events.factories import make_booths, make_event
from tests.factories import UserFactory, make_actor, office_with, user_with_role
from tests.imports.factories import good_row, upload, xlsx_bytes
from tests.programs.factories import GOOD_ANSWERS, make_program
from tests.statistics.helpers import analyst, head, ratio_run

pytestmark = pytest.mark.django_db

SCORES = {"product": 4, "local": 4, "readiness": 4, "fostered": 4}


def _told(kind: str) -> dict[int, Notification]:
    return {n.user_id: n for n in Notification.objects.filter(kind=kind)}


def test_booth_application_received_decided_and_placed(django_capture_on_commit_callbacks: Any) -> None:
    organiser = office_with(name="Dinas Pariwisata Uji")
    organiser_staff = user_with_role(Role.STAFF, organisation=organiser)
    other_office_staff = user_with_role(Role.STAFF, organisation=office_with(name="Dinas Lain"))
    event = make_event(title="Festival Kreatif Depok", organiser=organiser)
    make_booths(event, 1)
    seller = UserFactory()
    with django_capture_on_commit_callbacks(execute=True):
        app = events.booth_application_submit(
            by=seller, event=event, actor=make_actor(by=seller, name="Kopi Tugu"), data={"products": "Kopi"}
        )
    assert set(_told("events.booth_application.received")) == {seller.pk, organiser_staff.pk}
    assert other_office_staff.pk not in _told("events.booth_application.received")
    with django_capture_on_commit_callbacks(execute=True):
        events.booth_application_review(
            by=organiser_staff, application=app, criteria_scores=SCORES, notes="", decision="accepted"
        )
    assert _told("events.booth_application.decided")[seller.pk].title == (
        "Pengajuan stan Kopi Tugu di Festival Kreatif Depok disetujui"
    )
    with django_capture_on_commit_callbacks(execute=True):
        events.booths_allocate(by=organiser_staff, event=event)
    placed = _told("events.booth_application.placed")
    assert set(placed) == {seller.pk}
    assert placed[seller.pk].title == "Stan Anda di Festival Kreatif Depok: nomor A1"
    assert f"/acara/{event.slug}/denah.svg" in placed[seller.pk].body


def test_program_application_received_and_decided(django_capture_on_commit_callbacks: Any) -> None:
    program = make_program(title="Inkubasi Kuliner")
    owner = UserFactory()
    organiser_staff = user_with_role(Role.STAFF)
    actor = make_actor(by=owner, name="Dapur Bu Sri")
    with django_capture_on_commit_callbacks(execute=True):
        app = programs.application_submit(by=owner, program=program, actor=actor, answers=GOOD_ANSWERS)
    assert set(_told("programs.application.received")) == {owner.pk, organiser_staff.pk}
    with django_capture_on_commit_callbacks(execute=True):
        programs.application_review(by=organiser_staff, application=app, score=80, notes="", decision="accepted")
    assert (
        _told("programs.application.decided")[owner.pk].title
        == "Dapur Bu Sri diterima sebagai peserta Inkubasi Kuliner"
    )


def test_publication_returned_and_published_tell_the_preparer(django_capture_on_commit_callbacks: Any) -> None:
    preparer, approver = analyst(), head()
    run = ratio_run(preparer)
    run.refresh_from_db()
    pub = statistics.publication_prepare(by=preparer, run=run, title="PDRB Ekraf Uji")
    statistics.publication_submit(by=preparer, publication=pub)
    with django_capture_on_commit_callbacks(execute=True):
        statistics.publication_return(by=approver, publication=pub, comment="Periksa tahun dasar.")
    returned = _told("statistics.publication.returned")
    assert set(returned) == {preparer.pk}
    assert returned[preparer.pk].body == "Periksa tahun dasar."
    statistics.publication_submit(by=preparer, publication=pub)
    with django_capture_on_commit_callbacks(execute=True):
        statistics.publication_approve(by=approver, publication=pub)
    assert set(_told("statistics.publication.published")) == {preparer.pk}


def test_import_finished_tells_the_uploader(client: Any, django_capture_on_commit_callbacks: Any) -> None:
    staff = user_with_role(Role.STAFF)
    client.force_login(staff)
    with django_capture_on_commit_callbacks(execute=True):
        client.post("/impor/pelaku/", {"file": upload(xlsx_bytes([good_row(1)]))})
    validated = _told("imports.job.finished")
    assert set(validated) == {staff.pk}
    assert validated[staff.pk].title == "Berkas pelaku.xlsx sudah diperiksa dan siap disimpan"
    job = ImportJob.objects.get(created_by=staff)
    assert validated[staff.pk].url == f"/impor/{job.pk}/"
    with django_capture_on_commit_callbacks(execute=True):
        client.post(f"/impor/{job.pk}/simpan/")
    titles = sorted(n.title for n in Notification.objects.filter(kind="imports.job.finished", user=staff))
    assert titles == ["Berkas pelaku.xlsx sudah diperiksa dan siap disimpan", "Impor pelaku.xlsx selesai disimpan"]


def test_publishing_an_event_tells_the_members_of_its_communities(django_capture_on_commit_callbacks: Any) -> None:
    leader, owner, invited, outsider = UserFactory(), UserFactory(), UserFactory(), UserFactory()
    taking_part = registry.community_create_with_leader(by=None, data={"name": "Komunitas Musik Depok"}, leader=leader)
    business = registry.community_member_set(by=None, community=taking_part, actor=make_actor(by=owner), role="member")
    registry.community_invitation_respond(by=owner, member=business, accept=True)  # its owner accepts
    registry.community_invite(by=leader, community=taking_part, user=invited, role="member")  # not yet in
    elsewhere = registry.community_create_with_leader(by=None, data={"name": "Komunitas Lain"}, leader=outsider)
    event = make_event(title="Pekan Kreatif Margonda", publish=False)
    event.communities.set([taking_part])
    with django_capture_on_commit_callbacks(execute=True):
        events.event_publish(by=user_with_role(Role.STAFF), event=event)
    told = _told("events.event.published")
    assert set(told) == {leader.pk, owner.pk}
    assert told[owner.pk].title == "Komunitas Anda ikut dalam Pekan Kreatif Margonda"
    assert elsewhere.pk != taking_part.pk
