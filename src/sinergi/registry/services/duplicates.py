"""Likely duplicate profiles: flagged on every create and relevant change, dismissed or merged by staff."""

from __future__ import annotations

import difflib
import re
import unicodedata

from django.db import transaction
from django.db.models import Q
from django.utils.translation import gettext as _

from sinergi.accounts.models import User
from sinergi.core import audit
from sinergi.core.access import check_perm

from ..models import Actor, DuplicateFlag, DuplicateReason, DuplicateResolution, Status

SIMILAR_NAME_RATIO = 0.88


def normalise_name(name: str) -> str:
    """Lower-case, no accents, no legal-form words or punctuation: for duplicate detection."""
    text = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode().lower()
    text = re.sub(r"\b(pt|cv|ud|tbk|koperasi|toko|usaha|the)\b", " ", text)
    return re.sub(r"[^a-z0-9]+", " ", text).strip()


def find_duplicates(*, actor: Actor) -> list[tuple[Actor, str, float]]:
    """Other live profiles with the same NIB, or a similar name in the same kelurahan."""
    found: list[tuple[Actor, str, float]] = []
    live = Actor.objects.exclude(pk=actor.pk).exclude(status=Status.ARCHIVED)
    if actor.nib:
        found += [(other, DuplicateReason.SAME_NIB, 1.0) for other in live.filter(nib=actor.nib)]
    if actor.kelurahan_id:
        mine = normalise_name(actor.name)
        for other in live.filter(kelurahan_id=actor.kelurahan_id).only("id", "name", "slug"):
            ratio = difflib.SequenceMatcher(None, mine, normalise_name(other.name)).ratio()
            if ratio >= SIMILAR_NAME_RATIO and not any(o.pk == other.pk for o, _, _ in found):
                found.append((other, DuplicateReason.SIMILAR_NAME, round(ratio, 3)))
    return found


def flag_duplicates(*, actor: Actor) -> list[DuplicateFlag]:
    """Flag each likely duplicate of `actor` for staff once (a pair is flagged once, whichever came first)."""
    flags = []
    for other, reason, score in find_duplicates(actor=actor):
        first, second = sorted((actor, other), key=lambda a: a.pk)
        flag, created = DuplicateFlag.objects.get_or_create(
            actor=first, other=second, defaults={"reason": reason, "score": score}
        )
        if created:
            flags.append(flag)
    return flags


@transaction.atomic
def duplicate_dismiss(*, by: User | None, flag: DuplicateFlag, reason: str) -> DuplicateFlag:
    """Staff find the pair is two businesses after all: the flag is closed, the reason kept in the trail."""
    check_perm(by, "registry.merge_actors", flag.actor, message=_("Anda tidak berhak memutuskan dugaan duplikat."))
    flag.resolved = True
    flag.resolution = DuplicateResolution.DISMISSED
    flag.save(update_fields=["resolved", "resolution", "updated_at"])
    audit.record(
        by=by,
        action="registry.duplicate.dismissed",
        target=flag.actor,
        data={"other": flag.other_id, "reason": reason},
    )
    return flag


def flags_resolve_merged(*, actor: Actor) -> int:
    """Close the open flags of a profile merged into another (part of `actor_merge`); returns how many."""
    return DuplicateFlag.objects.filter(Q(actor=actor) | Q(other=actor), resolved=False).update(
        resolved=True, resolution=DuplicateResolution.MERGED
    )
