"""The demo's data are CSV files in the demo app (issue 12 §5), read with fixed columns; a bad file stops
the seed with its file and line, before anything is written."""

from __future__ import annotations

from pathlib import Path

import pytest

from sinergi.accounts.models import OfficeFunction, OrganisationKind, Role
from sinergi.demo import data
from sinergi.demo.seed import accounts


def test_the_accounts_demo_reads_its_organisations_and_users_from_csv() -> None:
    assert (data.DATA_DIR / "depok" / "organisations.csv").is_file()
    disdagin = next(o for o in accounts.organisations("depok") if o.key == "disdagin")
    assert disdagin.kind == OrganisationKind.OFFICE and disdagin.functions == {OfficeFunction.REGISTRY}
    admin = next(u for u in accounts.users("kaltim") if u.key == "admin")
    assert admin.superuser and admin.role == Role.ADMIN and admin.organisation == "diskominfo"
    assert accounts.profile("kaltim")["government_name"] == "Pemerintah Provinsi Kalimantan Timur"
    assert accounts.letterheads("depok")["bappeda"]["letter_place"] == "Depok"


def _region(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, users: str) -> None:
    (tmp_path / "99").mkdir()
    (tmp_path / "99" / "users.csv").write_text(users, encoding="utf-8")
    monkeypatch.setattr(data, "DATA_DIR", tmp_path)


def test_an_unknown_role_names_its_file_and_line(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    header = ",".join(accounts.USER_COLUMNS)
    _region(tmp_path, monkeypatch, f"{header}\nwarga,w@demo.sinergi.id,Warga,,,,x\nkepala,k@x.id,K,dinas,raja,,x\n")
    with pytest.raises(data.DemoDataError, match=r"99/users\.csv:3: .*raja"):
        accounts.users("99")


def test_other_columns_are_refused(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    _region(tmp_path, monkeypatch, "key,email\nwarga,w@demo.sinergi.id\n")
    with pytest.raises(data.DemoDataError, match=r"99/users\.csv: kolom \['key', 'email'\]"):
        accounts.users("99")


def test_a_short_row_is_refused(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    _region(tmp_path, monkeypatch, ",".join(accounts.USER_COLUMNS) + "\nwarga,w@demo.sinergi.id\n")
    with pytest.raises(data.DemoDataError, match=r"99/users\.csv:2: jumlah isian"):
        accounts.users("99")
