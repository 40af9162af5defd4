"""Sanitised Markdown: people write Markdown, pages show cleaned HTML.

Raw HTML in the source is not passed through (Markdown's HTML handling is switched off, so `<script>`
shows as text), and the result is cleaned by nh3 with an allow-list: links get rel="nofollow noopener",
only http, https and mailto URLs survive. Rendering is cached by the source text.
"""

from __future__ import annotations

import hashlib

import markdown
import nh3
from django.core.cache import cache
from django.utils.safestring import SafeString, mark_safe

ALLOWED_TAGS = {
    "p", "br", "strong", "em", "b", "i", "code", "pre", "blockquote", "ul", "ol", "li", "a", "h3", "h4", "hr",
}  # fmt: skip
ALLOWED_ATTRIBUTES = {"a": {"href", "title"}}
URL_SCHEMES = {"http", "https", "mailto"}
CACHE_SECONDS = 24 * 3600


def _to_html(source: str) -> str:
    md = markdown.Markdown(extensions=["sane_lists"], output_format="html")
    md.preprocessors.deregister("html_block")
    md.inlinePatterns.deregister("html")
    return md.convert(source)


def clean(html: str) -> str:
    return nh3.clean(
        html,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes=URL_SCHEMES,
        link_rel="nofollow noopener",
        strip_comments=True,
    )


def render(source: str | None) -> SafeString:
    """Markdown source to safe HTML (cached)."""
    if not source:
        return mark_safe("")
    key = "collab:md:" + hashlib.sha256(source.encode("utf-8")).hexdigest()
    html = cache.get(key)
    if html is None:
        html = clean(_to_html(source))
        cache.set(key, html, CACHE_SECONDS)
    return mark_safe(str(html))  # noqa: S308 -- cleaned by nh3 with an allow-list
