"""``python -m meetupstats.synthetic OUT_DIR ...``: write a synthetic logbook."""

import sys

from meetupstats.synthetic import main

sys.exit(main())
