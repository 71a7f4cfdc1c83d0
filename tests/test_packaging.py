"""Packaging facts: dependency lists agree, generated docs are current, start-up is light."""

from __future__ import annotations

import re
import subprocess
import sys
import tomllib
from pathlib import Path

import yaml

from meetupstats import schema

ROOT = Path(__file__).resolve().parents[1]


def _name(requirement: str) -> str:
    return re.split(r"[<>=!~ \[]", requirement.strip(), maxsplit=1)[0].lower().replace("_", "-")


def test_environment_yml_lists_the_runtime_dependencies_of_pyproject() -> None:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    pip_names = {_name(r) for r in project["dependencies"]}
    env = yaml.safe_load((ROOT / "environment.yml").read_text(encoding="utf-8"))
    conda_names = {_name(d) for d in env["dependencies"] if isinstance(d, str)} - {"python", "pip"}
    assert conda_names == pip_names
    assert any(isinstance(d, dict) and "-e ." in d.get("pip", []) for d in env["dependencies"])


def test_data_readme_is_generated_from_the_schema() -> None:
    assert (ROOT / "data" / "README.md").read_text(encoding="utf-8") == schema.data_readme()


def test_every_schema_column_is_documented_with_an_example_row() -> None:
    text = schema.data_readme()
    for table in schema.TABLES.values():
        assert ",".join(table.column_names) in text
        for column in table.columns:
            assert f"| `{column.name}` |" in text


def test_startup_does_not_import_heavy_libraries() -> None:
    code = (
        "import sys, meetupstats.cli as c; c.build_parser(); "
        "heavy = [m for m in ('sklearn', 'matplotlib', 'papermill', 'nbconvert', 'icalendar', 'vobject') "
        "if m in sys.modules]; print(heavy)"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"


def test_gitignore_keeps_personal_data_out() -> None:
    ignored = subprocess.run(
        [
            "git",
            "check-ignore",
            "data/personal/events.csv",
            "reports/reflection-2025.html",
            "data/mine/events.csv",
        ],
        cwd=ROOT,
        capture_output=True,
        text=True,
    )
    assert ignored.stdout.split() == [
        "data/personal/events.csv",
        "reports/reflection-2025.html",
        "data/mine/events.csv",
    ]


def test_wheel_ships_the_sample_logbook_and_notebooks(tmp_path: Path) -> None:
    import zipfile

    subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "wheel",
            "--no-deps",
            "--no-build-isolation",
            "-q",
            "-w",
            str(tmp_path),
            str(ROOT),
        ],
        check=True,
        capture_output=True,
    )
    (wheel,) = tmp_path.glob("meetupstats-*.whl")
    names = set(zipfile.ZipFile(wheel).namelist())
    for table in schema.TABLES.values():
        assert f"meetupstats/_bundled/sample/{table.filename}" in names
    assert "meetupstats/_bundled/notebooks/yearly_reflection.ipynb" in names
    # every module of the package, subpackages included
    modules = {p.relative_to(ROOT).as_posix() for p in (ROOT / "meetupstats").rglob("*.py")}
    assert modules - names == set()
    assert not any("/personal/" in n or n.endswith(".html") for n in names)
