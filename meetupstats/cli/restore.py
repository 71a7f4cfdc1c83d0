"""``meetupstats restore``: list the logbook's backups, or put one back."""

from __future__ import annotations

import argparse
import datetime as dt

from meetupstats.cli import add_data_argument, data_dir
from meetupstats.errors import UsageError

HELP = "list the logbook's backups (.backup/), or restore one (the newest by default)"


def add_arguments(parser: argparse.ArgumentParser) -> None:
    add_data_argument(parser)
    parser.add_argument(
        "backup", nargs="?", metavar="NAME", help="backup to restore (default: the newest)"
    )
    parser.add_argument("--list", action="store_true", help="only list the backups, newest last")


def run(args: argparse.Namespace) -> int:
    from meetupstats.logbook import validate_logbook
    from meetupstats.storage import folder_lock, list_backups, restore_backup

    folder = data_dir(args)
    if not folder.is_dir():
        raise UsageError(f"{folder}: logbook folder not found")
    backups = list_backups(folder)
    if args.list:
        for b in backups:
            when = dt.datetime.fromtimestamp(b.stat().st_mtime).strftime("%Y-%m-%d %H:%M:%S")
            files = ", ".join(sorted(p.name for p in b.iterdir()))
            print(f"{b.name}  {when}  {files}")
        if not backups:
            print(f"{folder}: no backups yet (one is made before every change meetupstats writes)")
        return 0
    if not backups:
        raise UsageError(f"{folder}: no backups to restore")
    if args.backup:
        chosen = [b for b in backups if b.name == args.backup]
        if not chosen:
            names = ", ".join(b.name for b in backups)
            raise UsageError(f"{folder}: no backup named {args.backup!r} (have: {names})")
        backup = chosen[0]
    else:
        backup = backups[-1]
    with folder_lock(folder):
        written = restore_backup(folder, backup)
    if not written:
        print(f"{folder}: already identical to backup {backup.name}; nothing changed")
        return 0
    print(
        f"{folder}: restored {', '.join(written)} from backup {backup.name} (the replaced version was backed up)"
    )
    errors = [p for p in validate_logbook(folder) if p.severity == "error"]
    for p in errors:
        print(p)
    return 0
