"""The demo's data files (CSV, packaged with the wheel): what the seeds in `sinergi.demo.seed` read."""

from pathlib import Path

DATA_DIR = Path(__file__).resolve().parent
