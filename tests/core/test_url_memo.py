"""Every template's `{% url %}` (core/templatetags/urls.py) gives Django's URL, reversing each one once."""

from __future__ import annotations

from typing import Any

import pytest
from django.template import Context, Template
from django.test import override_settings
from django.urls import NoReverseMatch, clear_script_prefix, reverse, set_script_prefix
from django.utils import translation

from sinergi.core.templatetags import urls


def _render(source: str, **context: Any) -> str:
    return Template(source).render(Context(context))


@pytest.fixture
def reversals(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    urls.clear()
    calls: list[str] = []

    def counted(view_name: str, *args: Any, **kwargs: Any) -> str:
        calls.append(view_name)
        return reverse(view_name, *args, **kwargs)

    monkeypatch.setattr(urls, "reverse", counted)
    return calls


def test_the_builtin_url_tag_is_the_memo() -> None:
    template = Template("{% url 'portal:home' %}")
    assert isinstance(template.nodelist[0], urls.MemoURLNode)


def test_the_same_urls_as_django_each_reversed_once(reversals: list[str]) -> None:
    source = "{% url 'portal:directory' %} {% url 'collaboration:detail' pk %} {% url 'collaboration:detail' pk=pk %}"
    expected = f"{reverse('portal:directory')} {reverse('collaboration:detail', args=[7])} " + reverse(
        "collaboration:detail", kwargs={"pk": 7}
    )
    assert [_render(source, pk=7) for _ in range(3)] == [expected] * 3
    assert len(reversals) == 3
    assert _render(source, pk=8).endswith("/8/")
    assert len(reversals) == 5


def test_escaping_as_var_and_errors_are_djangos(reversals: list[str]) -> None:
    assert _render("{% url 'portal:directory' as u %}[{{ u }}]") == f"[{reverse('portal:directory')}]"
    assert _render("{% url 'tidak:ada' as u %}[{{ u }}]", u="") == "[]"
    with pytest.raises(NoReverseMatch):
        _render("{% url 'tidak:ada' %}")
    assert _render("{% autoescape off %}{% url 'portal:directory' %}{% endautoescape %}") == reverse("portal:directory")


def test_a_value_that_is_not_plain_is_reversed_every_time(reversals: list[str]) -> None:
    class Pk:
        def __str__(self) -> str:
            return "9"

    assert _render("{% url 'collaboration:detail' pk %}", pk=Pk()).endswith("/9/")
    assert _render("{% url 'collaboration:detail' pk %}", pk=Pk()).endswith("/9/")
    assert len(reversals) == 2


def test_another_script_prefix_or_urlconf_is_another_url(reversals: list[str]) -> None:
    home = _render("{% url 'portal:directory' %}")
    set_script_prefix("/sinergi/")
    try:
        assert _render("{% url 'portal:directory' %}") == "/sinergi" + home
    finally:
        clear_script_prefix()
        set_script_prefix("/")
    with translation.override("en"):
        assert _render("{% url 'portal:directory' %}") == home
    with override_settings(ROOT_URLCONF="sinergi.urls"):
        assert _render("{% url 'portal:directory' %}") == home
    assert len(reversals) == 4
