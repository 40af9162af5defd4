"""`get_FOO_display()` reads each language's memo of a field's labels (core.models.ChoiceLabels): the same
answer as Django's own, in the active language, without translating every choice on each call (issue 17:
a list of 20 initiatives translated some 300 labels a page)."""

from __future__ import annotations

from typing import Any

import pytest
from django.apps import apps
from django.db import models
from django.utils import translation
from django.utils.translation import trans_real

from sinergi.collaboration.models import Initiative, Phase
from sinergi.core.models import ChoiceLabels


def _choice_fields() -> list[tuple[type[models.Model], Any]]:
    return [
        (model, field)
        for model in apps.get_models()
        if issubclass(model, ChoiceLabels)
        for field in model._meta.concrete_fields
        if field.choices
    ]


def test_there_are_choice_fields_to_compare() -> None:
    assert len(_choice_fields()) > 20


@pytest.mark.parametrize("language", ["id", "en"])
def test_every_label_is_the_one_django_gives(language: str) -> None:
    with translation.override(language):
        for model, field in _choice_fields():
            values = [value for value, _label in field.flatchoices] + ["bukan-pilihan", None]
            for value in values:
                instance = model(**{field.attname: value})
                ours = getattr(instance, f"get_{field.name}_display")()
                django = models.Model._get_FIELD_display(instance, field)
                assert ours == django, (model, field.name, value, language)
                assert type(ours) is type(django)


def test_the_label_follows_the_language() -> None:
    initiative = Initiative(phase=Phase.OPEN)
    with translation.override("id"):
        indonesian = initiative.get_phase_display()
    with translation.override("en"):
        english = initiative.get_phase_display()
    with translation.override("id"):
        again = initiative.get_phase_display()
    assert indonesian == str(Phase.OPEN.label) == again
    assert english != indonesian
    with translation.override("en"):
        assert english == str(Phase.OPEN.label)


def test_a_list_of_labels_is_not_translated_again_and_again(monkeypatch: pytest.MonkeyPatch) -> None:
    calls = []
    real = trans_real.gettext  # what translation.gettext (and so every lazy label) calls

    def counting(message: str) -> str:
        calls.append(message)
        return real(message)

    initiatives = [Initiative(phase=phase) for phase in list(Phase) * 4]
    with translation.override("en"):
        [i.get_phase_display() for i in initiatives]  # the first use in this language builds the memo
        expected = [str(Phase(i.phase).label) for i in initiatives]
        monkeypatch.setattr(translation._trans, "gettext", counting)
        labels = [i.get_phase_display() for i in initiatives]
    assert labels == expected
    assert calls == []
