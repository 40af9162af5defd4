"""Staff build a program's call with a form builder (never JSON) and pick subsectors from the list in
force only; a verified culinary business is eligible for a culinary program; reviewers read labelled
answers."""

from __future__ import annotations

from typing import Any

import pytest
from django.contrib.auth.models import AnonymousUser
from django.test import Client

from sinergi.accounts.models import Role
from sinergi.classification.models import Subsector
from sinergi.core.errors import ServiceError
from sinergi.programs import services
from sinergi.programs.eligibility import answer_rows, question_keys
from sinergi.programs.forms import ProgramForm
from sinergi.programs.models import Program, ProgramApplication
from tests.factories import OrganisationFactory, UserFactory, city_office, make_actor, user_with_role

from .factories import make_program

pytestmark = pytest.mark.django_db


def current_kuliner() -> Subsector:
    return Subsector.objects.get(code="KUL", subsector_list__is_current=True)


def test_the_subsector_picker_offers_only_the_list_in_force() -> None:
    offered = list(ProgramForm(user=AnonymousUser()).fields["eligible_subsectors"].queryset)
    assert offered
    assert all(s.subsector_list.is_current for s in offered)
    assert [s.name_id for s in offered].count("Kuliner") == 1
    assert len(offered) == Subsector.objects.filter(subsector_list__is_current=True).count()
    assert Subsector.objects.filter(name_id="Kuliner").count() > 1  # the older lists are still there


def test_a_program_cannot_target_a_subsector_of_an_older_list() -> None:
    old = Subsector.objects.filter(code="KUL", subsector_list__is_current=False).first()
    assert old is not None
    with pytest.raises(ServiceError) as caught:
        make_program(subsectors=[old])
    assert "daftar yang berlaku" in caught.value.field_errors["eligible_subsectors"][0]
    assert not Program.objects.exists()


def program_post(organiser: Any, **extra: str) -> dict[str, Any]:
    data = {
        "title": "Kelas Kemasan Kuliner",
        "slug": "kelas-kemasan-kuliner",
        "kind": "training",
        "organiser": str(organiser.pk),
        "start_date": "2030-02-01",
        "end_date": "2030-03-01",
        "fostered_rule": "any",
        "cohort_size": "10",
        "eligible_subsectors": [str(current_kuliner().pk)],
        "pertanyaan-TOTAL_FORMS": "3",
        "pertanyaan-INITIAL_FORMS": "0",
        "pertanyaan-MIN_NUM_FORMS": "0",
        "pertanyaan-MAX_NUM_FORMS": "30",
        "pertanyaan-0-label": "Punya P-IRT?",
        "pertanyaan-0-type": "yesno",
        "pertanyaan-0-required": "on",
        "pertanyaan-1-label": "Omzet per bulan (Rp)",
        "pertanyaan-1-type": "number",
        "pertanyaan-2-label": "",
        "pertanyaan-2-type": "text",
    }
    data.update(extra)
    return data


def test_staff_build_the_questions_with_the_form_builder(client: Client) -> None:
    staff = user_with_role(Role.STAFF)
    organiser = city_office()  # staff organise for their own office only
    client.force_login(staff)
    page = client.get("/program/baru/").content.decode()
    assert "JSON" not in page
    assert 'name="pertanyaan-0-label"' in page
    assert 'name="pertanyaan-0-type"' in page

    response = client.post("/program/baru/", program_post(organiser))
    assert response.status_code == 302
    program = Program.objects.get()
    assert program.status == "draft"
    assert program.questions == [
        {"key": "punya_p_irt", "label": "Punya P-IRT?", "type": "yesno", "required": True},
        {"key": "omzet_per_bulan_rp", "label": "Omzet per bulan (Rp)", "type": "number", "required": False},
    ]
    assert list(program.eligible_subsectors.all()) == [current_kuliner()]


def test_a_choice_question_needs_its_choices_and_nothing_typed_is_lost(client: Client) -> None:
    client.force_login(user_with_role(Role.STAFF))
    organiser = city_office()
    data = program_post(organiser, **{"pertanyaan-2-label": "Tahu program dari", "pertanyaan-2-type": "choice"})
    response = client.post("/program/baru/", data)
    assert response.status_code == 400
    page = response.content.decode()
    assert "Tulis paling sedikit dua pilihan, satu per baris." in page
    assert 'value="Kelas Kemasan Kuliner"' in page
    assert 'value="Tahu program dari"' in page
    assert not Program.objects.exists()

    data["pertanyaan-2-choices"] = "Komunitas\nMedia sosial\n"
    assert client.post("/program/baru/", data).status_code == 302
    assert Program.objects.get().questions[2] == {
        "key": "tahu_program_dari", "label": "Tahu program dari", "type": "choice", "required": False,
        "choices": ["Komunitas", "Media sosial"],
    }  # fmt: skip


def test_more_question_rows_keep_what_was_typed(client: Client) -> None:
    client.force_login(user_with_role(Role.STAFF))
    data = program_post(OrganisationFactory(), tambah_pertanyaan="1")
    response = client.post("/program/baru/", data)
    page = response.content.decode()
    assert response.status_code == 200
    assert not Program.objects.exists()
    assert 'value="Kelas Kemasan Kuliner"' in page
    assert 'value="Punya P-IRT?"' in page
    assert 'name="pertanyaan-4-label"' in page  # two typed rows and three blank ones


def test_a_verified_culinary_business_can_apply_to_a_culinary_program(client: Client) -> None:
    owner = UserFactory()
    actor = make_actor(by=owner, name="Warung Nasi Bu Ani", kbli_code="56101")
    assert current_kuliner() in actor.subsectors.all()  # derived from KBLI through the active mapping
    program = make_program(subsectors=[current_kuliner()])
    assert services.eligibility_problems(program=program, actor=actor) == []
    client.force_login(owner)
    response = client.post(
        f"/program/{program.slug}/daftar/",
        {"actor": str(actor.pk), "q_motivasi": "Naik kelas", "q_punya_pirt": "ya"},
    )
    assert response.status_code == 302
    assert ProgramApplication.objects.get().actor == actor


def test_reviewers_read_labelled_answers(client: Client) -> None:
    program = make_program()
    actor = make_actor()
    services.application_submit(
        by=None, program=program, actor=actor, answers={"motivasi": "Naik kelas", "omzet": "5.000.000",
                                                         "punya_pirt": "ya"}
    )  # fmt: skip
    client.force_login(user_with_role(Role.STAFF))
    page = client.get(f"/program/{program.slug}/kelola/").content.decode()
    assert "<dt>Sudah punya P-IRT?</dt>" in page
    assert "punya_pirt" not in page
    assert "True" not in page
    rows = ProgramApplication.objects.get().answer_rows
    assert rows == [("Motivasi", "Naik kelas"), ("Omzet per bulan", "5.000.000"), ("Sudah punya P-IRT?", "ya")]


def test_question_keys_and_answer_rows() -> None:
    assert question_keys(["Punya P-IRT?", "Punya P-IRT?", "!!!"]) == ["punya_p_irt", "punya_p_irt_2", "pertanyaan_3"]
    questions = [{"key": "a", "label": "A", "type": "yesno"}, {"key": "b", "label": "B", "type": "text"}]
    assert answer_rows(questions, {"a": False, "lama": "x"}) == [("A", "tidak"), ("B", "—"), ("lama", "x")]


def test_the_apply_page_does_not_offer_a_business_that_already_applied(client: Client) -> None:
    owner = UserFactory()
    actor = make_actor(by=owner, name="Warung Nasi Bu Ani", kbli_code="56101")
    program = make_program()
    client.force_login(owner)
    form = {"actor": str(actor.pk), "q_motivasi": "Naik kelas", "q_punya_pirt": "ya"}
    assert client.post(f"/program/{program.slug}/daftar/", form).status_code == 302
    page = client.get(f"/program/{program.slug}/daftar/").content.decode()
    assert "Semua usaha Anda sudah mendaftar di program ini." in page
    assert "Kirim pendaftaran" not in page
    assert "Warung Nasi Bu Ani · Diajukan" in page
    again = client.post(f"/program/{program.slug}/daftar/", form)
    assert again.status_code == 400
    assert ProgramApplication.objects.count() == 1
