"""Page parts that are the same on every request, rendered once per process and language.

    {% load invariant %}
    {% invariant REGION_IS_PROVINCE %}<nav>… {% url 'portal:home' %} {% translate "Beranda" %} …</nav>{% endinvariant %}

The shared page chrome (navigation, footer, the head's asset links) runs dozens of `{% url %}`,
`{% translate %}`, `{% static %}` and `{% include %}` nodes on every page although its output changes
only with the language and a few installation-wide values: on the directory's COLD request that was
about a tenth of the worker's CPU (issue 17). The body of `{% invariant a b %}` is rendered once per
(tag in a compiled template, active language, the URL namespace of the page, the values of `a`, `b`, …) and
kept for the life of the process; URLs, translations and static files' names do not change while a
process runs.

The body sees **only** the listed values (and the request, which `{% url %}` reads for its namespace):
a per-request value used inside — the CSRF token, the user, the path — is a missing variable, which the
test suite refuses (FAIL_INVALID_TEMPLATE_VARS), so a part that is not invariant cannot be memoised by
mistake. `clear()` forgets every rendering (tests that change translations or URLconfs at run time).
"""

from __future__ import annotations

from typing import Any

from django import template
from django.core.signals import setting_changed
from django.dispatch import receiver
from django.template import TemplateSyntaxError
from django.template.base import FilterExpression, NodeList, Parser, Token
from django.template.context import Context
from django.template.defaulttags import CsrfTokenNode
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language

register = template.Library()

# Bumped by clear(): each node forgets its renderings when it sees a newer generation.
_generation = 0


def clear() -> None:
    global _generation  # noqa: PLW0603 -- one counter for every node of every template
    _generation += 1


class InvariantNode(template.Node):
    """Keeps its renderings itself: they live as long as the compiled template (the cached loader keeps
    it for the process), and two templates never share one."""

    child_nodelists = ("nodelist",)

    def __init__(self, nodelist: NodeList, names: list[str], values: list[FilterExpression]) -> None:
        self.nodelist = nodelist
        self.names = names
        self.values = values
        self.rendered: dict[tuple[Any, ...], SafeString] = {}
        self.generation = _generation

    def render(self, context: Context) -> SafeString:
        if self.generation != _generation:
            self.rendered, self.generation = {}, _generation
        values = {name: value.resolve(context) for name, value in zip(self.names, self.values, strict=True)}
        request = getattr(context, "request", None)
        match = getattr(request, "resolver_match", None)
        namespace = getattr(request, "current_app", None) or getattr(match, "namespace", None)
        key = (get_language(), namespace, context.autoescape, tuple(values.items()))
        rendered = self.rendered.get(key)
        if rendered is None:
            # A context of the listed values only (the request stays an attribute, for {% url %}).
            rendered = self.rendered[key] = mark_safe(self.nodelist.render(context.new(values)))  # noqa: S308 -- the engine rendered it
        return rendered


@register.tag
def invariant(parser: Parser, token: Token) -> InvariantNode:
    names = token.split_contents()[1:]
    for name in names:
        if not name.isidentifier():
            raise TemplateSyntaxError(f"{{% invariant %}} takes names of context values, not {name!r}")
    nodelist = parser.parse(("endinvariant",))
    parser.delete_first_token()
    if nodelist.get_nodes_by_type(CsrfTokenNode):
        raise TemplateSyntaxError("{% csrf_token %} differs per visitor: it cannot be inside {% invariant %}")
    return InvariantNode(nodelist, names, [parser.compile_filter(name) for name in names])


@receiver(setting_changed)
def _forget_on_setting_change(**kwargs: Any) -> None:
    """A changed setting (tests: another URLconf, language list or region) may change any rendering."""
    clear()
