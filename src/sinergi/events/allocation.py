"""Booth allocation as a pure function: plain values in, plain values out (no database).

Rules, in order:
1. Applications are served by score (highest first), then by when they applied (id).
2. A seller who needs power gets only a booth with power; one who does not is kept off powered booths
   while unpowered ones that fit remain (power is scarce).
3. A booth fits when it is at least the size asked for; the smallest fitting booth is chosen.
4. A seller willing to share first completes a shareable booth already half-taken by another sharing
   seller (same power need satisfied), else opens a free shareable booth; a shareable booth holds two.
   A seller not willing to share takes a whole booth (both halves of a shareable one).
5. Existing allocations are kept: `taken` slots are never reassigned, so running it again only places
   the newcomers.
Sellers who fit nowhere are returned in `unplaced`.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field

SIZE_RANK = {"2x2": 0, "3x3": 1, "3x6": 2}


@dataclass(frozen=True)
class BoothSpec:
    id: int
    code: str
    size: str
    has_power: bool
    shareable: bool
    taken: tuple[int, ...] = ()  # slots already allocated (1 and/or 2)
    taken_by_sharing: bool = False  # slot 1 is held by a seller willing to share


@dataclass(frozen=True)
class ApplicationSpec:
    id: int
    score: float
    size: str
    needs_power: bool
    wants_shared: bool


@dataclass(frozen=True)
class Placement:
    application_id: int
    booth_id: int
    slot: int


@dataclass
class AllocationResult:
    placements: list[Placement] = field(default_factory=list)
    unplaced: list[int] = field(default_factory=list)


def allocate(booths: Iterable[BoothSpec], applications: Iterable[ApplicationSpec]) -> AllocationResult:
    result = AllocationResult()
    free: dict[int, BoothSpec] = {}
    half_open: dict[int, BoothSpec] = {}  # shareable booths with slot 1 held by a sharing seller
    for booth in booths:
        if not booth.taken:
            free[booth.id] = booth
        elif booth.shareable and booth.taken == (1,) and booth.taken_by_sharing:
            half_open[booth.id] = booth
    # Candidate lists sorted once by preference; consumed lazily.
    ordered_free = sorted(free.values(), key=lambda b: (SIZE_RANK.get(b.size, 1), b.has_power, b.code))
    for app in sorted(applications, key=lambda a: (-a.score, a.id)):
        want = SIZE_RANK.get(app.size, 1)
        if app.wants_shared:
            partner = _first(
                (b for b in half_open.values() if _fits(b, want, app.needs_power)),
                key=lambda b: (SIZE_RANK.get(b.size, 1), b.has_power and not app.needs_power, b.code),
            )
            if partner is not None:
                del half_open[partner.id]
                result.placements.append(Placement(app.id, partner.id, 2))
                continue
        chosen = _choose_free(ordered_free, free, want, app)
        if chosen is None:
            result.unplaced.append(app.id)
            continue
        del free[chosen.id]
        result.placements.append(Placement(app.id, chosen.id, 1))
        if chosen.shareable and app.wants_shared:
            half_open[chosen.id] = chosen
    return result


def _fits(booth: BoothSpec, want: int, needs_power: bool) -> bool:
    return SIZE_RANK.get(booth.size, 1) >= want and (booth.has_power or not needs_power)


def _choose_free(
    ordered: list[BoothSpec], free: Mapping[int, BoothSpec], want: int, app: ApplicationSpec
) -> BoothSpec | None:
    best: BoothSpec | None = None
    best_key: tuple[int, int, int] | None = None
    for booth in ordered:
        if booth.id not in free or not _fits(booth, want, app.needs_power):
            continue
        # Prefer: exact size, not wasting power, shareable only for sharers (and whole booths for others).
        key = (
            SIZE_RANK.get(booth.size, 1) - want,
            int(booth.has_power and not app.needs_power),
            int(booth.shareable != app.wants_shared),
        )
        if best_key is None or key < best_key:
            best, best_key = booth, key
            if key == (0, 0, 0):
                break
    return best


def _first(items: Iterable[BoothSpec], *, key: Callable[[BoothSpec], tuple[int, bool, str]]) -> BoothSpec | None:
    found = sorted(items, key=key)
    return found[0] if found else None
