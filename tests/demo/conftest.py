"""Fixtures of the demo tests: the fresh Kalimantan Timur installation the core tests use too."""

from tests.core.conftest import kaltim  # noqa: F401 -- a fixture, found by pytest through this name
