"""Form widgets rendered in Python where the template renderer is too slow for a hot public page.

Django renders a <select> through one template per option (`django/forms/widgets/select_option.html`);
a filter form with a few dozen options costs several milliseconds per page that way. `FastSelect`
writes the same markup as Django's templates (same attributes, same escaping, same `selected`, even the
same blank lines) directly; a test compares the two for any choices.

`FastRenderer` (the FORM_RENDERER) does the same for the two smallest and commonest form templates,
every field's `<label>` (`django/forms/label.html`) and every `<input>` widget
(`django/forms/widgets/input.html` and the one-line templates that include it): each costs a template
render with an included attributes template, about 0.1 ms a field, which on the initiative list's
filter form was a fifth of the page's CPU (issue 17). Every other template is Django's; tests compare
the output with Django's own renderer for labels and inputs of every kind.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.forms.renderers import DjangoTemplates
from django.utils.html import conditional_escape
from django.utils.safestring import SafeString, mark_safe

LABEL_TEMPLATE = "django/forms/label.html"
# Django's widget templates whose whole text is `{% include "django/forms/widgets/input.html" %}`.
INPUT_TEMPLATES = frozenset(
    f"django/forms/widgets/{kind}.html"
    for kind in ("input", "checkbox", "color", "date", "datetime", "email", "file", "hidden", "number",
                 "password", "search", "tel", "text", "time", "url")
)  # fmt: skip


def _attrs(attrs: dict[str, Any]) -> str:
    # As django/forms/widgets/attrs.html: False drops the attribute, True writes it bare.
    parts = []
    for name, value in attrs.items():
        if value is False:
            continue
        if value is True:
            parts.append(f" {conditional_escape(name)}")
        else:
            parts.append(f' {conditional_escape(name)}="{conditional_escape(str(value))}"')
    return "".join(parts)


class FastSelect(forms.Select):
    def render(self, name: str, value: Any, attrs: dict[str, Any] | None = None, renderer: Any = None) -> SafeString:
        widget = self.get_context(name, value, attrs)["widget"]
        out = [f'<select name="{conditional_escape(widget["name"])}"{_attrs(widget["attrs"])}>']
        for group_name, options, _index in widget["optgroups"]:
            if group_name:
                out.append(f'\n  <optgroup label="{conditional_escape(group_name)}">')
            for option in options:
                out.append(
                    f'\n  <option value="{conditional_escape(str(option["value"]))}"{_attrs(option["attrs"])}>'
                    f"{conditional_escape(option['label'])}</option>\n"
                )
            if group_name:
                out.append("\n  </optgroup>")
        out.append("\n</select>")
        return mark_safe("".join(out))  # noqa: S308 -- every value above is escaped


def _label(context: dict[str, Any]) -> str:
    # As django/forms/label.html (the renderer strips the result).
    label = conditional_escape(context["label"])
    if not context["use_tag"]:
        return str(label).strip()
    tag = conditional_escape(context["tag"])
    return f"<{tag}{_attrs(context['attrs'] or {})}>{label}</{tag}>".strip()


def _input(widget: dict[str, Any]) -> str:
    # As django/forms/widgets/input.html.
    value = widget["value"]
    shown = "" if value is None else f' value="{conditional_escape(str(value))}"'
    return (
        f'<input type="{conditional_escape(widget["type"])}" name="{conditional_escape(widget["name"])}"'
        f"{shown}{_attrs(widget['attrs'])}>"
    ).strip()


class FastRenderer(DjangoTemplates):
    """Django's form renderer, with labels and `<input>` widgets written directly (module docstring)."""

    def render(self, template_name: str, context: dict[str, Any], request: Any = None) -> str:
        if template_name == LABEL_TEMPLATE:
            return _label(context)
        if template_name in INPUT_TEMPLATES:
            return _input(context["widget"])
        return str(super().render(template_name, context, request))
