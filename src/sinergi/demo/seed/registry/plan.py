"""What the Depok registry demo is made of: its constants and the lists it reads from CSV.

The lists are files in `sinergi/demo/data/depok/`: how many actors per subsector (`subsector_plan`), the
business kinds of each (name prefix, preferred KBLI: `business_lines`) with their product templates
(`products`, prices in rupiah), the words and names the generator combines (`vocabulary`), the
fictional communities, their activities, and the creative hubs. Every other module of the seed reads
them from here, so none imports another for a constant.
"""

from __future__ import annotations

from dataclasses import dataclass

from sinergi.demo.data import DATA_DIR, DemoDataError, parsed, rows
from sinergi.registry.models import HubProgramme

SEED = 2026
NIB_PREFIX = "9276"  # Depok is 32.76; real NIB never start with 9 this way: obviously demo.
REGION = "32.76"
YEARS = (2023, 2024, 2025)
ENTITIES_CSV = DATA_DIR / "depok" / "entities_seen.csv"
DEMO_LABEL = "Data demo: usaha fiktif, dibuat oleh perintah sinergi seed_demo."
VERIFY_NOTE = "Dokumen NIB sesuai (data demo)."
REJECT_REASON = "Foto produk belum ada dan alamat usaha belum lengkap (data demo)."
FEMALE_SHARE = {"KUL": 0.7, "FSN": 0.75, "KRY": 0.65}

DATA = "depok"
Template = tuple[str, str, int, int]


@dataclass(frozen=True)
class Line:
    prefix: str
    kbli: str
    products: tuple[Template, ...]


@dataclass(frozen=True)
class Hub:
    name: str
    kecamatan: str
    subsectors: tuple[str, ...]
    operator: str
    address: str
    capacity: int
    programmes: tuple[str, ...]
    facilities: str
    description: str


def _plan() -> dict[str, tuple[int, tuple[Line, ...]]]:
    products: dict[tuple[str, str], list[Template]] = {}
    for row in rows(DATA, "products", ("subsector", "prefix", "name", "description", "price_min", "price_max")):
        template = (row["name"], row["description"], int(row["price_min"]), int(row["price_max"]))
        products.setdefault((row["subsector"], row["prefix"]), []).append(template)
    lines: dict[str, list[Line]] = {}
    for row in rows(DATA, "business_lines", ("subsector", "prefix", "kbli")):
        key = (row["subsector"], row["prefix"])
        if key not in products:
            raise DemoDataError(f"{DATA}/products.csv: tidak ada produk untuk {key[0]} {key[1]!r}")
        lines.setdefault(row["subsector"], []).append(Line(row["prefix"], row["kbli"], tuple(products.pop(key))))
    if products:
        raise DemoDataError(f"{DATA}/products.csv: tanpa jenis usaha di business_lines.csv: {sorted(products)}")
    return dict(
        parsed(
            DATA,
            "subsector_plan",
            ("subsector", "actors"),
            lambda row: (row["subsector"], (int(row["actors"]), tuple(lines[row["subsector"]]))),
        )
    )


def _vocabulary() -> dict[str, tuple[str, ...]]:
    found: dict[str, list[str]] = {}
    for row in rows(DATA, "vocabulary", ("list", "value")):
        found.setdefault(row["list"], []).append(row["value"])
    return {key: tuple(values) for key, values in found.items()}


def _hub(row: dict[str, str]) -> Hub:
    return Hub(
        row["name"],
        row["kecamatan"],
        tuple(row["subsectors"].split()),
        row["operator"],
        row["address"],
        int(row["capacity"]),
        tuple(HubProgramme(p) for p in row["programmes"].split()),
        row["facilities"],
        row["description"],
    )


PLAN = _plan()
_WORDS = _vocabulary()
WORDS, PEOPLE, STREETS = _WORDS["word"], _WORDS["person"], _WORDS["street"]
FIRST_NAMES, LAST_NAMES = _WORDS["first_name"], _WORDS["last_name"]
FLAGSHIP_REASONS = _WORDS["flagship_reason"]
#: The subsectors of a real community by the subsektor the news report gives (entities_seen.csv).
REAL_COMMUNITY_FOCUS = dict(
    parsed(
        DATA, "community_focus", ("subsektor", "subsectors"), lambda r: (r["subsektor"], tuple(r["subsectors"].split()))
    )
)
FICTIONAL_COMMUNITIES = parsed(
    DATA,
    "communities",
    ("name", "subsectors", "base_kecamatan", "description"),
    lambda r: (r["name"], tuple(r["subsectors"].split()), r["base_kecamatan"], r["description"]),
)
# The fictional community that the demo community leader (ketua.komunitas@…) manages.
LED_COMMUNITY = "Paguyuban Kuliner Rumahan Tapos"
ACTIVITIES = parsed(DATA, "community_activities", ("title", "description"), lambda r: (r["title"], r["description"]))
HUBS = parsed(
    DATA,
    "hubs",
    ("name", "kecamatan", "subsectors", "operator", "address", "capacity", "programmes", "facilities", "description"),
    _hub,
)
