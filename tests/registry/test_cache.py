"""The public page cache: anonymous hits, invalidation by registry writes, never a wrong page for others."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from sinergi.core.pagecache import HEADER, _placeholder
from sinergi.registry import cache as registry_cache
from sinergi.registry import services
from sinergi.registry.models import Status
from tests.factories import UserFactory, make_actor

pytestmark = pytest.mark.django_db

URL = "/direktori/?q=batik&subsektor=FSN"


def _get(client: Client, url: str = URL, **headers: Any) -> Any:
    return client.get(url, headers=headers)


def test_anonymous_page_is_served_from_cache_with_the_visitors_own_csrf_token() -> None:
    make_actor(name="Batik Tulis Sawangan", kbli_code="14111")
    first = _get(Client())
    assert first.status_code == 200
    assert first[HEADER] == "miss"
    second_client = Client()
    second = _get(second_client)
    assert second[HEADER] == "hit"
    assert "Batik Tulis Sawangan" in second.content.decode()
    body = second.content.decode()
    assert _placeholder() not in body
    assert _placeholder() not in first.content.decode()
    # The page's token belongs to this visitor: the CSRF cookie set with the cached page matches it.
    token = body.split('name="csrfmiddlewaretoken" value="', 1)[1].split('"', 1)[0]
    from django.middleware.csrf import _unmask_cipher_token

    assert _unmask_cipher_token(token) == second.cookies["csrftoken"].value
    # Parameter order does not matter; other parameters do.
    assert _get(Client(), "/direktori/?subsektor=FSN&q=batik")[HEADER] == "hit"
    assert _get(Client(), "/direktori/?q=batik&subsektor=KUL")[HEADER] == "miss"


def test_verifying_an_actor_invalidates_cached_pages() -> None:
    actor = make_actor(name="Batik Baru Cinere", kbli_code="14111", status=Status.DRAFT)
    services.actor_submit(by=None, actor=actor)
    client = Client()
    assert "Batik Baru Cinere" not in _get(client).content.decode()
    assert _get(client)[HEADER] == "hit"
    services.actor_verify(by=None, actor=actor)
    fresh = _get(client)
    assert fresh[HEADER] == "miss"
    assert "Batik Baru Cinere" in fresh.content.decode()


def test_the_version_is_bumped_again_when_the_transaction_commits(
    django_capture_on_commit_callbacks: Any,
) -> None:
    actor = make_actor(name="Kopi Beji", kbli_code="56303")
    before = registry_cache.directory_version()
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        services.actor_archive(by=None, actor=actor, reason="tutup")
        during = registry_cache.directory_version()
    assert before < during < registry_cache.directory_version()
    assert callbacks


def test_signed_in_users_and_messages_never_get_a_cached_page() -> None:
    make_actor(name="Batik Tulis Sawangan", kbli_code="14111")
    assert _get(Client())[HEADER] == "miss"
    assert _get(Client())[HEADER] == "hit"
    user = UserFactory(full_name="Rina Lestari", email="rina@contoh.id")
    client = Client()
    client.force_login(user)
    response = _get(client)
    assert HEADER not in response
    assert reverse("accounts:logout") in response.content.decode()
    other = Client()
    other.cookies["messages"] = "anything"
    assert HEADER not in _get(other)
    # The signed-in page was not stored for anonymous visitors.
    anonymous = _get(Client())
    assert anonymous[HEADER] == "hit"
    assert reverse("accounts:logout") not in anonymous.content.decode()


def test_htmx_fragment_and_full_page_are_cached_apart() -> None:
    make_actor(name="Batik Tulis Sawangan", kbli_code="14111")
    page = _get(Client())
    fragment = _get(Client(), HX_Request="true")
    assert fragment[HEADER] == "miss"
    assert b"<html" in page.content
    assert b"<html" not in fragment.content
    assert b"Batik Tulis Sawangan" in fragment.content
    again = _get(Client(), HX_Request="true")
    assert again[HEADER] == "hit"
    assert b"<html" not in again.content
    assert "HX-Request" in again["Vary"]
    full = _get(Client())
    assert full[HEADER] == "hit"
    assert b"<html" in full.content
    assert _get(Client(), HX_Request="true", HX_History_Restore_Request="true")[HEADER] == "miss"


def test_profiles_are_cached_and_a_change_shows_at_once() -> None:
    actor = make_actor(name="Studio Foto Limo", kbli_code="74201")
    url = reverse("portal:actor_detail", kwargs={"slug": actor.slug})
    assert Client().get(url)[HEADER] == "miss"
    assert Client().get(url)[HEADER] == "hit"
    services.actor_update(by=None, actor=actor, data={"description": "Foto produk dan pernikahan."})
    response = Client().get(url)
    assert response[HEADER] == "miss"
    assert "Foto produk dan pernikahan." in response.content.decode()
    assert Client().get("/direktori/pelaku/tidak-ada/").status_code == 404
    assert Client().get("/direktori/pelaku/tidak-ada/").status_code == 404


def test_a_bump_by_another_worker_is_seen_once_the_memo_is_older_than_max_age() -> None:
    from django.core.cache import cache

    version = registry_cache.directory_version()  # read now (refreshes this process's memo)
    cache.incr(registry_cache.VERSION_KEY)  # as another worker's write would
    assert registry_cache.directory_version(max_age=60) == version
    assert registry_cache.directory_version(max_age=0) == version + 1
    registry_cache.bump_directory_version()  # this worker's own write: seen at once
    assert registry_cache.directory_version(max_age=60) == version + 2
