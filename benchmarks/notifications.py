"""Benchmark: the notifications of a 17-community event (≈2,000 recipients) through the task worker.

Creates a fresh database (PostgreSQL when reachable: sinergi_bench_notifications), migrates, creates
17 communities of 118 people each (2,006 recipients; half opted in to WhatsApp with a verified
number), an event those communities take part in, and publishes it through `events.services`. The
publish emits one event; the workers (`sinergi db_worker --batch`, production settings, two processes
for the two cores) fan it out and deliver every e-mail (locmem backend: no SMTP in the figure) and
WhatsApp template message (to the local Cloud API stand-in of tests/notifications/whatsapp_server.py,
on port 8463, which checks every payload). Prints recipients, messages delivered, messages per second
and the queue's drain time (publish → queue empty). Run: `.venv/bin/python benchmarks/notifications.py`
(the issue's size); while developing, small: `--communities 2 --people 10`.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from _common import SRC, fresh_database, production_env, python

COMMUNITIES = 17
PEOPLE_PER_COMMUNITY = 118
WORKERS = 2
WHATSAPP_PORT = 8463


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--communities", type=int, default=COMMUNITIES)
    parser.add_argument("--people", type=int, default=PEOPLE_PER_COMMUNITY, help="people per community")
    args = parser.parse_args()
    if args.communities < 1 or args.people < 1:
        parser.error("--communities and --people must be at least 1")
    from tests.notifications.whatsapp_server import PHONE_NUMBER_ID, TOKEN, fake_graph

    db = fresh_database("sinergi_bench_notifications")
    try:
        with fake_graph(WHATSAPP_PORT) as graph:
            env = production_env(
                db.url,
                SINERGI_EMAIL_BACKEND="django.core.mail.backends.locmem.EmailBackend",
                SINERGI_WHATSAPP_API_URL=graph.api_url,
                SINERGI_WHATSAPP_PHONE_NUMBER_ID=PHONE_NUMBER_ID,
                SINERGI_WHATSAPP_TOKEN=TOKEN,
            )
            subprocess.run([python(), "-m", "sinergi", "migrate", "-v", "0"], env=env, check=True)
            # As deployed: the shared database cache (docs/operations/deploy.md).
            subprocess.run([python(), "-m", "sinergi", "createcachetable"], env=env, check=True)
            os.environ.update(env)
            sys.path.insert(0, str(SRC))
            import django

            django.setup()
            event_id, recipients = _seed(args.communities, args.people)
            started = time.monotonic()
            _publish(event_id)
            workers = [
                subprocess.Popen(
                    [python(), "-m", "sinergi", "db_worker", "--batch", "--no-startup-delay", "--interval", "0.05"],
                    env=env,
                    stdout=subprocess.DEVNULL,
                    stderr=subprocess.DEVNULL,
                )
                for _ in range(WORKERS)
            ]
            # A worker in batch mode exits when the queue is empty; the fan-out enqueues the deliveries, so
            # wait until nothing is left, then for both to exit.
            for worker in workers:
                worker.wait(timeout=600)
            _drain_rest(env)
            drained = time.monotonic() - started
            return _report(db.describe(), recipients, drained, graph)
    finally:
        db.cleanup()


def _seed(communities_n: int, people: int) -> tuple[int, int]:
    from django.contrib.auth import get_user_model
    from django.utils import timezone

    from sinergi.accounts.models import Membership, Organisation, OrganisationKind, Role
    from sinergi.events import services as events
    from sinergi.notifications.models import PhoneNumber
    from sinergi.registry.models import Community, CommunityMember, MembershipStatus

    user_model = get_user_model()
    users = user_model.objects.bulk_create(
        [
            user_model(
                email=f"anggota{i}@bench.sinergi.id",
                full_name=f"Anggota {i}",
                language="id" if i % 3 else "en",
                password="!",  # noqa: S106 -- an unusable password: nobody signs in as these
            )
            for i in range(communities_n * people)
        ]
    )
    users = list(
        user_model.objects.filter(email__startswith="anggota", email__endswith="@bench.sinergi.id").order_by("pk")
    )
    PhoneNumber.objects.bulk_create(
        [
            PhoneNumber(user=u, number=f"+62812{i:08d}", verified_at=timezone.now())
            for i, u in enumerate(users)
            if i % 2 == 0
        ]
    )
    communities = []
    for c in range(communities_n):
        org = Organisation.objects.create(
            name=f"Komunitas Uji {c}", slug=f"komunitas-uji-{c}", kind=OrganisationKind.COMMUNITY
        )
        community = Community.objects.create(organisation=org, name=org.name, slug=org.slug)
        communities.append(community)
        CommunityMember.objects.bulk_create(
            [
                CommunityMember(community=community, user=u, role="member", status=MembershipStatus.ACCEPTED)
                for u in users[c * people : (c + 1) * people]
            ]
        )
    start = timezone.localdate()
    office = Organisation.objects.create(name="Dinas Uji", slug="dinas-uji", kind=OrganisationKind.OFFICE)
    staff = user_model.objects.create(email="petugas@bench.sinergi.id", full_name="Petugas Uji", password="!")  # noqa: S106
    Membership.objects.create(user=staff, organisation=office, role=Role.STAFF)
    event = events.event_create(
        by=None,
        data={
            "title": "Festival 17 Komunitas",
            "slug": "festival-17-komunitas",
            "start_date": start,
            "end_date": start,
            "venue": "Alun-alun Depok",
            "daily_sales_target": 1_000_000,
            "organiser": office,
        },
    )
    event.communities.set(communities)
    return event.pk, len(users)


def _publish(event_id: int) -> None:
    from sinergi.events import services as events
    from sinergi.events.models import Event

    events.event_publish(by=None, event=Event.objects.get(pk=event_id))


def _drain_rest(env: dict[str, str]) -> None:
    """Deliveries enqueued after a worker found the queue empty: one more batch run empties it."""
    from django_tasks_db.models import DBTaskResult

    while DBTaskResult.objects.filter(status__in=["READY", "RUNNING"]).exists():
        subprocess.run(
            [python(), "-m", "sinergi", "db_worker", "--batch", "--no-startup-delay"],
            env=env,
            check=True,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )


def _report(where: str, recipients: int, drained: float, graph: object) -> int:
    from django.db.models import Count
    from django_tasks_db.models import DBTaskResult

    from sinergi.notifications.models import Delivery, Notification

    notified = Notification.objects.filter(kind="events.event.published").count()
    rows = Delivery.objects.values_list("channel", "status").annotate(n=Count("id"))
    by_status = {(channel, status): n for channel, status, n in rows}
    sent = sum(n for (_c, status), n in by_status.items() if status == "sent")
    failed_tasks = DBTaskResult.objects.filter(status="FAILED").count()
    problems = getattr(graph, "problems", [])
    received = len(getattr(graph, "received", []))
    print(f"database: {where}; workers: {WORKERS}")
    print(f"recipients: {recipients}; in-app notifications: {notified}")
    print(f"deliveries by channel and status: {dict(sorted(by_status.items()))}")
    print(f"WhatsApp messages received by the Cloud API stand-in: {received}; payload problems: {len(problems)}")
    print(f"messages delivered (e-mail + WhatsApp): {sent}")
    print(f"drain time (publish → queue empty): {drained:.1f} s")
    print(f"throughput: {sent / drained:.0f} messages/s; {(sent + notified) / drained:.0f} incl. in-app")
    seen, ms = _staff_status_page()
    print(f"the organiser's Status pengiriman (counts and first page of 50): {ms:.0f} ms; deliveries counted: {seen}")
    opted_in = (recipients + 1) // 2  # every second person verified a WhatsApp number
    ok = notified == recipients and not failed_tasks and not problems and received == opted_in
    ok = ok and sent == recipients + opted_in and seen == sent
    print("OK" if ok else f"FAILED: failed tasks {failed_tasks}, problems {problems[:3]}")
    return 0 if ok else 1


def _staff_status_page() -> tuple[int, float]:
    """What the organising office's staff load on "Status pengiriman" for the event: the counts per
    status and the first page, deliveries included; returns (deliveries counted, milliseconds)."""
    from django.contrib.auth import get_user_model

    from sinergi.notifications import selectors

    staff = get_user_model().objects.get(email="petugas@bench.sinergi.id")
    started = time.monotonic()
    counts = selectors.delivery_status_counts(user=staff, workflow="events.event")
    for notification in selectors.delivery_status_list(user=staff, workflow="events.event")[:50]:
        list(notification.deliveries.all())
    return sum(counts.values()), (time.monotonic() - started) * 1000


if __name__ == "__main__":
    sys.exit(main())
