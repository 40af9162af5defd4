"""Staff see the delivery status of their office's workflows ("Status pengiriman"): to whom (the name
only), per channel, with status, attempts and the last error; another office's staff see none of it."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client, override_settings

from sinergi.accounts.models import OfficeFunction, Role
from sinergi.events import services as events
from sinergi.notifications import selectors, types
from sinergi.notifications.models import Delivery, Notification
from sinergi.notifications.services import MAX_ATTEMPTS, deliver
from sinergi.programs.models import Program
from sinergi.registry import services as registry
from sinergi.registry.models import Status
from tests.events.factories import make_event
from tests.factories import UserFactory, make_actor, office_with, user_with_role
from tests.programs.factories import make_program
from tests.statistics.helpers import analyst, head, published

from .backends import FlakyBackend

pytestmark = pytest.mark.django_db

FLAKY = "tests.notifications.backends.FlakyBackend"
URL = "/aktivitas/pengiriman/"


def _booth_application(captured: Any, organiser: Any, seller: Any, title: str = "Festival Margonda") -> Any:
    event = make_event(title=title, organiser=organiser)
    with captured(execute=True):
        events.booth_application_submit(
            by=seller, event=event, actor=make_actor(by=seller, name="Kopi Tugu"), data={"products": "Kopi"}
        )
    return event


def test_notifications_record_the_workflow_object_they_belong_to(django_capture_on_commit_callbacks: Any) -> None:
    organiser = office_with(name="Dinas Pariwisata Uji")
    event = _booth_application(django_capture_on_commit_callbacks, organiser, UserFactory())
    subjects = set(Notification.objects.values_list("kind", "subject_type", "subject_id"))
    assert subjects == {("events.booth_application.received", "events.event", event.pk)}
    owner = UserFactory()
    actor = make_actor(by=owner, status=Status.SUBMITTED, name="Batik Kembang")
    with django_capture_on_commit_callbacks(execute=True):
        registry.actor_verify(by=user_with_role(Role.STAFF), actor=actor)
    verified = Notification.objects.get(kind="registry.actor.verified")
    assert (verified.subject_type, verified.subject_id) == ("registry.actor", actor.pk)


@override_settings(SINERGI_EMAIL_DELIVERY_BACKEND=FLAKY)
def test_organiser_staff_see_to_whom_by_which_channel_and_what_failed(
    client: Client, django_capture_on_commit_callbacks: Any
) -> None:
    FlakyBackend.failures = 2  # the relay is down for the organiser's copy and the seller's
    organiser = office_with(name="Dinas Pariwisata Uji")
    staff = user_with_role(Role.STAFF, organisation=organiser)
    seller = UserFactory(full_name="Sri Rahayu", email="sri.rahayu@contoh.id")
    event = _booth_application(django_capture_on_commit_callbacks, organiser, seller)
    failing = Delivery.objects.get(notification__user=seller)
    assert failing.status == Delivery.Status.RETRYING
    client.force_login(staff)
    page = client.get(URL).content.decode()
    assert "Sri Rahayu" in page
    assert "Festival Margonda" in page  # the workflow object, linked to its manage page
    assert f"/acara/{event.slug}/kelola/" in page
    assert "Dicoba lagi" in page
    assert "SMTPServerDisconnected" in page
    assert "sri.rahayu@contoh.id" not in page  # the name only: never the address
    # The organising office's own staff are recipients too; both rows are there.
    assert page.count('data-testid="delivery-row"') == 2
    # Failures at a glance: the count per status, and a filter that shows only them.
    Delivery.objects.filter(pk=failing.pk).update(status=Delivery.Status.FAILED)
    counts = client.get(URL).context["counts"]
    assert ("failed", "Gagal", 1) in counts
    only_failed = client.get(URL, {"status": "failed"})
    assert [n.user_id for n, *_rest in only_failed.context["rows"]] == [seller.pk]


def test_an_error_naming_the_address_is_masked_for_staff(
    client: Client, django_capture_on_commit_callbacks: Any
) -> None:
    organiser = office_with(name="Dinas Pariwisata Uji")
    staff = user_with_role(Role.STAFF, organisation=organiser)
    seller = UserFactory(full_name="Sri Rahayu", email="sri.rahayu@contoh.id")
    _booth_application(django_capture_on_commit_callbacks, organiser, seller)
    refused = "{'sri.rahayu@contoh.id': (550, b'mailbox unavailable')} via +6281211112222"
    Delivery.objects.filter(notification__user=seller).update(status=Delivery.Status.FAILED, last_error=refused)
    client.force_login(staff)
    page = client.get(URL).content.decode()
    assert "mailbox unavailable" in page
    assert "sri.rahayu" not in page
    assert "6281211112222" not in page
    assert "222" in page


def test_another_office_sees_nothing_of_it(client: Client, django_capture_on_commit_callbacks: Any) -> None:
    organiser = office_with(name="Dinas Pariwisata Uji")
    other = user_with_role(Role.HEAD, organisation=office_with(name="Dinas Lain"))
    event = _booth_application(django_capture_on_commit_callbacks, organiser, UserFactory(full_name="Sri Rahayu"))
    client.force_login(other)
    page = client.get(URL)
    assert page.status_code == 200  # they follow their own office's events…
    assert "Sri Rahayu" not in page.content.decode()  # …and nothing of this one
    assert page.context["rows"] == []
    assert client.get(URL, {"alur": "events.event", "objek": event.pk}).status_code == 403
    assert client.get(URL, {"alur": "events.event", "objek": 10**9}).status_code == 404


def test_one_object_of_a_workflow(client: Client, django_capture_on_commit_callbacks: Any) -> None:
    organiser = office_with(name="Dinas Pariwisata Uji")
    staff = user_with_role(Role.STAFF, organisation=organiser)
    first = _booth_application(django_capture_on_commit_callbacks, organiser, UserFactory(full_name="Sri"))
    _booth_application(django_capture_on_commit_callbacks, organiser, UserFactory(full_name="Budi"), "Pekan Kriya")
    client.force_login(staff)
    # Each row links to its object's own list.
    assert f"{URL}?alur=events.event&amp;objek={first.pk}" in client.get(URL).content.decode()
    response = client.get(URL, {"alur": "events.event", "objek": first.pk})
    assert response.status_code == 200
    assert {n.subject_id for n, *_rest in response.context["rows"]} == {first.pk}
    assert response.context["subject"] == ("Festival Margonda", f"/acara/{first.slug}/kelola/")
    # A bad filter is said where it is, and shows everything rather than guessing.
    bad = client.get(URL, {"objek": first.pk})
    assert "Pilih alur kerja objek ini." in bad.content.decode()
    assert client.get(URL, {"status": "hilang"}).context["form"].errors["status"]


def test_the_rows_come_from_a_selector_naming_each_kind_and_object(
    django_assert_num_queries: Any, django_capture_on_commit_callbacks: Any
) -> None:
    organiser = office_with(name="Dinas Pariwisata Uji")
    staff = user_with_role(Role.STAFF, organisation=organiser)
    event = _booth_application(django_capture_on_commit_callbacks, organiser, UserFactory(full_name="Sri"))
    shown = list(selectors.delivery_status_list(user=staff))
    assert shown
    with django_assert_num_queries(1):  # the objects' names: one query for the one workflow shown
        rows = selectors.delivery_status_rows(shown)
    assert [row.notification for row in rows] == shown
    for row in rows:
        assert row.kind == str(types.get(row.notification.kind).label)
        assert row.kind != row.notification.kind
        assert (row.subject, row.subject_url) == ("Festival Margonda", f"/acara/{event.slug}/kelola/")


def test_people_in_no_office_and_visitors_are_refused(client: Client) -> None:
    client.force_login(UserFactory())
    assert client.get(URL).status_code == 403
    client.logout()
    assert client.get(URL).status_code == 302


def test_a_kabkota_registry_office_sees_only_its_own_profiles(
    settings: Any, client: Client, django_capture_on_commit_callbacks: Any
) -> None:
    from sinergi.wilayah.models import Wilayah
    from tests.factories import province_installation

    province_installation(settings)
    samarinda = office_with(OfficeFunction.REGISTRY, name="Dinas Samarinda", area="64.72")
    province = office_with(OfficeFunction.REGISTRY, name="Dinas Provinsi")
    clerk = user_with_role(Role.STAFF, organisation=province)
    owners = {
        "64.72.01.1001": UserFactory(full_name="Pemilik Samarinda"),
        "64.71.01.1001": UserFactory(full_name="Pemilik Balikpapan"),
    }
    for code, owner in owners.items():
        actor = make_actor(by=owner, status=Status.SUBMITTED, kelurahan=Wilayah.objects.get(code=code))
        with django_capture_on_commit_callbacks(execute=True):
            registry.actor_verify(by=clerk, actor=actor)
    client.force_login(user_with_role(Role.STAFF, organisation=samarinda))
    page = client.get(URL).content.decode()
    assert "Pemilik Samarinda" in page
    assert "Pemilik Balikpapan" not in page
    client.force_login(clerk)
    page = client.get(URL).content.decode()
    assert "Pemilik Samarinda" in page
    assert "Pemilik Balikpapan" in page


@pytest.mark.parametrize("role", [Role.ADMIN, Role.HEAD, Role.STAFF, Role.ANALYST])
def test_each_workflow_lists_exactly_the_objects_its_permission_allows(role: str) -> None:
    """`Workflow.visible` (the list's query) and `Workflow.permission` (the check on one object) agree."""
    offices = [office_with(OfficeFunction.REGISTRY), office_with(OfficeFunction.STATISTICS), office_with()]
    objects = [make_program(organiser=o, title=f"Program {o.pk}") for o in offices]
    objects += [make_event(organiser=o, title=f"Acara {o.pk}") for o in offices]
    objects += [make_actor(status=Status.SUBMITTED, name=f"Pelaku {n}") for n in range(2)]
    objects.append(published(analyst(), head()))  # the statistics office's workflow
    compared: set[str] = set()
    for office in offices:
        user = user_with_role(role, organisation=office)
        for flow in types.workflows():
            visible = set(flow.visible(user).values_list("pk", flat=True))
            for obj in objects:
                if isinstance(obj, flow.model):
                    assert (obj.pk in visible) is user.has_perm(flow.permission, obj), (flow.key, office, obj)
                    compared.add(flow.key)
    # Every registered workflow was held to its permission on at least one object: none is left out.
    assert compared == {flow.key for flow in types.workflows()}
    assert compared >= {"events.event", "programs.program", "registry.actor", "statistics.publication"}
    assert Program.objects.count() == 3


def test_failed_for_good_is_counted(client: Client, django_capture_on_commit_callbacks: Any) -> None:
    organiser = office_with(name="Dinas Pariwisata Uji")
    staff = user_with_role(Role.STAFF, organisation=organiser)
    with override_settings(SINERGI_EMAIL_DELIVERY_BACKEND=FLAKY):
        FlakyBackend.failures = MAX_ATTEMPTS + 5
        _booth_application(django_capture_on_commit_callbacks, organiser, UserFactory(full_name="Sri"))
        ids = list(Delivery.objects.values_list("pk", flat=True))
        for _attempt in range(MAX_ATTEMPTS):
            deliver(ids)
    FlakyBackend.failures = 0
    client.force_login(staff)
    counts = {value: n for value, _label, n in client.get(URL).context["counts"]}
    assert counts["failed"] == 2
    assert counts["sent"] == 0
