"""The one table partial of a publication: a comparison with no common year says so."""

from __future__ import annotations

from django.template.loader import render_to_string

from sinergi.statistics.report import Table


def test_an_empty_comparison_says_there_is_no_common_year() -> None:
    empty = Table("comparison", "Perbandingan", ["Tahun", "A", "B", "Selisih", "%"], [])
    html = render_to_string(
        "statistics/_table.html", {"table": empty, "caption": empty.title, "empty": "Tidak ada tahun yang sama."}
    )
    assert '<td colspan="5">Tidak ada tahun yang sama.</td>' in html


def test_a_table_with_rows_or_no_empty_sentence_shows_no_empty_row() -> None:
    full = Table("composition", "Struktur", ["Subsektor", "ADHB"], [["Kuliner", 1.5]])
    assert "colspan" not in render_to_string("statistics/_table.html", {"table": full, "caption": "x", "empty": "-"})
    empty = Table("composition", "Struktur", ["Subsektor", "ADHB"], [])
    assert "colspan" not in render_to_string("statistics/_table.html", {"table": empty, "caption": "x", "empty": ""})
