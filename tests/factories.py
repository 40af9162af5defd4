"""factory-boy factories for state; behaviour under test goes through services."""

from __future__ import annotations

import factory
from factory.django import DjangoModelFactory

from sinergi.accounts.models import Membership, OfficeFunction, Organisation, OrganisationKind, Role, User
from sinergi.classification.models import KbliCode
from sinergi.registry import services
from sinergi.registry.models import Actor, Status
from sinergi.wilayah.models import Wilayah


class UserFactory(DjangoModelFactory[User]):
    class Meta:
        model = User
        django_get_or_create = ("email",)

    email = factory.Sequence(lambda n: f"pengguna{n}@contoh.id")
    full_name = factory.Faker("name", locale="id_ID")
    password = factory.django.Password("rahasia-Sinergi-2026")


class OrganisationFactory(DjangoModelFactory[Organisation]):
    class Meta:
        model = Organisation

    name = factory.Sequence(lambda n: f"Organisasi {n}")
    slug = factory.Sequence(lambda n: f"organisasi-{n}")
    kind = OrganisationKind.OFFICE
    signatory_name = "Penanda Tangan Uji"
    signatory_title = "Kepala Dinas"
    signatory_nip = "197001012000031001"


class MembershipFactory(DjangoModelFactory[Membership]):
    class Meta:
        model = Membership

    user = factory.SubFactory(UserFactory)
    organisation = factory.SubFactory(OrganisationFactory)
    role = Role.STAFF


def city_office() -> Organisation:
    """The tests' default city office: it administers the registry and produces the statistics (as
    one office may in a small region). Tests of office scoping make offices with one function each
    (`office_with`) and pass them explicitly."""
    return Organisation.objects.get_or_create(
        slug="dinas-uji",
        defaults={
            "name": "Dinas Uji Kota",
            "kind": OrganisationKind.OFFICE,
            "administers_registry": True,
            "produces_statistics": True,
            "signatory_name": "Penanda Tangan Uji",
            "signatory_title": "Kepala Dinas",
            "signatory_nip": "197001012000031001",
        },
    )[0]


def office_with(*functions: str, name: str = "", area: str = "") -> Organisation:
    """A city office holding exactly `functions` (OfficeFunction values), working for the kab/kota with
    code `area` (province installations; empty = the whole installation)."""
    return OrganisationFactory(
        kind=OrganisationKind.OFFICE,
        **({"name": name, "short_name": name} if name else {}),
        administers_registry=OfficeFunction.REGISTRY in functions,
        produces_statistics=OfficeFunction.STATISTICS in functions,
        area=Wilayah.objects.get(code=area) if area else None,
    )


def province_installation(settings: object, code: str = "64", name: str = "Kalimantan Timur") -> None:
    """Turn the test database into a province installation: load the province's subtree of the shipped
    map (Kalimantan Timur: 10 kab/kota, 105 kecamatan, 1,038 desa/kelurahan) and configure the region."""
    from sinergi.registry.filters import clear_options_cache
    from sinergi.wilayah.services import wilayah_load

    settings.SINERGI_REGION_CODE = code  # type: ignore[attr-defined]
    settings.SINERGI_REGION_NAME = name  # type: ignore[attr-defined]
    wilayah_load(region_code=code)
    clear_options_cache()


def user_with_role(role: str, kind: str = OrganisationKind.OFFICE, organisation: Organisation | None = None) -> User:
    if organisation is None:
        organisation = city_office() if kind == OrganisationKind.OFFICE else OrganisationFactory(kind=kind)
    return MembershipFactory(role=role, organisation=organisation).user


# ---------------------------------------------------------------- registry
def kelurahan(code: str = "32.76.01.1006") -> Wilayah:
    """A real Depok kelurahan from the reference data (Depok, Pancoran Mas by default)."""
    return Wilayah.objects.get(code=code)


def kbli(code: str = "14111") -> KbliCode:
    return KbliCode.objects.get(version="2020", code=code)


def make_actor(
    *, by: User | None = None, status: str = Status.VERIFIED, kbli_code: str = "14111", **data: object
) -> Actor:
    """An actor created through the service, so derived fields are right."""
    defaults: dict[str, object] = {
        "name": f"Usaha Uji {Actor.objects.count() + 1}",
        "description": "Produk kreatif buatan Depok.",
        "kelurahan": kelurahan(),
    }
    defaults.update(data)
    return services.actor_create(
        by=by,
        data=defaults,
        kbli=services.KbliChoice(primary=kbli(kbli_code), others=[]),
        owner=by,
        status=status,
        staff=True,
    )
