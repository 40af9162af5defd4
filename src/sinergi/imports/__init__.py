"""Bulk import and export: uploads that are read safely, validated row by row, previewed and committed
all-or-nothing in the background, and exports that neutralise formulas and mask personal data.

Generic: a domain app describes its rows in its own `bulk.py` (an `Importer` / `Exporter` registered
with `sinergi.imports.kinds.register`); this app never imports a domain app.
"""
