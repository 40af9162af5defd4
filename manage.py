import sys

from sinergi.__main__ import main

sys.exit(main())
