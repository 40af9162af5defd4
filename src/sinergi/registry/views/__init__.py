"""Pages of the registry workspace (/direktori/kelola/): owners, community leaders and office staff.

Views are thin: parse with a form, check a named permission from rules.py, call one service, render.
"""
