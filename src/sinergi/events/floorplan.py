"""The floor plan as server-side SVG: one rectangle per booth, coloured by allocation."""

from __future__ import annotations

from collections.abc import Iterable
from html import escape

from .models import Booth

CELL = 60


def floor_plan_svg(booths: Iterable[Booth], *, title: str) -> str:
    booths = list(booths)
    if not booths:
        return ""
    width = (max(b.x for b in booths) + 1) * CELL
    height = (max(b.y for b in booths) + 1) * CELL
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" role="img" '
        f'class="floor-plan" aria-labelledby="denah-judul"><title id="denah-judul">{escape(title)}</title>'
    ]
    for booth in booths:
        allocations = list(booth.allocations.all())
        full = len(allocations) >= booth.slots or any(not a.application.wants_shared for a in allocations)
        state = "full" if full else ("half" if allocations else "free")
        colour = {"full": "#2f7d4f", "half": "#d9a21b", "free": "#e9edf2"}[state]
        ink = "#fff" if state == "full" else "#1d2a38"
        x, y = booth.x * CELL + 4, booth.y * CELL + 4
        names = ", ".join(a.application.seller_name for a in sorted(allocations, key=lambda a: a.slot))
        label = f"{booth.code} ({booth.get_size_display()}{', listrik' if booth.has_power else ''}"
        label += f"{', berbagi' if booth.shareable else ''}): {names or 'kosong'}"
        parts.append(
            f'<g><title>{escape(label)}</title><rect x="{x}" y="{y}" width="{CELL - 8}" height="{CELL - 8}" '
            f'rx="4" fill="{colour}" stroke="#1d2a38" stroke-width="1"/>'
            f'<text x="{x + 6}" y="{y + 18}" font-size="12" fill="{ink}" font-family="sans-serif">'
            f"{escape(booth.code)}{' ⚡' if booth.has_power else ''}{' ½' if booth.shareable else ''}</text>"
            f'<text x="{x + 6}" y="{y + 34}" font-size="9" fill="{ink}" font-family="sans-serif">'
            f"{escape(names[:9])}</text>"
            f'<text x="{x + 6}" y="{y + 48}" font-size="8" fill="{ink}" font-family="sans-serif">'
            f"{escape(booth.size)}</text></g>"
        )
    parts.append("</svg>")
    return "".join(parts)
