from __future__ import annotations

from django import template
from django.utils.safestring import SafeString

from sinergi.collaboration import markup

register = template.Library()


@register.filter(name="markdown")
def markdown_filter(source: str | None) -> SafeString:
    return markup.render(source)
