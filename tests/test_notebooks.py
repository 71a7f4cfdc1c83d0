"""The notebooks: committed without outputs, one parameters cell, cells that only call
and plot, and they run with papermill on the sample logbook."""

from __future__ import annotations

import ast
from pathlib import Path

import nbformat
import pytest

from meetupstats.report import render_notebook, section_of_cells
from meetupstats.resources import notebook_path, sample_logbook_dir

NOTEBOOKS = ("yearly_reflection.ipynb", "explore.ipynb")
PARAMETERS = {"data_dir", "year", "as_of", "compare_previous", "anonymize", "owner_name"}
#: Statements and expressions that make a cell more than "call and plot".
LOGIC = (
    ast.For,
    ast.AsyncFor,
    ast.While,
    ast.If,
    ast.IfExp,
    ast.Try,
    ast.With,
    ast.FunctionDef,
    ast.AsyncFunctionDef,
    ast.ClassDef,
    ast.Lambda,
    ast.ListComp,
    ast.SetComp,
    ast.DictComp,
    ast.GeneratorExp,
)


def _read(name: str) -> nbformat.NotebookNode:
    return nbformat.read(notebook_path(name), as_version=4)


@pytest.mark.parametrize("name", NOTEBOOKS)
def test_notebook_is_committed_without_outputs(name: str) -> None:
    nb = _read(name)
    nbformat.validate(nb)
    for cell in nb.cells:
        if cell.cell_type == "code":
            assert cell.outputs == [] and cell.execution_count is None


@pytest.mark.parametrize("name", NOTEBOOKS)
def test_exactly_one_parameters_cell_with_the_parameters(name: str) -> None:
    nb = _read(name)
    tagged = [c for c in nb.cells if "parameters" in c.metadata.get("tags", [])]
    assert len(tagged) == 1
    assigned = {
        target.id
        for node in ast.parse(tagged[0].source).body
        if isinstance(node, ast.Assign)
        for target in node.targets
        if isinstance(target, ast.Name)
    }
    assert assigned == PARAMETERS


@pytest.mark.parametrize("name", NOTEBOOKS)
def test_cells_only_call_and_plot(name: str) -> None:
    for cell in _read(name).cells:
        if cell.cell_type != "code":
            continue
        tree = ast.parse(cell.source)
        logic = [type(node).__name__ for node in ast.walk(tree) if isinstance(node, LOGIC)]
        assert logic == [], f"{name}: a cell has {logic}: move it into the library\n{cell.source}"
        # Text from the logbook is never turned into Markdown (which does not sanitise).
        assert "Markdown" not in cell.source and "HTML(" not in cell.source


def test_reflection_notebook_sections() -> None:
    nb = _read("yearly_reflection.ipynb")
    sections = [
        c.source.lstrip("# ").strip()
        for c in nb.cells
        if c.cell_type == "markdown" and c.source.startswith("## ")
    ]
    assert sections == [
        "Year at a glance",
        "Learning",
        "Networking",
        "Where it pays",
        "Career ladder",
        "Goals",
        "Insights",
        "Reflection prompts",
    ]
    # Every code cell after the setup belongs to a section (for error messages).
    named = section_of_cells(nb)
    assert named[0] == "Setup" and named[-1] == "Reflection prompts"


@pytest.mark.slow
def test_explore_notebook_runs_on_the_sample(tmp_path: Path) -> None:
    out = render_notebook(
        notebook_path("explore.ipynb"),
        {"data_dir": str(sample_logbook_dir()), "year": None},
        tmp_path / "explore.html",
        title="Explore",
    )
    page = out.read_text(encoding="utf-8")
    for heading in (
        "Attendance over time",
        "Communities",
        "Topics over the years",
        "Contact ledger",
    ):
        assert heading in page
    assert "Traceback" not in page
    assert "<script" not in page
    assert "tie_strength" in page  # the ledger table was shown
