"""Every database constraint is said in people's words, on the field it is about: never Django's
"Batasan “booth_application_one_per_community” dilanggar."."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.apps import apps
from django.core.exceptions import ValidationError

from sinergi.core.errors import ServiceError
from sinergi.core.models import ConstraintMessages
from sinergi.events import services as event_services
from sinergi.programs.models import Program
from tests.events.factories import make_community, make_event
from tests.factories import UserFactory
from tests.programs.factories import make_program


def constrained_models() -> list[type]:
    return [m for m in apps.get_models() if m.__module__.startswith("sinergi.") and m._meta.constraints]


def test_every_constraint_has_a_message_on_a_real_field() -> None:
    assert constrained_models()
    for model in constrained_models():
        assert issubclass(model, ConstraintMessages), model
        names = {c.name for c in model._meta.constraints}
        said = model.constraint_messages
        assert names <= set(said), f"{model.__name__}: no words for {sorted(names - set(said))}"
        for name, (field, message) in said.items():
            assert name in names, f"{model.__name__}: message for an unknown constraint {name}"
            assert field is None or model._meta.get_field(field)
            assert "“" not in str(message)
            assert name not in str(message)


@pytest.mark.django_db
def test_applying_for_a_booth_twice_is_said_in_the_forms_words() -> None:
    leader = UserFactory()
    community = make_community("Komunitas Rajut", leader=leader)
    event = make_event(title="Bazar Uji Batasan")
    data = {"products": "Syal rajut", "size_wanted": "3x3", "needs_power": False, "wants_shared": False}
    event_services.booth_application_submit(by=leader, event=event, data=data, community=community)
    with pytest.raises(ServiceError) as caught:
        event_services.booth_application_submit(by=leader, event=event, data=data, community=community)
    assert caught.value.field_errors == {"community": ["Komunitas ini sudah mengajukan stan di acara ini."]}


@pytest.mark.django_db
def test_a_check_constraint_lands_on_its_field() -> None:
    program = make_program()
    program.end_date = program.start_date - timedelta(days=1)
    with pytest.raises(ValidationError) as caught:
        program.full_clean()
    assert caught.value.message_dict == {"end_date": ["Tanggal selesai tidak boleh sebelum tanggal mulai."]}
    assert Program.objects.get().end_date > program.end_date
