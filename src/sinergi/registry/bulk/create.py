"""`actors_bulk_create`: what `actor_create` writes, for many validated rows at once."""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping
from itertools import islice
from typing import TYPE_CHECKING, Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from sinergi.core import audit
from sinergi.core.access import check_perm
from sinergi.core.bulkinsert import insert_rows
from sinergi.core.errors import Conflict
from sinergi.imports.models import ImportJob

from .. import derived, sizing
from ..models import Actor, ActorYearlyFigure, ContactPerson, DuplicateFlag, DuplicateReason, Status
from .cells import _decimal
from .columns import name_keys
from .reference import Reference
from .stored import registered_nibs

if TYPE_CHECKING:
    from sinergi.accounts.models import User


class _Slugs:
    """Unique slugs for many new actors: the registry's rule (`derived.slug_for`), with the slugs in use
    read in one query instead of one query per candidate."""

    def __init__(self) -> None:
        self.taken = set(Actor.objects.values_list("slug", flat=True))

    def make(self, text: str) -> str:
        slug = derived.slug_for(Actor, text, taken=self.taken)
        self.taken.add(slug)
        return slug


def _batches(rows: Iterable[Mapping[str, Any]], size: int) -> Iterator[list[Mapping[str, Any]]]:
    iterator = iter(rows)
    while batch := list(islice(iterator, size)):
        yield batch


@transaction.atomic
def actors_bulk_create(
    *,
    by: User | None,
    rows: Iterable[Mapping[str, Any]],
    status: str = Status.VERIFIED,
    job: ImportJob | None = None,
    batch_size: int = 5000,
) -> int:
    """Create many actors at once, as `actor_create` would one by one, in one transaction.

    `rows` are validated rows (ids for kelurahan, KBLI and office; money as strings). NIBs are checked
    again against stored profiles here, inside the transaction: if one was taken since validation,
    nothing is stored. Imported actors flagged as likely duplicates get a DuplicateFlag like any other.
    `by` needs `registry.import_actors`; None is the system (a management command, the demo).
    """
    check_perm(by, "registry.import_actors", message=_("Anda tidak berwenang mengimpor data ini."))
    ref = Reference.load()
    slugs = _Slugs()
    now = timezone.now()
    other_kbli = Actor.other_kbli.through
    actor_subsectors = Actor.subsectors.through
    names: dict[tuple[int, str], int] = {}
    for pk, kelurahan_id, name in (
        Actor.objects.exclude(status=Status.ARCHIVED)
        .exclude(kelurahan=None)
        .values_list("pk", "kelurahan_id", "name")
        .iterator(chunk_size=5000)
    ):
        for key in name_keys(name):
            names.setdefault((kelurahan_id, key), pk)
    count = 0
    for batch in _batches(rows, batch_size):
        nibs = [r["nib"] for r in batch if r["nib"]]
        taken = list(registered_nibs(nibs).values_list("nib", flat=True)[:5])
        if taken:
            raise Conflict(
                ngettext(
                    "NIB %(nibs)s sudah terdaftar sejak berkas diperiksa; unggah ulang berkasnya.",
                    "NIB %(nibs)s sudah terdaftar sejak berkas diperiksa; unggah ulang berkasnya.",
                    len(taken),
                )
                % {"nibs": ", ".join(taken)},
                code="duplicate_nib",
            )
        actor_rows: list[dict[str, Any]] = []
        subsectors_of: list[list[int]] = []
        for r in batch:
            kbli_ids = [r["primary_kbli"], *r["other_kbli"]]
            subsectors = ref.subsectors_for(kbli_ids)
            kel = ref.kelurahan_by_id.get(r["kelurahan"]) if r["kelurahan"] else None
            capital, sales = _decimal(r["capital"]), _decimal(r["sales"])
            actor_rows.append(
                {
                    "name": r["name"],
                    "slug": slugs.make(r["name"]),
                    "kind": r["kind"],
                    "legal_form": r["legal_form"],
                    "nib": r["nib"],
                    "npwp": r["npwp"],
                    "description": r["description"],
                    "founded_year": r["founded_year"],
                    "primary_kbli_id": r["primary_kbli"],
                    "address": r["address"],
                    "kelurahan_id": r["kelurahan"],
                    "workers_female": r["workers_female"],
                    "workers_male": r["workers_male"],
                    "size_class": sizing.size_class(capital=capital, sales=sales) if r["year"] else "",
                    "fostered_by_id": r["fostered_by"],
                    "status": status,
                    "verified_at": now if status == Status.VERIFIED else None,
                    "search_text": derived.actor_search_text(
                        name=r["name"],
                        description=r["description"],
                        address=r["address"],
                        kelurahan=kel[1] if kel else "",
                        kecamatan=kel[2] if kel else "",
                        kbli=ref.kbli_by_id[r["primary_kbli"]][1],
                        subsectors=[ref.subsector_names[s] for s in subsectors],
                    ),
                }
            )
            subsectors_of.append(subsectors)
        # COPY on PostgreSQL, bulk_create elsewhere (core/bulkinsert.py): ids first, then the linked rows.
        actor_ids = insert_rows(Actor, actor_rows, ids=True)
        links: list[dict[str, Any]] = []
        subs: list[dict[str, Any]] = []
        figures: list[dict[str, Any]] = []
        contacts: list[dict[str, Any]] = []
        flags = []
        for actor_id, subsectors, r in zip(actor_ids, subsectors_of, batch, strict=True):
            links += [{"actor_id": actor_id, "kblicode_id": k} for k in r["other_kbli"]]
            subs += [{"actor_id": actor_id, "subsector_id": s} for s in subsectors]
            if r["year"]:
                figures.append(
                    {
                        "actor_id": actor_id,
                        "year": r["year"],
                        "capital": _decimal(r["capital"]),
                        "sales": _decimal(r["sales"]),
                    }
                )
            if r["contact"]:
                contacts.append(
                    {
                        "actor_id": actor_id,
                        "full_name": r["contact"]["full_name"],
                        "nik": r["contact"]["nik"],
                        "phone": r["contact"]["phone"],
                        "legal_basis": "consent",
                        "consent_at": now,
                    }
                )
            if r["kelurahan"]:
                keys = name_keys(r["name"])
                other = next((names[(r["kelurahan"], k)] for k in keys if (r["kelurahan"], k) in names), None)
                if other is not None:
                    flags.append(
                        DuplicateFlag(actor_id=other, other_id=actor_id, reason=DuplicateReason.SIMILAR_NAME, score=1.0)
                    )
                for key in keys:
                    names.setdefault((r["kelurahan"], key), actor_id)
        insert_rows(other_kbli, links)
        insert_rows(actor_subsectors, subs)
        insert_rows(ActorYearlyFigure, figures)
        insert_rows(ContactPerson, contacts)
        DuplicateFlag.objects.bulk_create(flags, batch_size=batch_size, ignore_conflicts=True)
        count += len(actor_rows)
    from ..cache import bump_directory_version_on_commit  # bulk inserts send no signals: refresh cached pages

    bump_directory_version_on_commit()
    audit.record(
        by=by,
        action="registry.actor.imported",
        target=job,
        data={"job": job.pk if job is not None else None, "count": count, "status": status},
    )
    return count
