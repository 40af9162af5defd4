"""The single command line: `sinergi <command>` (also `python -m sinergi`).

`sinergi pdrb …` runs the PDRB Ekraf engine without Django or a database; every other command is a
Django management command with Sinergi's settings (`sinergi help` lists them).
"""

from __future__ import annotations

import os
import sys
from collections.abc import Sequence


def main(argv: Sequence[str] | None = None) -> int:
    args = list(sys.argv[1:] if argv is None else argv)
    if args and args[0] == "pdrb":
        from ekraf.cli import main as pdrb_main

        return pdrb_main(args[1:])
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "sinergi.settings.local")
    from django.core.management import execute_from_command_line

    execute_from_command_line(["sinergi", *args])
    return 0


if __name__ == "__main__":
    sys.exit(main())
