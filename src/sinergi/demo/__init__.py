"""Demo data, outside the product (as Zulip keeps `zilencer`): `sinergi seed_demo` and its seeds.

Installed only where demo data belongs (`settings.base.with_demo`: the local settings, a public demo
site with `SINERGI_DEMO=1`, and the test settings); a real installation never imports it. It sits above
every other app (import-linter): it may import any of them, none imports it.
"""
