"""`|badges` writes what a `{% for %}` loop of badges writes, escaped the same way."""

from __future__ import annotations

import pytest
from django.template import Context, Template


@pytest.mark.parametrize("names", [[], ["Kriya"], ["Kriya", "Fesyen & <Batik>", 'Musik "live"']])
def test_badges_are_the_loop_s_markup(names: list[str]) -> None:
    loop = Template('{% for name in names %}<span class="badge">{{ name }}</span>{% endfor %}')
    badges = Template("{% load ui %}{{ names|badges }}")
    context = {"names": names}
    assert badges.render(Context(context)) == loop.render(Context(context))
    if names:
        assert "&amp; &lt;Batik&gt;" in badges.render(Context(context)) or len(names) == 1
