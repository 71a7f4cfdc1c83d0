"""``python -m benchmarks``: run the benchmark suite and print the results table."""

import sys

from benchmarks.suite import main

sys.exit(main())
