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
    assert disdagin.kind == OrganisationKind.OFFICE
    assert disdagin.functions == {OfficeFunction.REGISTRY}
    admin = next(u for u in accounts.users("kaltim") if u.key == "admin")
    assert admin.superuser
    assert admin.role == Role.ADMIN
    assert admin.organisation == "diskominfo"
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


def test_the_registry_demo_reads_its_plan_and_lists_from_csv() -> None:
    from sinergi.demo.seed import registry

    assert (data.DATA_DIR / "depok" / "business_lines.csv").is_file()
    count, lines = registry.PLAN["KRY"]
    assert count == 40
    assert lines[0].prefix == "Batik"
    assert lines[0].kbli == "13134"
    assert lines[0].products[0][0] == "Batik Tulis Motif Belimbing"
    assert len(registry.HUBS) == 3
    assert all(hub.programmes for hub in registry.HUBS)
    assert registry.LED_COMMUNITY in {name for name, *_rest in registry.FICTIONAL_COMMUNITIES}


def test_a_product_of_no_business_line_is_refused(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from sinergi.demo.seed.registry import plan

    (tmp_path / "99").mkdir()
    (tmp_path / "99" / "products.csv").write_text(
        "subsector,prefix,name,description,price_min,price_max\nKUL,Warung,Nasi,Enak.,1,2\n", encoding="utf-8"
    )
    (tmp_path / "99" / "business_lines.csv").write_text("subsector,prefix,kbli\n", encoding="utf-8")
    monkeypatch.setattr(data, "DATA_DIR", tmp_path)
    monkeypatch.setattr(plan, "DATA", "99")
    with pytest.raises(data.DemoDataError, match=r"99/products\.csv: tanpa jenis usaha .*Warung"):
        plan._plan()


def test_the_collaboration_demo_reads_its_initiatives_from_csv() -> None:
    from sinergi.collaboration.models import Phase, PledgeKind, Stance
    from sinergi.demo.seed import collaboration

    assert (data.DATA_DIR / "depok" / "initiatives.csv").is_file()
    assert len(collaboration.PLANS) == 16
    assert {p.phase for p in collaboration.PLANS} >= {Phase.COMPLETED}
    first = collaboration.PLANS[0]
    assert first.proposer == ("office", "disdagin", "kepala_disdagin")
    assert first.budget == 85_000_000
    assert first.pledges[2] == ("org:asosiasi", PledgeKind.FUNDING, "Biaya cetak 500 eksemplar katalog.", 15_000_000,
                                "delivered")  # fmt: skip
    stance, _body, replies = first.comments[0]
    assert stance == Stance.FOR
    assert replies == (("neutral", "Semoga kriteria kurasinya diumumkan terbuka sejak awal."),)
    assert collaboration.COMMUNITY_LEADERS["tapos"][:2] == ("Paguyuban Kuliner Rumahan Tapos", "ketua_komunitas")


def test_a_pledge_for_an_unknown_initiative_is_refused(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import shutil

    from sinergi.demo.seed import collaboration

    shutil.copytree(data.DATA_DIR / "depok", tmp_path / "99")
    with (tmp_path / "99" / "initiative_pledges.csv").open("a", encoding="utf-8") as handle:
        handle.write("Inisiatif yang tidak ada,org:media,media,Liputan.,,offered\n")
    monkeypatch.setattr(data, "DATA_DIR", tmp_path)
    monkeypatch.setattr(collaboration, "DATA", "99")
    with pytest.raises(data.DemoDataError, match=r"99/initiative_pledges\.csv: inisiatif tidak dikenal"):
        collaboration._plans()


def test_the_kaltim_registry_and_the_event_sessions_are_read_from_csv() -> None:
    from datetime import time

    from sinergi.demo.seed import events
    from sinergi.demo.seed.kaltim import events as kaltim_events
    from sinergi.demo.seed.kaltim import registry as kaltim_registry
    from sinergi.events.models import SessionKind

    assert (data.DATA_DIR / "kaltim" / "business_lines.csv").is_file()
    assert kaltim_registry.LINES[0].product == "Kain Tenun Ulap Doyo"
    assert kaltim_registry.LINES[0].price == (
        350_000,
        1_500_000,
    )
    assert kaltim_registry.LED_COMMUNITY == "Paguyuban Kuliner Tepian Mahakam (demo)"
    assert len(kaltim_registry.COMMUNITIES) == 5
    assert kaltim_events.SESSIONS[0][:4] == (0, SessionKind.BAZAAR, "Bazar produk kreatif kab/kota hari pertama",
                                             time(9))  # fmt: skip
    assert len(events.SESSIONS) == 6


def test_a_session_time_that_is_no_time_names_its_line(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from sinergi.demo.seed import events

    (tmp_path / "99").mkdir()
    (tmp_path / "99" / "event_sessions.csv").write_text(
        ",".join(events.SESSION_COLUMNS) + "\n0,bazaar,Bazar,jam sepuluh,21:00,Aula,,500\n", encoding="utf-8"
    )
    monkeypatch.setattr(data, "DATA_DIR", tmp_path)
    with pytest.raises(data.DemoDataError, match=r"99/event_sessions\.csv:2: .*jam sepuluh"):
        events.session_plan("99")


def test_the_programs_demo_reads_its_questions_and_sessions_from_csv() -> None:
    from sinergi.demo.seed import programs

    assert (data.DATA_DIR / "depok" / "program_questions.csv").is_file()
    assert programs.QUESTIONS[3] == {
        "key": "sumber_info",
        "label": "Tahu program ini dari",
        "type": "choice",
        "required": False,
        "choices": ["Komunitas", "Media sosial Disdagin", "Kelurahan", "Lainnya"],
    }
    assert programs.OPEN_QUESTIONS[2] == ("Sudah berjualan di lokapasar?", "yesno", True, ())
    assert [q["choices"] for q in programs.built_questions() if q["type"] == "choice"] == [
        ["Pagi (09.00–12.00)", "Sore (14.00–17.00)"]
    ]
    assert programs.HALAL_SESSIONS[0] == ("Pengantar jaminan produk halal", "Pendamping PPH")
