"""`python -m bench [--quick]`: run the benchmarks (see bench/run.py)."""

import sys

from bench.run import main

sys.exit(main())
