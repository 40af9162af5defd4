"""Registry state for the public portal's tests, built through the registry's services."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from sinergi.accounts.models import OrganisationKind
from sinergi.registry import services
from sinergi.registry.models import Actor, Community, CreativeHub, Product
from tests.factories import OrganisationFactory, kelurahan, make_actor

SECRET_NIK = "3276014512900003"
SECRET_PHONE = "+6281298765432"
SECRET_HOME = "Jl. Rahasia Rumah No. 99"
SECRET_NPWP = "0123456782012345"
SECRET_EMAIL = "pemilik.rahasia@contoh.id"


def actor_with_personal_data(**data: object) -> Actor:
    """A verified actor whose contact person, NPWP and owner carry personal data that must never be public."""
    from tests.factories import UserFactory

    owner = UserFactory(email=SECRET_EMAIL)
    actor = make_actor(
        name=str(data.pop("name", "Batik Tulis Rahasia")),
        kbli_code=str(data.pop("kbli_code", "13134")),
        npwp=SECRET_NPWP,
        address="Jl. Usaha Terbuka No. 1",
        latitude=Decimal("-6.402500"),
        longitude=Decimal("106.794200"),
        **data,
    )
    actor.owner = owner
    actor.save(update_fields=["owner"])
    services.contact_save(
        by=None,
        actor=actor,
        data={
            "full_name": "Siti Narahubung",
            "nik": SECRET_NIK,
            "phone": SECRET_PHONE,
            "home_address": SECRET_HOME,
            "email": SECRET_EMAIL,
            "consent": True,
        },
    )
    return actor


def community(name: str = "Komunitas Fesyen Depok", **data: object) -> Community:
    return services.community_create(by=None, data={"name": name, "description": "Komunitas fesyen.", **data})


def hub(name: str = "Ruang Kreatif Margonda", **data: object) -> CreativeHub:
    return services.hub_save(
        by=None,
        data={"name": name, "description": "Ruang kerja bersama.", "kelurahan": kelurahan(), **data},
    )


def product(actor: Actor, name: str = "Kain Batik Mega Mendung", **data: object) -> Product:
    return services.product_save(
        by=None, actor=actor, data={"name": name, "price_min": Decimal(150000), "price_max": Decimal(1500000), **data}
    )


def office() -> object:
    return OrganisationFactory(kind=OrganisationKind.OFFICE, name="Dinas Perdagangan dan Perindustrian")


def certification(actor: Actor, kind: str = "halal", number: str = "ID32110000123450923") -> object:
    from sinergi.registry.models import Certification

    return Certification.objects.create(actor=actor, kind=kind, number=number, valid_until=dt.date(2029, 12, 7))
