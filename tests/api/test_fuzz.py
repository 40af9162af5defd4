"""Schemathesis over the whole published OpenAPI schema, as three callers: anonymous, a staff member's
token and a plain user's token (both with every scope, so only named permissions refuse).

Two phases per operation, sent in-process to the WSGI application against the demo data:
- coverage: schemathesis's deterministic boundary cases (minimum/maximum and just beyond, huge numbers,
  wrong types, missing and unexpected parameters), valid and invalid;
- fuzzing: Hypothesis-generated requests, valid (positive) and deliberately invalid (negative),
  `SINERGI_FUZZ_EXAMPLES` per operation and mode (default 5).
Path parameters name real records every other case, so the deep code runs too. Every answer must be
- no 5xx,
- a status code the schema documents for that operation,
- the documented content type, and a body that validates against the documented schema.

Every failure is collected (not only the first) and reported together; every run writes its figures
(cases, 2xx, refused cleanly with 4xx, 5xx, schema violations) to the terminal. For a deep run raise the
count and draw new cases each time: `SINERGI_FUZZ_EXAMPLES=100 SINERGI_FUZZ_RANDOM=1 pytest
tests/api/test_fuzz.py`. See docs/operations/security.md, "API fuzzing".
"""

from __future__ import annotations

import io
import os
import re
import sys
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

import pytest
import schemathesis
from django.core.signals import request_finished, request_started
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st
from hypothesis.errors import Unsatisfiable
from schemathesis import GenerationMode
from schemathesis.checks import not_a_server_error
from schemathesis.core.failures import FailureGroup
from schemathesis.core.result import Err
from schemathesis.generation.drivers import CoverageGenerator
from schemathesis.generation.feedback import FeedbackSources
from schemathesis.generation.overrides import Override
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from sinergi.accounts import tokens
from sinergi.accounts.models import TokenScope, User
from sinergi.demo.regions import seeders

pytestmark = pytest.mark.django_db

EXAMPLES = int(os.environ.get("SINERGI_FUZZ_EXAMPLES", "5"))
RANDOM = os.environ.get("SINERGI_FUZZ_RANDOM", "") == "1"
CHECKS = [not_a_server_error, status_code_conformance, content_type_conformance, response_schema_conformance]
CALLERS = {
    "anonymous": None,
    "staff": "petugas.disdagin@demo.sinergi.id",
    "plain": "warga@demo.sinergi.id",
}


@dataclass
class Tally:
    """What one run did: cases sent, by outcome, and the distinct failures (operation, kind, detail)."""

    cases: int = 0
    by_class: Counter[str] = field(default_factory=Counter)
    failures: dict[tuple[str, str], str] = field(default_factory=dict)
    failed_cases: Counter[str] = field(default_factory=Counter)
    no_negative: list[str] = field(default_factory=list)

    def figures(self) -> str:
        return (
            f"cases={self.cases} 2xx={self.by_class['2xx']} refused_4xx={self.by_class['4xx']} "
            f"5xx={self.by_class['5xx']} schema_violations={self.failed_cases['schema']} "
            f"distinct_failures={len(self.failures)} "
            f"operations_with_nothing_to_make_invalid={len(self.no_negative)}"
        )


def _known_values() -> dict[str, list[Any]]:
    """Real path parameters, by the path prefix that takes them."""
    from sinergi.collaboration.models import Initiative
    from sinergi.events.models import BoothApplication, Event, EventSession
    from sinergi.programs.models import Program, ProgramSession
    from sinergi.registry.models import Actor, Community, CreativeHub, Product
    from sinergi.statistics.models import Publication

    def few(qs: Any, attr: str) -> list[Any]:
        return list(qs.order_by("pk").values_list(attr, flat=True)[:5])

    return {
        "/actors/": few(Actor.objects.all(), "slug"),
        "/communities/": few(Community.objects.all(), "slug"),
        "/hubs/": few(CreativeHub.objects.all(), "slug"),
        "/products/": few(Product.objects.all(), "slug"),
        "/events/sessions/": few(EventSession.objects.all(), "pk"),
        "/events/booth-applications/": few(BoothApplication.objects.all(), "pk"),
        "/events/": few(Event.objects.all(), "slug"),
        "/programs/sessions/": few(ProgramSession.objects.all(), "pk"),
        "/programs/": few(Program.objects.all(), "slug"),
        "/initiatives/": few(Initiative.objects.all(), "pk"),
        "/statistics/publications/": few(Publication.objects.all(), "pk"),
        "/statistics/regions/": ["32.76", "32"],
    }


def _real_parameters(path: str, known: dict[str, list[Any]]) -> list[dict[str, Any]]:
    """Path parameters naming real records for this operation's path (none if it takes none)."""
    names = re.findall(r"{(\w+)}", path)
    tail = path.removeprefix("/api/v1")
    for prefix, values in known.items():
        if names and tail.startswith(prefix):
            return [{names[0]: value} for value in values]
    return []


def _summary(failure_group: FailureGroup, status: int) -> list[tuple[str, str]]:
    """(kind, detail) of each failure; everything wrong with a 5xx answer counts as that 5xx."""
    kind = "5xx" if status >= 500 else "schema"
    return [
        (kind, f"{getattr(f, 'title', type(f).__name__)}: {str(getattr(f, 'message', ''))[:300]}")
        for f in failure_group.exceptions
    ]


@dataclass
class Target:
    """One operation as one caller sends it."""

    name: str
    headers: dict[str, str]
    real: list[dict[str, Any]]
    tally: Tally

    def send(self, case: Any, use_real: int) -> None:
        if self.real and use_real % 2:
            case.path_parameters = {**(case.path_parameters or {}), **self.real[use_real % len(self.real)]}
        response = case.call(headers=self.headers)
        self.tally.cases += 1
        self.tally.by_class[f"{response.status_code // 100}xx"] += 1
        try:
            case.validate_response(response, checks=CHECKS, headers=self.headers)
        except FailureGroup as group:
            kinds = set()
            for kind, detail in _summary(group, response.status_code):
                kinds.add(kind)
                self.tally.failures.setdefault((self.name, kind), detail)
            for kind in kinds:
                self.tally.failed_cases[kind] += 1


def fuzz(secret: str | None, examples: int = EXAMPLES) -> Tally:
    """Send generated requests to every operation of /api/v1/openapi.json; count and collect what fails."""
    from sinergi.api.v1 import api

    schema = schemathesis.openapi.from_dict(api.get_openapi_schema(path_prefix="/api/v1/"))
    schema.app = get_wsgi_application()
    headers = {"Authorization": f"Bearer {secret}"} if secret else {}
    known = _known_values()
    tally = Tally()
    for result in schema.get_all_operations():
        if isinstance(result, Err):  # the schema itself is broken: that is a failure, not a skip
            raise result.err()
        operation = result.ok()
        target = Target(
            name=operation.label, headers=headers, real=_real_parameters(operation.path, known), tally=tally
        )
        _coverage(schema, operation, target)
        for mode in (GenerationMode.POSITIVE, GenerationMode.NEGATIVE):
            _fuzzing(operation, mode, target, examples)
    return tally


def _coverage(schema: Any, operation: Any, target: Target) -> None:
    generator = CoverageGenerator(
        operation=operation,
        generation_modes=list(GenerationMode),
        generation_config=schema.config.generation_for(operation=operation, phase="coverage"),
        auth_storage=None,
        override=Override(),
        feedback=FeedbackSources(),
    )
    for number, case in enumerate(generator):
        target.send(case, number)


def _fuzzing(operation: Any, mode: GenerationMode, target: Target, examples: int) -> None:
    @settings(
        max_examples=examples,
        deadline=None,
        database=None,
        derandomize=not RANDOM,
        phases=[Phase.explicit, Phase.generate],
        suppress_health_check=list(HealthCheck),
    )
    @given(case=operation.as_strategy(generation_mode=mode), use_real=st.integers(0, 9))
    def run(case: Any, use_real: int) -> None:
        target.send(case, use_real)

    try:
        run()
    except Unsatisfiable:
        # Nothing in this operation can be made invalid (no parameters, no body): nothing to send.
        if mode != GenerationMode.NEGATIVE:
            raise
        target.tally.no_negative.append(target.name)


@pytest.fixture
def keep_test_connection() -> Iterator[None]:
    """Requests go straight to the WSGI handler, whose request signals close a database connection that
    is inside a transaction: on PostgreSQL that ends the test's transaction after the first request.
    Django's own test client lifts the same signal for the same reason."""
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    try:
        yield
    finally:
        request_started.connect(close_old_connections)
        request_finished.connect(close_old_connections)


@pytest.fixture
def demo_world(settings: Any, keep_test_connection: None) -> None:
    settings.SINERGI_API_WRITE_RATE = "100000/min"  # the fuzzer writes far faster than any person
    for _app, seed in seeders():
        seed(io.StringIO())


def _secret(email: str | None) -> str | None:
    if email is None:
        return None
    user = User.objects.get(email=email)
    _token, secret = tokens.token_create(by=user, user=user, name="fuzz", scopes=list(TokenScope.values))
    return secret


@pytest.mark.parametrize("caller", list(CALLERS))
def test_every_operation_survives_generated_requests(
    demo_world: None, caller: str, capsys: pytest.CaptureFixture[str]
) -> None:
    tally = fuzz(_secret(CALLERS[caller]))
    with capsys.disabled():  # the figures go to the terminal on every run, so each run states what it tried
        sys.stdout.write(f"\n[API fuzz, {caller}, {EXAMPLES}/operation/mode] {tally.figures()}\n")
    assert tally.cases > 0
    report = "\n".join(f"{op} [{kind}] {detail}" for (op, kind), detail in sorted(tally.failures.items()))
    assert not tally.failures, f"{caller}: {tally.figures()}\n{report}"
