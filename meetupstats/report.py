"""Render a notebook into a self-contained HTML report: papermill, then nbconvert.

:func:`render_notebook` is the generic step every report uses: execute a
parameterized notebook with papermill (in a kernel running *this* Python, so
the installed meetupstats is importable), quietly, then export the executed
notebook to one HTML file in-process with nbconvert, without input cells.
:func:`render_reflection` renders the yearly career-reflection report and
writes, beside it with the same stem, the ``summary --json`` object and the
share card PNG. Both are made inside the kernel (which has the summary and
matplotlib loaded already) and carried out by one display output
(:data:`meetupstats.reflection.COMPANIONS_MIME`) that is taken out of
the notebook before the export; this process only writes the files.

The kernel (:class:`_Kernel`) is started first, so that it boots while this
process loads the logbook and imports papermill, and it is stopped at once
after the last cell. This process is otherwise idle while the kernel runs, so
it works for the kernel: it hands over the logbook it loaded and validated (the
kernel does not parse the folder again); it computes the Insights section
(scikit-learn) in a thread while the kernel draws the charts (the kernel's
Insights cell shows a placeholder, :data:`meetupstats.reflection.INSIGHTS_MIME`,
replaced by that section before the export); and that thread then readies the
HTML export (:func:`warm_up_export`). Nothing is kept between runs.

The HTML is self-contained and inert (DESIGN.md, Privacy): the page template
(``meetupstats/templates/meetupstats_report``) carries its own small CSS and no
script, stylesheet or font link; images are ``data:`` URIs; a
Content-Security-Policy forbids scripts and any resource that is not embedded;
output types that could run code (JavaScript, widgets, SVG, Markdown) are
shown as text. The text inside the outputs is escaped by
:mod:`meetupstats.fragments`.
"""

from __future__ import annotations

import base64
import json
import logging
import os
import subprocess
import sys
import tempfile
import threading
import warnings
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager, nullcontext
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from meetupstats.errors import ReportError

if TYPE_CHECKING:
    import nbformat

    from meetupstats.reflection import ReportData

log = logging.getLogger(__name__)

Progress = Callable[[str], None]

TEMPLATE_NAME = "meetupstats_report"
TEMPLATES_DIR = Path(__file__).resolve().parent / "templates"
REFLECTION_NOTEBOOK = "yearly_reflection.ipynb"
CELL_TIMEOUT_S = 600

#: Environment of the kernel: no debugger frozen-modules notice, no
#: platformdirs migration warning, the Agg backend, no Python warnings
#: written to the terminal.
_KERNEL_ENV = {
    "PYDEVD_DISABLE_FILE_VALIDATION": "1",
    "JUPYTER_PLATFORM_DIRS": "1",
    "MPLBACKEND": "Agg",
    "PYTHONWARNINGS": "ignore",
}


@dataclass(frozen=True)
class ReflectionFiles:
    """What :func:`render_reflection` wrote."""

    html: Path
    json: Path
    card: Path


# --------------------------------------------------------------------------- generic


def render_notebook(
    notebook: Path,
    parameters: Mapping[str, Any],
    out_html: Path,
    *,
    title: str | None = None,
    keep_notebook: Path | None = None,
    progress: Progress | None = None,
    cwd: Path | None = None,
    cell_timeout: int = CELL_TIMEOUT_S,
) -> Path:
    """Execute ``notebook`` with ``parameters`` and write it as HTML to ``out_html``.

    Parameters
    ----------
    notebook : Path
        A notebook with one cell tagged ``parameters``.
    parameters : mapping
        Values injected by papermill (JSON-like: str, int, float, bool, None).
    out_html : Path
        The HTML file to write (its folder is created). It is replaced only
        once the whole notebook ran.
    title : str, optional
        The page title (default: the notebook's file stem).
    keep_notebook : Path, optional
        Also keep the executed notebook there (default: a temporary copy that
        is removed).
    progress : callable, optional
        Called with the name of each section (the Markdown heading above a
        cell) when its first cell starts.
    cwd : Path, optional
        Working directory of the kernel (default: the notebook's folder).
    cell_timeout : int
        Seconds a single cell may run.

    Returns
    -------
    Path
        ``out_html``.

    Raises
    ------
    ReportError
        When a cell fails (the message names the section and the error), or
        the kernel cannot start or dies.
    """
    out, _taken = _render(
        notebook,
        parameters,
        out_html,
        title=title,
        keep_notebook=keep_notebook,
        progress=progress,
        cwd=cwd,
        cell_timeout=cell_timeout,
    )
    return out


def _render(
    notebook: Path,
    parameters: Mapping[str, Any],
    out_html: Path,
    *,
    title: str | None,
    keep_notebook: Path | None,
    progress: Progress | None,
    cwd: Path | None,
    cell_timeout: int,
    take: str | None = None,
    fill: tuple[str, Callable[[], Any]] | None = None,
    env: Mapping[str, str] | None = None,
    before_run: Callable[[], None] | None = None,
    kernel: _Kernel | None = None,
) -> tuple[Path, list[Any]]:
    """:func:`render_notebook`; also removes the outputs of MIME type ``take`` and returns
    their data, and replaces each output of MIME type ``fill[0]`` by ``fill[1]()``
    (an HTML fragment computed outside the kernel). ``env``: more kernel environment;
    ``before_run``: called once the execution machinery is imported, before the first
    cell; ``kernel``: a kernel already started (by default one is started here)."""
    import nbformat

    notebook = Path(notebook)
    out_html = Path(out_html)
    if not notebook.is_file():
        raise ReportError(f"{notebook}: notebook not found")
    with tempfile.TemporaryDirectory(prefix="meetupstats-report-") as tmp:
        executed_path = Path(keep_notebook) if keep_notebook else Path(tmp) / notebook.name
        executed_path.parent.mkdir(parents=True, exist_ok=True)
        with _Kernel(cwd or notebook.parent, env) if kernel is None else nullcontext(kernel) as k:
            _execute(
                notebook,
                executed_path,
                dict(parameters),
                progress,
                cell_timeout,
                keep=keep_notebook is not None,
                kernel=k,
                before_run=before_run,
            )
        executed = nbformat.read(executed_path, as_version=4)
    if fill is not None and _fill_outputs(executed, *fill) and keep_notebook:
        nbformat.write(executed, executed_path)
    _drop_stderr(executed)
    taken = _take_outputs(executed, take) if take else []
    executed.metadata["title"] = title or notebook.stem
    html = export_html(executed)
    out_html.parent.mkdir(parents=True, exist_ok=True)
    _write_atomic(out_html, html.encode("utf-8"))
    return out_html, taken


def export_html(nb: nbformat.NotebookNode) -> str:
    """The executed notebook ``nb`` as one self-contained HTML page, without input cells."""
    with _quiet_warnings():
        return _export(nb)


def _export(nb: nbformat.NotebookNode) -> str:
    with _EXPORTER_LOCK:
        body, _resources = _html_exporter().from_notebook_node(nb)
    return str(body)


def warm_up_export() -> None:
    """Make the next :func:`export_html` quick: import nbconvert and compile the page
    template (about 0.4 s) by exporting a one-cell notebook. The reflection report
    does this in its thread beside the kernel, so the export after the kernel only
    renders. (Warnings are not silenced here: ``warnings.catch_warnings`` is not
    thread-safe; the caller's thread silences them around the whole run.)"""
    import nbformat

    nb = nbformat.v4.new_notebook()
    nb.cells = [
        nbformat.v4.new_markdown_cell("# Warm-up"),
        nbformat.v4.new_code_cell(
            outputs=[
                nbformat.v4.new_output(
                    "display_data", data={"text/html": "<p>x</p>", "text/plain": "x"}
                )
            ]
        ),
    ]
    _export(nb)


#: One exporter per process (its template is compiled on first use); the lock
#: keeps a warm-up in a thread and an export from running at the same time.
_EXPORTER_LOCK = threading.Lock()
_EXPORTER: list[Any] = []


def _html_exporter() -> Any:
    if not _EXPORTER:
        from nbconvert import HTMLExporter

        _EXPORTER.append(
            HTMLExporter(
                template_name=TEMPLATE_NAME,
                extra_template_basedirs=[str(TEMPLATES_DIR)],
                exclude_input=True,
                exclude_input_prompt=True,
                exclude_output_prompt=True,
            )
        )
    return _EXPORTER[0]


def section_of_cells(nb: nbformat.NotebookNode) -> list[str]:
    """For each cell, the text of the nearest Markdown heading at or above it."""
    sections: list[str] = []
    current = "Setup"
    for cell in nb.cells:
        if cell.cell_type == "markdown":
            for line in cell.source.splitlines():
                stripped = line.strip()
                if stripped.startswith("#"):
                    current = stripped.lstrip("#").strip() or current
                    break
        sections.append(current)
    return sections


# --------------------------------------------------------------------------- reflection


def render_reflection(
    data_dir: Path,
    year: int | None,
    out_html: Path | None = None,
    *,
    as_of: str | None = None,
    compare_previous: bool = True,
    anonymize: bool = False,
    owner_name: str | None = None,
    keep_notebook: bool | Path = False,
    progress: Progress | None = None,
) -> ReflectionFiles:
    """Render the yearly career-reflection report of ``year`` and its companions.

    Writes ``out_html`` (default ``reports/reflection-YEAR.html``), and beside
    it ``<stem>.json`` (the ``summary --json`` object of the year) and
    ``<stem>-card.png`` (the share card: aggregate numbers only). ``year``
    ``None`` means the latest year with an attended event. The logbook is
    loaded (and validated) before any cell runs, so a bad logbook fails fast
    with its problems (the kernel, started first to boot meanwhile, is stopped).

    ``keep_notebook`` ``True`` keeps the executed notebook as
    ``<stem>.ipynb``; a path keeps it there.
    """
    from meetupstats import reflection
    from meetupstats.resources import notebook_path

    data_dir = Path(data_dir)
    notebook = notebook_path(REFLECTION_NOTEBOOK)
    # Warnings stay quiet for the whole run: the thread beside the kernel
    # cannot silence its own (see warm_up_export).
    with (
        _quiet_warnings(),
        tempfile.TemporaryDirectory(prefix="meetupstats-logbook-") as handoff,
    ):
        # The kernel takes the logbook loaded (and validated) here instead of
        # loading it a second time (reflection.prepare, LOGBOOK_HANDOFF_ENV). It is
        # started first and boots while the logbook is loaded; a bad logbook
        # stops it before any cell ran.
        into = reflection.handoff_path(Path(handoff))
        env = {reflection.INSIGHTS_OUTSIDE_ENV: "1", reflection.LOGBOOK_HANDOFF_ENV: str(into)}
        with _Kernel(notebook.parent, env) as kernel:
            return _render_reflection_in(
                kernel,
                notebook,
                data_dir,
                into,
                year,
                out_html,
                as_of=as_of,
                compare_previous=compare_previous,
                anonymize=anonymize,
                owner_name=owner_name,
                keep_notebook=keep_notebook,
                progress=progress,
            )


def _render_reflection_in(
    kernel: _Kernel,
    notebook: Path,
    data_dir: Path,
    handoff: Path,
    year: int | None,
    out_html: Path | None,
    *,
    as_of: str | None,
    compare_previous: bool,
    anonymize: bool,
    owner_name: str | None,
    keep_notebook: bool | Path,
    progress: Progress | None,
) -> ReflectionFiles:
    from meetupstats import reflection
    from meetupstats.logbook import load_logbook

    book = load_logbook(data_dir)
    year = reflection.report_year(book, year)
    as_of_date = reflection.report_as_of(book, as_of)
    out_html = Path(out_html) if out_html else Path("reports") / f"reflection-{year}.html"
    json_path = out_html.with_suffix(".json")
    card_path = out_html.with_name(f"{out_html.stem}-card.png")
    kept: Path | None = None
    if keep_notebook is True:
        kept = out_html.with_suffix(".ipynb")
    elif keep_notebook:
        kept = Path(keep_notebook)
    request = reflection.prepare_request(
        year,
        as_of_date.date().isoformat() if as_of_date is not None else None,
        compare_previous,
        anonymize,
        owner_name,
    )
    parameters = {"data_dir": str(data_dir.resolve()), **request}
    # What the notebook's first cell computes (reflection.prepare with these
    # parameters), computed here while the kernel boots and handed over with
    # the logbook.
    report = reflection.prepare_logbook(book, **request)
    try:
        reflection.write_handoff(book, data_dir, handoff, prepared=(request, report))
    except OSError as e:  # no room for it: the kernel loads the folder itself
        log.debug("logbook not handed to the kernel: %s", e)
    # The Insights section is computed here, in a thread, while the kernel
    # draws the other sections (this process only waits for it): its cell
    # shows a placeholder that is replaced below. The same thread then readies
    # the HTML export.
    beside = _BesideKernel(report)
    try:
        _out, taken = _render(
            notebook,
            parameters,
            out_html,
            title=reflection.report_title(year, owner_name),
            keep_notebook=kept,
            progress=progress,
            cwd=None,
            cell_timeout=CELL_TIMEOUT_S,
            take=reflection.COMPANIONS_MIME,
            fill=(reflection.INSIGHTS_MIME, beside.html),
            before_run=beside.start,
            kernel=kernel,
        )
    finally:
        beside.close()
    # The kernel computed the summary and drew the card (reflection_views.companions);
    # a notebook that did not (an edited copy) gets them computed here.
    companion = next((t for t in taken if isinstance(t, Mapping)), None)
    if companion is not None:
        text = str(companion["summary_json"])
        png = base64.b64decode(str(companion["card_png"]))
    else:
        from meetupstats.metrics import yearly_summary

        summary = yearly_summary(book, year, as_of=as_of_date)
        text = summary_json(summary)
        png = reflection.share_card(summary).png or b""
    _write_atomic(json_path, text.encode("utf-8"))
    _write_atomic(card_path, png)
    return ReflectionFiles(out_html, json_path, card_path)


class _BesideKernel:
    """The work this process does in one thread while it waits for the kernel:
    :func:`~meetupstats.reflection.report_insights` of the report, then
    :func:`warm_up_export` (so the export after the kernel only renders).

    The Insights run on the report data this process prepared and handed to the
    kernel (its logbook anonymized when asked), so it is the analysis the
    kernel would compute.
    """

    def __init__(self, report: ReportData) -> None:
        from concurrent.futures import Future, ThreadPoolExecutor

        self._report = report
        self._pool = ThreadPoolExecutor(max_workers=1, thread_name_prefix="meetupstats-beside")
        self._future: Future[str] | None = None

    def start(self) -> None:
        """Start (called once this process has imported what runs the kernel, so the
        two do not take turns on one interpreter lock while the kernel starts)."""
        if self._future is None:
            self._future = self._pool.submit(self._compute, self._report)
            self._pool.submit(_warm_up_quietly)

    @staticmethod
    def _compute(report: ReportData) -> str:
        from meetupstats.insights.present import insights_html
        from meetupstats.reflection import report_insights

        # what report.insights() computes in the kernel
        return str(insights_html(report_insights(report.book, report.year, report.as_of)))

    def html(self) -> dict[str, Any]:
        """The Insights section's display data (waits for the thread; raises its error)."""
        self.start()
        assert self._future is not None
        return {"text/html": self._future.result(), "text/plain": "<Insights>"}

    def close(self) -> None:
        """Let the thread end (on an error before it was needed, it is not waited for)."""
        self._pool.shutdown(wait=False, cancel_futures=True)


def _warm_up_quietly() -> None:
    try:
        warm_up_export()
    except Exception:  # the real export reports its own error
        log.debug("warming up the HTML export failed", exc_info=True)


def _fill_outputs(nb: nbformat.NotebookNode, mime: str, produce: Callable[[], Any]) -> bool:
    """Replace the data of every output carrying ``mime`` by ``produce()``; True if any.

    An error of ``produce`` is a :class:`ReportError` naming the section of the cell.
    """
    sections = section_of_cells(nb)
    found = False
    for i, cell in enumerate(nb.cells):
        if cell.cell_type != "code":
            continue
        for output in cell.get("outputs", []):
            if mime not in output.get("data", {}):
                continue
            try:
                output["data"] = produce()
            except Exception as e:
                log.debug("computing the outputs of cell %s failed", i, exc_info=True)
                raise ReportError(
                    f"the report failed in section {sections[i]!r}: {type(e).__name__}: {e}"
                ) from None
            found = True
    return found


def summary_json(summary: Mapping[str, Any]) -> str:
    """The ``summary --json`` text of a :func:`~meetupstats.metrics.yearly_summary` object."""
    return json.dumps(summary, indent=2, ensure_ascii=False, allow_nan=False) + "\n"


# --------------------------------------------------------------------------- execution


def _execute(
    notebook: Path,
    output: Path,
    parameters: dict[str, Any],
    progress: Progress | None,
    cell_timeout: int,
    keep: bool,
    kernel: _Kernel,
    before_run: Callable[[], None] | None = None,
) -> None:
    import nbformat
    import papermill
    from papermill.exceptions import PapermillExecutionError

    _register_engine()
    sections = section_of_cells(nbformat.read(notebook, as_version=4))
    if before_run is not None:
        before_run()
    try:
        with _quiet_warnings():
            papermill.execute_notebook(
                str(notebook),
                str(output),
                parameters=parameters,
                engine_name=_ENGINE_NAME,
                kernel_name="python3",
                progress_bar=False,
                log_output=False,
                request_save_on_cell_execute=False,
                execution_timeout=cell_timeout,
                km=kernel.manager,  # started already: nbclient runs the cells in it
                meetupstats_progress=progress,
            )
    except PapermillExecutionError as e:
        section = _failed_section(output, e.cell_index, sections)
        log.debug("cell %s failed:\n%s", e.cell_index, "\n".join(e.traceback or []))
        raise ReportError(
            f"the report failed in section {section!r}: {e.ename}: {e.evalue}"
            + (f" (the executed notebook is kept at {output})" if keep else "")
        ) from None
    except ReportError:
        raise
    except Exception as e:  # kernel did not start, died, or a cell timed out
        log.debug("notebook execution failed", exc_info=True)
        raise ReportError(f"could not run {notebook.name}: {type(e).__name__}: {e}") from None


def _failed_section(output: Path, cell_index: int, fallback: list[str]) -> str:
    import nbformat

    try:
        executed = nbformat.read(output, as_version=4)
        return section_of_cells(executed)[cell_index]
    except Exception:  # the executed copy is unreadable: use the source notebook
        return fallback[min(cell_index, len(fallback) - 1)] if fallback else "?"


_ENGINE_NAME = "meetupstats"


def _register_engine() -> None:
    """Register a papermill engine that reports section progress (idempotent)."""
    from papermill.engines import NBClientEngine, papermill_engines

    if _ENGINE_NAME in papermill_engines._engines:
        return

    class ProgressEngine(NBClientEngine):
        @classmethod
        def execute_managed_notebook(cls, nb_man: Any, kernel_name: str, **kwargs: Any) -> Any:
            progress: Progress | None = kwargs.pop("meetupstats_progress", None)
            if progress is not None:
                sections = section_of_cells(nb_man.nb)
                announced: set[str] = set()
                start = nb_man.cell_start

                def cell_start(cell: Any, cell_index: int | None = None, **kw: Any) -> Any:
                    name = sections[cell_index] if cell_index is not None else ""
                    if name and name not in announced:
                        announced.add(name)
                        progress(name)
                    return start(cell, cell_index, **kw)

                nb_man.cell_start = cell_start
            return super().execute_managed_notebook(nb_man, kernel_name, **kwargs)

    papermill_engines.register(_ENGINE_NAME, ProgressEngine)


_KERNEL_MANAGER: list[type] = []


def _kernel_manager_class() -> type:
    """A kernel manager that always launches ``ipykernel`` with this very Python.

    A ``python3`` kernelspec in the user's Jupyter folders may point at
    another interpreter (without meetupstats); the report must run in the
    environment that runs the command. Built on first use (jupyter_client is
    a heavy import).
    """
    if not _KERNEL_MANAGER:
        from jupyter_client.manager import AsyncKernelManager

        class ThisPythonKernelManager(AsyncKernelManager):
            def __init__(self, **kw: Any) -> None:
                super().__init__(**kw)
                self.clients: list[Any] = []

            def client(self, **kw: Any) -> Any:
                kc = super().client(**kw)
                self.clients.append(kc)  # to close its channels in stop()
                return kc

            def format_kernel_cmd(self, extra_arguments: list[str] | None = None) -> list[str]:
                cmd = [sys.executable, "-m", "ipykernel_launcher", "-f", self.connection_file]
                # the report's cells are not the user's: kept out of their IPython history
                cmd.append("--HistoryManager.enabled=False")
                return cmd + list(extra_arguments or [])

            async def start_kernel(self, **kw: Any) -> None:  # type: ignore[override]
                # The kernel's own log lines (transport notices, shutdown
                # interrupts) are not for the terminal; cell errors arrive
                # through the messaging channels anyway.
                kw.setdefault("stdout", subprocess.DEVNULL)
                kw.setdefault("stderr", subprocess.DEVNULL)
                await super().start_kernel(**kw)

        _KERNEL_MANAGER.append(ThisPythonKernelManager)
    return _KERNEL_MANAGER[0]


class _Kernel:
    """An ipykernel of this very Python for one notebook run (a context manager).

    Started on entering, before the notebook is ready to run, so that it boots
    (about 0.8 s, on another core) while this process loads the logbook and
    imports papermill; papermill then runs the cells in it (nbclient uses a
    kernel manager it is given as it is). On leaving, it is stopped at once: the
    kernel is thrown away, and every output has arrived when the last cell is
    done, so there is no graceful shutdown to wait for. Its environment is this
    process's plus :data:`_KERNEL_ENV` and ``env``, fixed when it starts.
    """

    def __init__(self, cwd: Path, env: Mapping[str, str] | None = None) -> None:
        self.cwd = Path(cwd)
        self.env = dict(env or {})
        self.manager: Any = None

    def __enter__(self) -> _Kernel:
        from jupyter_core.utils import run_sync

        manager = _kernel_manager_class()(kernel_name="python3")
        try:
            with _kernel_environment(self.env), _quiet_warnings():
                run_sync(manager.start_kernel)(cwd=str(self.cwd))
        except Exception as e:
            log.debug("the kernel did not start", exc_info=True)
            raise ReportError(f"could not start the kernel: {type(e).__name__}: {e}") from None
        self.manager = manager
        return self

    def __exit__(self, *exc: object) -> None:
        from jupyter_core.utils import run_sync

        manager, self.manager = self.manager, None
        if manager is None:
            return
        for kc in manager.clients:
            kc.stop_channels()
        # Kill and reap the process here: jupyter_client's shutdown polls for
        # its end every 0.1 s; then it finds it gone and only cleans up.
        process = getattr(manager.provisioner, "process", None)
        try:
            if process is not None and process.poll() is None:
                process.kill()
                process.wait(timeout=5)
        except Exception:  # left to shutdown_kernel below
            log.debug("killing the kernel failed", exc_info=True)
        try:
            with _quiet_warnings():
                run_sync(manager.shutdown_kernel)(now=True)
        except Exception:  # already gone: nothing left to stop
            log.debug("stopping the kernel failed", exc_info=True)


@contextmanager
def _kernel_environment(extra: Mapping[str, str] | None = None) -> Iterator[None]:
    env = {**_KERNEL_ENV, **(extra or {})}
    saved = {k: os.environ.get(k) for k in env}
    os.environ.update(env)
    try:
        yield
    finally:
        for key, value in saved.items():
            if value is None:
                os.environ.pop(key, None)
            else:
                os.environ[key] = value


@contextmanager
def _quiet_warnings() -> Iterator[None]:
    """No warning from jupyter_client, nbclient, papermill or nbconvert reaches the terminal."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        yield


def _drop_stderr(nb: nbformat.NotebookNode) -> None:
    """Remove stderr streams (warnings of libraries) from the outputs; they go to the log."""
    for cell in nb.cells:
        if cell.cell_type != "code":
            continue
        kept = []
        for output in cell.get("outputs", []):
            if output.get("output_type") == "stream" and output.get("name") == "stderr":
                log.debug("stderr of a report cell: %s", output.get("text", ""))
                continue
            kept.append(output)
        cell.outputs = kept


def _take_outputs(nb: nbformat.NotebookNode, mime: str) -> list[Any]:
    """Remove the outputs carrying ``mime`` from ``nb`` and return their data (in order)."""
    taken: list[Any] = []
    for cell in nb.cells:
        if cell.cell_type != "code":
            continue
        kept = []
        for output in cell.get("outputs", []):
            if mime in output.get("data", {}):
                taken.append(output["data"][mime])
                continue
            kept.append(output)
        cell.outputs = kept
    return taken


def _write_atomic(path: Path, data: bytes) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.tmp")
    tmp.write_bytes(data)
    os.replace(tmp, path)
