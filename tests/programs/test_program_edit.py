"""The organiser's staff edit a program (title, description, dates, call window, eligibility, cohort size)
through programs.services.program_update: permission-checked, validated, audited."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from sinergi.accounts.models import OfficeFunction, Role
from sinergi.classification.models import Subsector
from sinergi.core.errors import NotAllowed, ServiceError
from sinergi.core.models import AuditEntry
from sinergi.programs import services
from tests.factories import MembershipFactory, office_with, user_with_role

from .factories import make_program

pytestmark = pytest.mark.django_db


def _form(program, **changes):
    data = {
        "title": program.title,
        "kind": program.kind,
        "certification": program.certification,
        "description": program.description,
        "start_date": program.start_date.isoformat(),
        "end_date": program.end_date.isoformat(),
        "fostered_rule": program.fostered_rule,
        "call_opens": program.call_opens.isoformat(),
        "call_closes": program.call_closes.isoformat(),
        "cohort_size": str(program.cohort_size),
    }
    data.update(changes)
    return data


def test_organiser_staff_edit_a_program_and_the_public_page_shows_it(client):
    program = make_program(title="Pelatihan Kemasan")
    client.force_login(user_with_role(Role.STAFF))
    manage = client.get(reverse("programs:manage", args=[program.slug])).content.decode()
    edit_url = reverse("programs:edit", args=[program.slug])
    assert f'href="{edit_url}"' in manage
    assert 'value="Pelatihan Kemasan"' in client.get(edit_url).content.decode()
    kuliner = Subsector.objects.get(code="KUL", subsector_list__is_current=True)
    closes = timezone.localdate() + timedelta(days=9)
    response = client.post(
        edit_url,
        _form(
            program,
            title="Pelatihan Kemasan Pangan",
            description="Kemasan yang aman untuk pangan olahan.",
            call_closes=closes.isoformat(),
            cohort_size="25",
            eligible_subsectors=[str(kuliner.pk)],
            size_classes=["mikro", "kecil"],
        ),
    )
    assert response.status_code == 302
    program.refresh_from_db()
    assert program.title == "Pelatihan Kemasan Pangan"
    assert program.slug == "pelatihan-kemasan"  # links stay valid
    assert (program.cohort_size, program.call_closes) == (25, closes)
    assert list(program.eligible_subsectors.all()) == [kuliner]
    assert program.eligible_size_classes == ["mikro", "kecil"]
    entry = AuditEntry.objects.filter(action="programs.program.updated").latest("pk")
    assert entry.data["fields"] == [
        "call_closes",
        "cohort_size",
        "description",
        "eligible_size_classes",
        "eligible_subsectors",
        "title",
    ]
    public = client.get(reverse("programs:detail", args=[program.slug])).content.decode()
    assert "Pelatihan Kemasan Pangan" in public
    assert "Kemasan yang aman untuk pangan olahan." in public


def test_bad_dates_are_errors_on_the_form_and_nothing_changes(client):
    program = make_program(title="Pelatihan Foto Produk")
    client.force_login(user_with_role(Role.STAFF))
    response = client.post(
        reverse("programs:edit", args=[program.slug]),
        _form(program, title="Judul Baru", end_date=(program.start_date - timedelta(days=1)).isoformat()),
    )
    assert response.status_code == 400
    assert response.context["form"].errors
    program.refresh_from_db()
    assert program.title == "Pelatihan Foto Produk"


def test_only_the_organising_office_may_edit():
    program = make_program()
    other = MembershipFactory(role=Role.STAFF, organisation=office_with(OfficeFunction.STATISTICS, name="Lain")).user
    with pytest.raises(NotAllowed):
        services.program_update(by=other, program=program, data={"title": "Bukan milik saya"})
    program.refresh_from_db()
    assert program.title != "Bukan milik saya"


def test_cohort_size_cannot_drop_below_the_participants_and_slug_is_not_editable():
    program = make_program()
    with pytest.raises(ServiceError):
        services.program_update(by=None, program=program, data={"slug": "lain"})
    with pytest.raises(ServiceError) as excinfo:
        services.program_update(by=None, program=program, data={"cohort_size": 0})
    assert "cohort_size" in excinfo.value.field_errors


def test_other_offices_get_403_on_the_edit_page(client):
    program = make_program()
    other = MembershipFactory(role=Role.STAFF, organisation=office_with(OfficeFunction.STATISTICS, name="Lain")).user
    client.force_login(other)
    assert client.get(reverse("programs:edit", args=[program.slug])).status_code == 403


def test_the_edit_page_shows_the_saved_dates_in_the_date_inputs(client):
    program = make_program()
    client.force_login(user_with_role(Role.STAFF))
    page = client.get(reverse("programs:edit", args=[program.slug])).content.decode()
    assert f'name="start_date" value="{program.start_date.isoformat()}"' in page
    assert f'name="call_closes" value="{program.call_closes.isoformat()}"' in page


def test_the_edit_page_shows_every_chosen_subsector_kecamatan_and_partner_as_a_ticked_checkbox(client):
    """Walking the demo's edit page: the choices were select-multiple boxes showing four rows, so what was
    chosen sat hidden below the fold and a plain click on another subsector silently dropped the rest."""
    from sinergi.wilayah.models import Wilayah
    from tests.factories import OrganisationFactory

    program = make_program()
    kuliner = Subsector.objects.get(code="KUL", subsector_list__is_current=True)
    fesyen = Subsector.objects.get(code="FSN", subsector_list__is_current=True)
    program.eligible_subsectors.set([kuliner, fesyen])
    beji = Wilayah.objects.filter(level="kecamatan").order_by("name").first()
    program.eligible_kecamatan.set([beji])
    partner = OrganisationFactory(name="Asosiasi Kuliner Mitra")
    program.partners.set([partner])
    client.force_login(user_with_role(Role.STAFF))
    page = client.get(reverse("programs:edit", args=[program.slug])).content.decode()
    for name, pk in [
        ("eligible_subsectors", kuliner.pk),
        ("eligible_subsectors", fesyen.pk),
        ("eligible_kecamatan", beji.pk),
        ("partners", partner.pk),
    ]:
        assert re.search(rf'<input type="checkbox" name="{name}" value="{pk}"[^>]*checked', page), (name, pk)
    assert not re.search(r"<select[^>]*multiple", page)
