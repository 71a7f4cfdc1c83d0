"""The command line through a real subprocess: exit codes and messages."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from builders import event, write_logbook

from meetupstats import __version__


def run(*args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    full_env = {k: v for k, v in os.environ.items() if k != "MEETUPSTATS_DATA"}
    full_env.update(env or {})
    return subprocess.run(
        [sys.executable, "-m", "meetupstats", *args],
        capture_output=True,
        text=True,
        env=full_env,
        timeout=120,
    )


def test_version_and_help() -> None:
    r = run("--version")
    assert r.returncode == 0
    assert r.stdout.strip() == f"meetupstats {__version__}"
    h = run("--help")
    assert h.returncode == 0
    assert "validate" in h.stdout and "init" in h.stdout


def test_no_command_is_a_usage_error() -> None:
    r = run()
    assert r.returncode == 2
    assert "Traceback" not in r.stderr


def test_unknown_option_is_a_usage_error() -> None:
    r = run("validate", "--bogus")
    assert r.returncode == 2
    assert "unrecognized arguments: --bogus" in r.stderr


def test_init_makes_a_folder_that_validates(tmp_path: Path) -> None:
    r = run("init", str(tmp_path / "book"))
    assert r.returncode == 0, r.stderr
    assert {p.name for p in (tmp_path / "book").iterdir()} >= {
        "events.csv",
        "contacts.csv",
        "interactions.csv",
        "learnings.csv",
        "README.md",
    }
    v = run("validate", "--data", str(tmp_path / "book"))
    assert v.returncode == 0, v.stderr
    assert "ok" in v.stdout


def test_init_refuses_an_existing_logbook(tmp_path: Path) -> None:
    assert run("init", str(tmp_path)).returncode == 0
    r = run("init", str(tmp_path))
    assert r.returncode == 2
    assert "already holds a logbook" in r.stderr
    assert "Traceback" not in r.stderr


def test_validate_reports_every_problem_with_exit_2(tmp_path: Path) -> None:
    folder = write_logbook(
        tmp_path,
        events=[event("e1", "2025-13-01", rating="9"), event("e1", "2025-01-01", status="went")],
    )
    r = run("validate", "--data", str(folder))
    assert r.returncode == 2
    assert "Traceback" not in r.stderr
    lines = [ln for ln in r.stderr.splitlines() if ln.startswith(str(folder))]
    events_csv = folder / "events.csv"
    assert (
        f"{events_csv}:2: date: not a date: '2025-13-01' (expected YYYY-MM-DD, e.g. 2025-03-12)"
        in lines
    )
    assert any(ln.startswith(f"{events_csv}:2: rating: out of range") for ln in lines)
    assert any(ln.startswith(f"{events_csv}:3: status: unknown value 'went'") for ln in lines)
    assert any(ln.startswith(f"{events_csv}:3: event_id: duplicate id") for ln in lines)


def test_data_folder_rule(tmp_path: Path) -> None:
    folder = write_logbook(tmp_path / "env", events=[event("e1", "2025-01-01")])
    by_env = run("validate", env={"MEETUPSTATS_DATA": str(folder)})
    assert by_env.returncode == 0
    assert str(folder) in by_env.stdout
    missing = run("validate", "--data", str(tmp_path / "nope"))
    assert missing.returncode == 2
    assert "logbook folder not found" in missing.stderr
    default = run("validate")
    assert "using the sample logbook" in default.stderr


def test_warnings_do_not_fail(tmp_path: Path) -> None:
    folder = write_logbook(
        tmp_path, contacts=[{"contact_id": "c1", "name": "A", "introduced_by": "c1"}]
    )
    r = run("validate", "--data", str(folder))
    assert r.returncode == 0
    assert "warning: introduced_by: a contact cannot introduce themselves" in r.stderr


def test_data_and_dry_run_work_before_or_after_the_subcommand(tmp_path: Path) -> None:
    folder = tmp_path / "book"
    assert run("init", str(folder)).returncode == 0
    export = Path(__file__).parent / "fixtures" / "exports" / "Connections.csv"

    def files() -> dict[str, bytes]:  # .lock holds the last writer's pid, not data
        return {
            p.name: p.read_bytes() for p in folder.iterdir() if p.is_file() and p.name != ".lock"
        }

    before = files()
    for args in (
        ("import", "linkedin", str(export), "--data", str(folder), "--dry-run"),
        ("import", "--data", str(folder), "--dry-run", "linkedin", str(export)),
        ("--data", str(folder), "import", "linkedin", str(export), "--dry-run"),
    ):
        r = run(*args)
        assert r.returncode == 0, (args, r.stderr)
        assert "dry run" in r.stdout
    assert files() == before
    assert run("--data", str(folder), "summary", "--year", "2025").returncode == 0


def test_the_quick_exit_runs_exit_handlers_and_flushes_everything(tmp_path: Path) -> None:
    # ``meetupstats`` ends with os._exit (no heap teardown) once the command has
    # returned: exit handlers still run, buffered output still arrives, and the
    # exit code is the command's.
    script = (
        "import atexit, sys\n"
        "from meetupstats.cli import run\n"
        "atexit.register(lambda: print('exit handler ran'))\n"
        "sys.stdout.write('x' * 100_000)\n"  # buffered, not yet written
        f"sys.argv = ['meetupstats', 'validate', '--data', {str(tmp_path / 'none')!r}]\n"
        "run()\n"
    )
    r = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, timeout=120, check=False
    )
    assert r.returncode == 2
    assert r.stdout == "x" * 100_000 + "exit handler ran\n"
    assert "none" in r.stderr and "Traceback" not in r.stderr
