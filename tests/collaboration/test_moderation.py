"""Discussion and moderation: threads, editing window, reports, hiding with a reason, blocking, rate limits."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from django.core.cache import cache

from sinergi.collaboration import services
from sinergi.collaboration.models import Comment, Phase
from sinergi.core.errors import Conflict, NotAllowed
from sinergi.core.models import RateCounter
from sinergi.notifications.models import Notification
from tests.factories import UserFactory

from .factories import Cast, make_initiative

pytestmark = pytest.mark.django_db


def test_threads_are_two_levels_and_stay_on_their_initiative() -> None:
    cast = Cast()
    initiative = make_initiative(cast, Phase.OPEN)
    root = services.comment_post(by=cast.stranger, initiative=initiative, body="Setuju", stance="for")
    reply = services.comment_post(by=cast.member, initiative=initiative, body="Saya juga", parent=root)
    deeper = services.comment_post(by=cast.author, initiative=initiative, body="Terima kasih", parent=reply)
    assert reply.parent == root
    assert deeper.parent == root


def test_edit_only_within_window() -> None:
    cast = Cast()
    initiative = make_initiative(cast, Phase.OPEN)
    comment = services.comment_post(by=cast.stranger, initiative=initiative, body="Awal")
    services.comment_edit(by=cast.stranger, comment=comment, body="Diubah")
    with pytest.raises(NotAllowed):
        services.comment_edit(by=cast.member, comment=comment, body="Bukan punya saya")
    Comment.objects.filter(pk=comment.pk).update(created_at=comment.created_at - timedelta(minutes=16))
    comment.refresh_from_db()
    with pytest.raises(Conflict):
        services.comment_edit(by=cast.stranger, comment=comment, body="Terlambat")
    assert not cast.stranger.has_perm("collaboration.edit_comment", comment)


def test_report_hide_with_reason_visible_to_author_and_block(
    client: Any, django_capture_on_commit_callbacks: Any
) -> None:
    cast = Cast()
    initiative = make_initiative(cast, Phase.OPEN)
    comment = services.comment_post(by=cast.stranger, initiative=initiative, body="Iklan obat kuat")
    services.comment_report(by=cast.member, comment=comment, reason="spam")
    with pytest.raises(Conflict):
        services.comment_report(by=cast.member, comment=comment, reason="spam lagi")
    client.force_login(cast.staff)
    assert "Iklan obat kuat" in client.get("/kolaborasi/moderasi/").content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        client.post(f"/kolaborasi/{initiative.pk}/komentar/{comment.pk}/hide/", {"reason": "Iklan, bukan diskusi"})
    comment.refresh_from_db()
    assert comment.is_hidden
    assert comment.hidden_reason == "Iklan, bukan diskusi"
    assert Notification.objects.filter(user=cast.stranger, kind="collaboration.moderation").exists()
    client.force_login(cast.stranger)
    page = client.get(f"/kolaborasi/{initiative.pk}/").content.decode()
    assert "Iklan, bukan diskusi" in page
    assert "Iklan obat kuat" not in page
    client.force_login(cast.member)
    page = client.get(f"/kolaborasi/{initiative.pk}/").content.decode()
    assert "Iklan, bukan diskusi" not in page
    assert "Iklan obat kuat" not in page
    services.user_block(by=cast.staff, user=cast.stranger, reason="spam berulang")
    with pytest.raises(NotAllowed):
        services.comment_post(by=cast.stranger, initiative=initiative, body="lagi")
    with pytest.raises(NotAllowed):
        services.support_add(by=cast.stranger, initiative=initiative)
    with pytest.raises(NotAllowed):
        services.user_block(by=cast.head, user=cast.staff, reason="tidak boleh")


def test_rate_limits_on_comments_and_supports_with_indonesian_message(client: Any) -> None:
    cast = Cast()
    initiative = make_initiative(cast, Phase.OPEN)
    for i in range(services.COMMENT_LIMIT_PER_MINUTE):
        services.comment_post(by=cast.stranger, initiative=initiative, body=f"komentar {i}")
    with pytest.raises(services.RateLimited) as exc:
        services.comment_post(by=cast.stranger, initiative=initiative, body="satu lagi")
    assert "Terlalu banyak komentar" in exc.value.message
    # the page shows the message and keeps nothing half-written
    client.force_login(cast.stranger)
    response = client.post(f"/kolaborasi/{initiative.pk}/komentar/", {"body": "lagi", "stance": "for"}, follow=True)
    assert "Terlalu banyak komentar" in response.content.decode()
    assert Comment.objects.filter(author=cast.stranger).count() == services.COMMENT_LIMIT_PER_MINUTE
    other = UserFactory()
    for _ in range(services.SUPPORT_LIMIT_PER_MINUTE // 2):
        services.support_add(by=other, initiative=initiative)
        services.support_withdraw(by=other, initiative=initiative)
    with pytest.raises(services.RateLimited):
        services.support_add(by=other, initiative=initiative)


def test_rate_limits_are_counted_by_the_shared_limiter_whatever_the_cache() -> None:
    """The collaboration limits count in core.ratelimit's table, as every other limit does: every worker
    process sees the same count, and emptying the cache forgets nothing."""
    cast = Cast()
    initiative = make_initiative(cast, Phase.OPEN)
    for i in range(services.COMMENT_LIMIT_PER_MINUTE):
        services.comment_post(by=cast.stranger, initiative=initiative, body=f"komentar {i}")
        cache.clear()
    with pytest.raises(services.RateLimited) as exc:
        services.comment_post(by=cast.stranger, initiative=initiative, body="satu lagi")
    assert exc.value.status == 429
    assert RateCounter.objects.filter(key__startswith="collaboration_comment:60:").count() == 1
    # the demo seeder's reset starts the person's window afresh
    services.rate_limit_reset(action="comment", user=cast.stranger)
    services.comment_post(by=cast.stranger, initiative=initiative, body="setelah direset")
    assert Comment.objects.filter(author=cast.stranger).count() == services.COMMENT_LIMIT_PER_MINUTE + 1
