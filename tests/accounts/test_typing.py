"""Whom a permission is asked about has one type name, `sinergi.accounts.typing.AnyUser`: `rules` calls
every predicate with a signed-in `User` or an `AnonymousUser` visitor, never with anything else."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from django.contrib.auth.models import AnonymousUser

from sinergi.accounts.models import User
from sinergi.accounts.predicates import memberships_of, office_areas_of, office_functions_of, registry_areas
from sinergi.accounts.typing import AnyUser

SRC = Path(__file__).resolve().parents[2] / "src" / "sinergi"
RULE_FILES = sorted([*SRC.glob("*/rules.py"), *SRC.glob("*/predicates.py")])
UNTYPED_USER = re.compile(r"\buser: Any\b(?!User)")
OWN_ALIAS = re.compile(r"^\w+\s*(?::\s*TypeAlias)?\s*=\s*(?:User\s*\|\s*AnonymousUser|AbstractBaseUser\s*\|)", re.M)


def test_any_user_is_a_user_or_a_visitor() -> None:
    assert AnyUser == User | AnonymousUser


def test_no_rules_predicate_takes_an_untyped_user() -> None:
    assert len(RULE_FILES) >= 8
    found = [
        f"{path.relative_to(SRC)}:{text[: m.start()].count(chr(10)) + 1}"
        for path in RULE_FILES
        for text in [path.read_text(encoding="utf-8")]
        for m in UNTYPED_USER.finditer(text)
    ]
    assert found == []


def test_no_rules_module_keeps_its_own_alias_for_the_user() -> None:
    found = [str(p.relative_to(SRC)) for p in RULE_FILES if OWN_ALIAS.search(p.read_text(encoding="utf-8"))]
    assert found == []


@pytest.mark.django_db
def test_a_visitor_belongs_to_nothing_and_nobody_works_nowhere() -> None:
    visitor = AnonymousUser()
    assert memberships_of(visitor) == []
    assert office_functions_of(visitor) == {}
    assert office_areas_of(visitor) == {}
    assert registry_areas(visitor) == frozenset()
    assert registry_areas(None) == frozenset()
