"""The English catalogue (src/sinergi/locale/en/LC_MESSAGES): complete, compiled, and actually used.

Indonesian is the source language; English comes from django.po, compiled to django.mo (committed,
because a fresh machine has no GNU gettext). Refresh with `make messages`, translate every new
entry, and commit both files.

A string that was added to a template but never extracted (nobody ran `make messages`) is not in
the .po at all; these tests do not see it — only what the catalogue holds is checked.
"""

from __future__ import annotations

import ast
import datetime as dt
import gettext
import re
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path

import pytest
from django.conf import settings
from django.template import Context, Template
from django.test import Client
from django.utils import translation

LOCALE_DIR = Path(settings.LOCALE_PATHS[0]) / "en" / "LC_MESSAGES"
PO_PATH = LOCALE_DIR / "django.po"
MO_PATH = LOCALE_DIR / "django.mo"

TEMPLATE_SUFFIXES = (".html", ".txt")
PLACEHOLDER = re.compile(r"%\(\w+\)[sdif]|%%")


@dataclass
class Entry:
    msgid: str = ""
    msgid_plural: str | None = None
    msgctxt: str | None = None
    msgstr: dict[int, str] = field(default_factory=dict)
    references: list[str] = field(default_factory=list)
    flags: set[str] = field(default_factory=set)
    obsolete: bool = False

    @property
    def translated(self) -> bool:
        return bool(self.msgstr) and all(self.msgstr.values())

    @property
    def key(self) -> str:
        return f"{self.msgctxt}\x04{self.msgid}" if self.msgctxt is not None else self.msgid


def _unquote(text: str) -> str:
    """A PO string literal ("…" with C escapes) to its value."""
    value = ast.literal_eval(text.strip())
    assert isinstance(value, str), text
    return value


def parse_po(path: Path) -> list[Entry]:
    """A small reader for the subset of the PO format that makemessages writes."""
    entries: list[Entry] = []
    current = Entry()
    target: tuple[str, int] | None = None  # which field continuation lines extend

    def flush() -> None:
        nonlocal current, target
        if current.msgstr or current.msgid:
            entries.append(current)
        current, target = Entry(), None

    for raw in path.read_text(encoding="utf-8").splitlines():
        line = raw.strip()
        if not line:
            flush()
            continue
        if line.startswith("#~"):
            current.obsolete = True
            continue
        if line.startswith("#:"):
            current.references.extend(line[2:].split())
            continue
        if line.startswith("#,"):
            current.flags.update(flag.strip() for flag in line[2:].split(","))
            continue
        if line.startswith("#"):
            continue
        if line.startswith('"'):
            assert target is not None, f"continuation without a field: {raw!r}"
            name, index = target
            if name == "msgstr":
                current.msgstr[index] += _unquote(line)
            else:
                setattr(current, name, (getattr(current, name) or "") + _unquote(line))
            continue
        keyword, _, rest = line.partition(" ")
        plural_form = re.fullmatch(r"msgstr\[(\d+)\]", keyword)
        if plural_form:
            index = int(plural_form.group(1))
            current.msgstr[index] = _unquote(rest)
            target = ("msgstr", index)
        elif keyword == "msgstr":
            current.msgstr[0] = _unquote(rest)
            target = ("msgstr", 0)
        elif keyword in ("msgid", "msgid_plural", "msgctxt"):
            if keyword in ("msgid", "msgctxt") and (current.msgstr or current.msgid):
                flush()
            setattr(current, keyword, _unquote(rest))
            target = (keyword, 0)
        else:
            raise AssertionError(f"unexpected line in {path.name}: {raw!r}")
    flush()
    return [e for e in entries if not e.obsolete and e.msgid != ""]


@pytest.fixture(scope="module")
def po_entries() -> list[Entry]:
    assert PO_PATH.exists(), "src/sinergi/locale/en/LC_MESSAGES/django.po is missing: run `make messages`"
    return parse_po(PO_PATH)


def _from_template(entry: Entry) -> bool:
    return any(ref.startswith("src/") and ref.rsplit(":", 1)[0].endswith(TEMPLATE_SUFFIXES) for ref in entry.references)


def _describe(entries: list[Entry]) -> str:
    return "\n".join(f"  {e.references[:1]} {e.msgid!r}" for e in entries)


def test_parser_reads_the_catalogue(po_entries: list[Entry]) -> None:
    # A parser that silently read nothing would make every other check pass.
    assert len(po_entries) > 1000
    plurals = [e for e in po_entries if e.msgid_plural]
    assert plurals
    assert all(set(e.msgstr) == {0, 1} for e in plurals)
    by_id = {e.msgid: e for e in po_entries}
    assert by_id["Direktori"].msgstr[0] == "Directory"
    assert any("\n" in e.msgid for e in po_entries)  # multi-line entries are joined


def test_every_template_string_is_translated(po_entries: list[Entry]) -> None:
    template_entries = [e for e in po_entries if _from_template(e)]
    assert len(template_entries) > 500
    missing = [e for e in template_entries if not e.translated or "fuzzy" in e.flags]
    assert not missing, "untranslated or fuzzy template strings in django.po:\n" + _describe(missing)


def test_every_python_string_is_translated(po_entries: list[Entry]) -> None:
    missing = [e for e in po_entries if not _from_template(e) and (not e.translated or "fuzzy" in e.flags)]
    assert not missing, "untranslated or fuzzy strings in django.po:\n" + _describe(missing)


def test_translations_keep_placeholders(po_entries: list[Entry]) -> None:
    wrong = []
    for e in po_entries:
        for index, text in e.msgstr.items():
            source = e.msgid if index == 0 or e.msgid_plural is None else e.msgid_plural
            expected = sorted(PLACEHOLDER.findall(source))
            found = sorted(PLACEHOLDER.findall(text))
            # The singular of a plural may drop the count ("One row saved.").
            if found != expected and not (e.msgid_plural and index == 0 and set(found) <= set(expected)):
                wrong.append(f"  {e.msgid!r}: {expected} → {found}")
            if source.startswith("\n") != text.startswith("\n") or source.endswith("\n") != text.endswith("\n"):
                wrong.append(f"  {e.msgid!r}: leading/trailing newline differs")
    assert not wrong, "translations that change placeholders:\n" + "\n".join(wrong)


def test_compiled_catalogue_matches_the_po(po_entries: list[Entry]) -> None:
    """The .mo holds exactly the .po's translations: nobody forgot `compilemessages`."""
    assert MO_PATH.exists(), "django.mo is missing: run `make messages` and commit it"
    with MO_PATH.open("rb") as handle:
        compiled = gettext.GNUTranslations(handle)
    catalog: dict[object, str] = compiled._catalog  # type: ignore[attr-defined]

    mo_ids = {str(key[0]) if isinstance(key, tuple) else str(key) for key in catalog} - {""}
    po_ids = {e.key for e in po_entries if e.translated and "fuzzy" not in e.flags}
    assert mo_ids == po_ids, (
        f"django.mo is out of date: {len(po_ids - mo_ids)} entries only in the .po "
        f"(e.g. {sorted(po_ids - mo_ids)[:3]}), {len(mo_ids - po_ids)} only in the .mo "
        f"(e.g. {sorted(mo_ids - po_ids)[:3]}); run `make messages`"
    )
    stale = []
    for e in po_entries:
        if e.key not in mo_ids:
            continue
        if e.msgid_plural is None:
            if catalog[e.key] != e.msgstr[0]:
                stale.append(e.msgid)
        elif any(catalog[(e.key, i)] != text for i, text in e.msgstr.items()):
            stale.append(e.msgid)
    assert not stale, f"django.mo differs from django.po for {len(stale)} entries, e.g. {stale[:3]}"


# --- The catalogue in use ------------------------------------------------------------------------

NAV_ID = ("Beranda", "Direktori", "Masuk")
NAV_EN = ("Home", "Directory", "Sign in")


def _english_client() -> Client:
    client = Client()
    response = client.post("/akun/bahasa/", {"language": "en", "next": "/"})
    assert response.status_code == 302
    assert response.cookies[settings.LANGUAGE_COOKIE_NAME].value == "en"
    return client


@pytest.mark.django_db
@pytest.mark.parametrize("path", ["/", "/direktori/", "/akun/masuk/"])
def test_pages_speak_indonesian_by_default(path: str) -> None:
    html = Client().get(path).content.decode()
    assert '<html lang="id">' in html
    for word in NAV_ID:
        assert f">{word}</a>" in html


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("path", "phrases"),
    [
        ("/", ("Creative economy of", "Search the directory", "Browse by subsector")),
        ("/direktori/", ("Creative economy directory", "All kecamatan", "Search results")),
        ("/akun/masuk/", ("Password", "Forgotten your password?", "Register")),
    ],
)
def test_pages_speak_english_after_switching(path: str, phrases: tuple[str, ...]) -> None:
    response = _english_client().get(path)
    assert response.status_code == 200
    assert response.headers["Content-Language"] == "en"
    html = response.content.decode()
    assert '<html lang="en">' in html
    for en, id_ in zip(NAV_EN, NAV_ID, strict=True):
        assert f">{en}</a>" in html
        assert f">{id_}</a>" not in html
    for phrase in phrases:
        assert phrase in html, phrase
    assert "Langsung ke isi" not in html
    assert "Skip to content" in html


@pytest.mark.django_db
def test_switching_back_to_indonesian() -> None:
    client = _english_client()
    client.post("/akun/bahasa/", {"language": "id", "next": "/"})
    html = client.get("/direktori/").content.decode()
    assert '<html lang="id">' in html
    assert ">Direktori</a>" in html


# --- Dates and numbers follow the active language -------------------------------------------------


def _render(source: str, language: str, **context: object) -> str:
    with translation.override(language):
        return Template(source).render(Context(context))


def test_django_formats_follow_the_language() -> None:
    day = dt.date(2025, 12, 7)
    source = '{{ d|date:"DATE_FORMAT" }}|{{ d|date:"SHORT_DATE_FORMAT" }}|{{ n|floatformat:2 }}|'
    source += '{{ n|floatformat:"2g" }}'
    number = Decimal("12345.678")
    assert _render(source, "id", d=day, n=number) == "7 Des. 2025|07-12-2025|12345,68|12.345,68"
    assert _render(source, "en", d=day, n=number) == "Dec. 7, 2025|12/07/2025|12345.68|12,345.68"


def test_years_and_codes_are_never_grouped() -> None:
    # USE_THOUSAND_SEPARATOR is off, so a year or a kode printed plainly stays as it is.
    for language in ("id", "en"):
        assert _render("{{ y }}", language, y=2024) == "2024"


def test_project_filters_follow_the_language() -> None:
    source = "{% load ui %}{{ d|tanggal }}|{{ n|angka:1 }}|{{ n|rupiah }}"
    day = dt.date(2025, 12, 7)
    assert _render(source, "id", d=day, n=12345.6) == "7 Desember 2025|12.345,6|Rp12.346"
    assert _render(source, "en", d=day, n=12345.6) == "7 December 2025|12,345.6|Rp12,346"
