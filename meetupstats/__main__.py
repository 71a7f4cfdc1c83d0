"""``python -m meetupstats`` runs the command line."""

from meetupstats.cli import main

raise SystemExit(main())
