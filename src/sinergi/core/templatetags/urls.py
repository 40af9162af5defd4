"""`{% url %}` with each reversed URL kept for the life of the process (a template builtin: every template's
`{% url %}` is this one; settings.TEMPLATES lists it after Django's own tags).

Reversing a URL costs about 13 µs of CPU (the resolver checks the substituted path against the pattern);
the initiative list reversed 36 a page, 20 of them its cards' links (issue 17). A URL depends only on the
view name and arguments, the URL namespace the page was resolved in, the URLconf, the script prefix and
(with language-prefixed patterns) the language, all of which are in the memo's key; arguments are kept
only when they are plain strings and integers (a model instance's `str()` could change with its data).
Any changed setting (tests: another URLconf) forgets every URL. Otherwise this is Django's URLNode:
the same escaping, `as var` and NoReverseMatch.
"""

from __future__ import annotations

from typing import Any

from django import template
from django.core.signals import setting_changed
from django.dispatch import receiver
from django.template import defaulttags
from django.template.base import Parser, Token
from django.template.context import Context
from django.urls import NoReverseMatch, get_script_prefix, get_urlconf, reverse
from django.utils.html import conditional_escape
from django.utils.safestring import SafeString
from django.utils.translation import get_language

register = template.Library()

MAX_URLS = 20_000
_URLS: dict[tuple[Any, ...], str] = {}


def clear() -> None:
    _URLS.clear()


@receiver(setting_changed)
def _forget_on_setting_change(**kwargs: Any) -> None:
    clear()


PLAIN = (str, SafeString, int)  # a literal in a template is a SafeString


def _plain(values: Any) -> bool:
    return all(type(value) in PLAIN for value in values)


class MemoURLNode(defaulttags.URLNode):
    def render(self, context: Context) -> str:
        args = [arg.resolve(context) for arg in self.args]
        kwargs = {k: v.resolve(context) for k, v in self.kwargs.items()}
        view_name = self.view_name.resolve(context)
        try:
            current_app = context.request.current_app  # type: ignore[attr-defined]
        except AttributeError:
            try:
                current_app = context.request.resolver_match.namespace  # type: ignore[attr-defined]
            except AttributeError:
                current_app = None
        key: tuple[Any, ...] | None = None
        if type(view_name) in PLAIN and _plain(args) and _plain(kwargs.values()):
            key = (view_name, *args, None, *kwargs.items(), current_app, get_urlconf(), get_script_prefix(),
                   get_language())  # fmt: skip
        url = _URLS.get(key) if key is not None else None
        if url is None:
            url = ""
            try:
                url = reverse(view_name, args=args, kwargs=kwargs, current_app=current_app)
            except NoReverseMatch:
                if self.asvar is None:
                    raise
            else:
                if key is not None:
                    if len(_URLS) >= MAX_URLS:
                        _URLS.clear()
                    _URLS[key] = url
        if self.asvar:
            context[self.asvar] = url
            return ""
        return conditional_escape(url) if context.autoescape else url


@register.tag
def url(parser: Parser, token: Token) -> MemoURLNode:
    node = defaulttags.url(parser, token)
    return MemoURLNode(node.view_name, node.args, node.kwargs, node.asvar)
