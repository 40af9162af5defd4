"""Retake the README tour's screenshots from a running demo (`make run`), with Debian's chromium.

    .venv/bin/python docs/tour/take.py [--base http://127.0.0.1:8000]

Each picture is a full page at 1366 px wide; the signed-in one (07) signs in as the demo's registry
staff. The script only reads pages: it changes nothing in the demo.
"""

from __future__ import annotations

import argparse
import re
import shutil
from pathlib import Path

from playwright.sync_api import sync_playwright

HERE = Path(__file__).resolve().parent
PASSWORD = "Sinergi-Depok-2026"  # noqa: S105 -- the demo accounts' published password (docs/operations/demo-accounts.md)
PUBLIC = [
    ("01-beranda.png", "/"),
    ("02-direktori.png", "/direktori/"),
    ("03-ringkasan-kecamatan.png", "/direktori/ringkasan-kecamatan/"),
    ("04-statistik.png", "/statistik/"),
    ("05-kolaborasi.png", "/kolaborasi/"),
    ("06-acara.png", "/acara/"),
]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--base", default="http://127.0.0.1:8000")
    base = parser.parse_args().base.rstrip("/")
    chromium = shutil.which("chromium") or "/usr/bin/chromium"
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=chromium, args=["--no-sandbox", "--disable-gpu"])
        page = browser.new_page(viewport={"width": 1366, "height": 900}, locale="id-ID")
        for name, path in PUBLIC:
            page.goto(base + path)
            page.screenshot(path=str(HERE / name), full_page=True)
        # The first published statistics publication, as a visitor opens it from the list.
        page.goto(base + "/statistik/")
        page.locator("main a[href^='/statistik/']").filter(has_text=re.compile(r"\S")).first.click()
        page.screenshot(path=str(HERE / "08-statistik-depok.png"), full_page=True)
        page.goto(base + "/akun/masuk/")
        page.locator("#id_username").fill("petugas.disdagin@demo.sinergi.id")
        page.locator("#id_password").fill(PASSWORD)
        page.locator("main button[type=submit]").click()
        page.wait_for_url(lambda url: "/akun/masuk/" not in url)
        page.goto(base + "/direktori/kelola/")
        page.screenshot(path=str(HERE / "07-verifikasi.png"), full_page=True)
        browser.close()


if __name__ == "__main__":
    main()
