"""Deterministic fictitious values for the Depok registry demo, from one seeded generator: business
and person names, NIB, NIK, phone numbers, addresses, yearly figures and workers."""

from __future__ import annotations

import random
from decimal import Decimal

from sinergi.demo.seed.registry.plan import (
    FIRST_NAMES,
    LAST_NAMES,
    NIB_PREFIX,
    PEOPLE,
    SEED,
    STREETS,
    WORDS,
    YEARS,
)
from sinergi.wilayah.models import Wilayah


class Gen:
    """Deterministic fictitious values from one seeded generator."""

    def __init__(self) -> None:
        self.rng = random.Random(SEED)  # noqa: S311 -- reproducible demo data, not security
        self.names: set[str] = set()
        self.nib_serial = 0
        self.nik_serial = 0

    def business_name(self, prefix: str) -> str:
        for _ in range(200):
            if self.rng.random() < 0.25:
                name = f"{prefix} {self.rng.choice(PEOPLE)}"
            else:
                first, second = self.rng.sample(WORDS, 2)
                name = f"{prefix} {first} {second}"
            if name not in self.names:
                self.names.add(name)
                return name
        raise RuntimeError("nama demo habis")  # pragma: no cover -- the word lists are large enough

    def person(self) -> str:
        return f"{self.rng.choice(FIRST_NAMES)} {self.rng.choice(LAST_NAMES)}"

    def nib(self) -> str:
        self.nib_serial += 1
        return f"{NIB_PREFIX}{self.nib_serial:09d}"

    def nik(self, kecamatan_kode: str) -> str:
        """3276 + kecamatan + birth date (day + 40 for women) + serial 9xxx: valid in form, clearly fake."""
        self.nik_serial += 1
        day = self.rng.randint(1, 28) + (40 if self.rng.random() < 0.5 else 0)
        month = self.rng.randint(1, 12)
        year = self.rng.randint(60, 99)
        return f"3276{kecamatan_kode[-2:]}{day:02d}{month:02d}{year:02d}9{self.nik_serial:03d}"

    def phone(self) -> str:
        return f"+6281299{self.rng.randint(0, 999999):06d}"

    def address(self, kelurahan: Wilayah) -> str:
        street = self.rng.choice(STREETS).format(kel=kelurahan.name)
        number, rt, rw = self.rng.randint(1, 120), self.rng.randint(1, 12), self.rng.randint(1, 15)
        return f"{street} No. {number}, RT {rt:02d}/RW {rw:02d}"

    def figures(self) -> list[tuple[int, Decimal, Decimal]]:
        """Three years of (year, capital, sales); mostly mikro, some kecil and menengah, a few besar."""
        roll = self.rng.random()
        if roll < 0.70:
            sales = self.rng.uniform(60e6, 1.9e9)
        elif roll < 0.90:
            sales = self.rng.uniform(2.2e9, 14e9)
        elif roll < 0.98:
            sales = self.rng.uniform(16e9, 48e9)
        else:
            sales = self.rng.uniform(55e9, 120e9)
        rows = []
        for year in reversed(YEARS):
            capital = sales * self.rng.uniform(0.15, 0.45)
            rows.append((year, Decimal(round(capital, -5)), Decimal(round(sales, -5))))
            sales = sales / self.rng.uniform(1.0, 1.25)  # the year before was a little smaller
        return rows

    def workers(self, sales: Decimal, female_share: float) -> tuple[int, int]:
        """(female, male) workers for a business of these yearly sales."""
        if sales <= Decimal(2_000_000_000):
            total = self.rng.randint(1, 4)
        elif sales <= Decimal(15_000_000_000):
            total = self.rng.randint(5, 19)
        elif sales <= Decimal(50_000_000_000):
            total = self.rng.randint(20, 99)
        else:
            total = self.rng.randint(100, 220)
        female = round(total * female_share * self.rng.uniform(0.7, 1.3))
        female = max(0, min(total, female))
        return female, total - female
