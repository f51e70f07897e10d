"""Entry point for `python -m indicators`."""

import sys

from .cli.main import main

sys.exit(main())
