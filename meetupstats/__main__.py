"""``python -m meetupstats`` runs the command line."""

from meetupstats.cli import run

run()
