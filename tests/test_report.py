"""``meetupstats report``: the rendered HTML, its JSON and card, offline-ness and safety.

Executing the notebook takes a few seconds each, so every report is rendered
once per test session (module-scoped fixtures) and several tests read it.
"""

from __future__ import annotations

import html
import json
import os
import re
from html.parser import HTMLParser
from pathlib import Path

import nbformat
import pytest
from browser import CHROMIUM, dump_dom
from builders import contact, event, write_logbook
from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook
from report_logbooks import PAYLOADS, two_year_logbook, xss_logbook

from meetupstats import report as report_module
from meetupstats.anonymize import identifying_values
from meetupstats.cli import main
from meetupstats.errors import ReportError
from meetupstats.logbook import load_logbook
from meetupstats.resources import sample_logbook_dir

pytestmark = pytest.mark.slow

SECTIONS = (
    "Year at a glance",
    "Learning",
    "Networking",
    "Where it pays",
    "Career ladder",
    "Goals",
    "Insights",
    "Reflection prompts",
)


def _render(
    capsys: pytest.CaptureFixture[str] | None, data: Path, out: Path, *extra: str
) -> tuple[int, str, str]:
    code = main(["report", "--data", str(data), "--out", str(out), *extra])
    if capsys is None:
        return code, "", ""
    captured = capsys.readouterr()
    return code, captured.out, captured.err


@pytest.fixture(scope="module")
def sample_report(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("sample") / "reflection-2025.html"
    assert main(["report", "--data", str(sample_logbook_dir()), "--out", str(out)]) == 0
    return out


@pytest.fixture(scope="module")
def anonymized_report(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("anon") / "shared.html"
    assert (
        main(["report", "--data", str(sample_logbook_dir()), "--out", str(out), "--anonymize"]) == 0
    )
    return out


@pytest.fixture(scope="module")
def xss_report(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = xss_logbook(tmp_path_factory.mktemp("xss") / "logbook")
    out = folder.parent / "xss.html"
    assert main(["report", "--data", str(folder), "--out", str(out), "--year", "2025"]) == 0
    return out


# --------------------------------------------------------------------------- the sample report


def test_cli_prints_only_the_path_and_reports_progress(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = two_year_logbook(tmp_path / "logbook")
    out = tmp_path / "r" / "two.html"
    code, stdout, stderr = _render(capsys, folder, out, "--year", "2025", "--owner", "Alex")
    assert code == 0
    assert stdout == f"{out}\n"
    # One progress line per section, no kernel or library noise.
    for section in SECTIONS:
        assert f"meetupstats:   {section}\n" in stderr
    assert all(line.startswith("meetupstats: ") for line in stderr.splitlines())
    assert out.with_suffix(".json").is_file()
    assert (tmp_path / "r" / "two-card.png").read_bytes().startswith(b"\x89PNG")
    page = out.read_text(encoding="utf-8")
    assert "<title>Alex’s 2025 in meetups</title>" in page
    assert "vs 2024" in page and "This time last year" in page


def test_no_compare_hides_the_comparisons(tmp_path: Path) -> None:
    folder = two_year_logbook(tmp_path / "logbook")
    out = tmp_path / "nocompare.html"
    assert main(["report", "--data", str(folder), "--out", str(out), "--no-compare"]) == 0
    page = out.read_text(encoding="utf-8")
    assert "vs 2024" not in page and "in 2024)" not in page
    assert "This time last year" not in page
    assert "no comparison with the year before" in page


def test_sample_report_has_every_section(sample_report: Path) -> None:
    page = sample_report.read_text(encoding="utf-8")
    headings = re.findall(r"<h2[^>]*>(.*?)<a", page)
    assert headings == list(SECTIONS)
    assert "Your 2025 in meetups" in page
    assert len(re.findall(r'<img [^>]*src="data:image/png;base64,', page)) >= 6


@pytest.mark.parametrize("anonymize", [False, True])
def test_insights_computed_beside_the_kernel_are_the_in_process_section(
    sample_report: Path, anonymized_report: Path, anonymize: bool
) -> None:
    # ``meetupstats report`` computes the section in its own process and puts it
    # in place of the kernel's placeholder: it must be exactly the section the
    # notebook computes by itself, on the same (anonymized) logbook.
    from meetupstats import reflection_views
    from meetupstats.reflection import prepare

    page = (anonymized_report if anonymize else sample_report).read_text(encoding="utf-8")
    data = prepare(sample_logbook_dir(), 2025, anonymize=anonymize)
    expected = str(reflection_views.insights(data))
    assert expected.startswith('<div class="ms-insights">') and "Themes" in expected
    assert expected in page
    assert reflection_views.InsightsPlaceholder.__name__ not in page
    assert "insights-placeholder" not in page


def test_json_equals_summary_json(sample_report: Path, capsys: pytest.CaptureFixture[str]) -> None:
    capsys.readouterr()
    assert main(["summary", "--year", "2025", "--json", "--data", str(sample_logbook_dir())]) == 0
    expected = json.loads(capsys.readouterr().out)
    written = json.loads(sample_report.with_suffix(".json").read_text(encoding="utf-8"))
    assert written == expected


def test_card_is_beside_the_report(sample_report: Path) -> None:
    card = sample_report.with_name("reflection-2025-card.png")
    data = card.read_bytes()
    assert data.startswith(b"\x89PNG")
    # 1200 × 630, the usual size of a link preview image.
    width, height = int.from_bytes(data[16:20], "big"), int.from_bytes(data[20:24], "big")
    assert (width, height) == (1200, 630)


class _Audit(HTMLParser):
    """Collects what could make a page live or fetch something."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[str] = []
        self.handlers: list[tuple[str, str]] = []
        self.js_urls: list[str] = []
        self.remote: list[str] = []
        self.text: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append(tag)
        for name, value in attrs:
            value = (value or "").strip().lower()
            if name.startswith("on"):
                self.handlers.append((tag, name))
            if value.replace(" ", "").startswith("javascript:"):
                self.js_urls.append(value)
            if name in {"src", "href", "srcset", "action", "data", "poster", "xlink:href"} and (
                re.match(r"(https?:)?//", value)
            ):
                self.remote.append(value)

    def handle_data(self, data: str) -> None:
        self.text.append(data)


def _audit(page: str) -> _Audit:
    audit = _Audit()
    audit.feed(page)
    return audit


def test_sample_report_is_offline_and_scriptless(sample_report: Path) -> None:
    page = sample_report.read_text(encoding="utf-8")
    audit = _audit(page)
    assert "script" not in audit.tags
    assert audit.remote == [] and audit.js_urls == [] and audit.handlers == []
    assert not re.search(r"url\(\s*['\"]?(https?:)?//", page)
    assert "@import" not in page
    for cdn in ("cdnjs", "require.js", "mathjax", "jsdelivr", "unpkg", "fonts.googleapis"):
        assert cdn not in page.lower()
    assert "Content-Security-Policy" in page


# --------------------------------------------------------------------------- safety


def test_xss_logbook_renders_as_text(xss_report: Path) -> None:
    page = xss_report.read_text(encoding="utf-8")
    audit = _audit(page)
    assert "script" not in audit.tags
    for forbidden in ("iframe", "svg", "object", "embed", "form", "base"):
        assert forbidden not in audit.tags
    assert audit.handlers == [] and audit.js_urls == [] and audit.remote == []
    assert audit.tags.count("style") == 1  # ours; no payload closed it
    # The payloads are on the page, as text.
    text = "".join(audit.text)
    shown = [p for p in PAYLOADS if p in text]
    assert len(shown) >= 4, shown


def _chromium_title(page: Path, profile: Path) -> str:
    dom = dump_dom(page, profile)
    match = re.search(r"<title>(.*?)</title>", dom, flags=re.S)
    assert match, dom[:500]
    return html.unescape(match.group(1))


@pytest.mark.skipif(CHROMIUM is None, reason="chromium is not installed (CI installs it)")
def test_xss_payloads_do_not_run_in_chromium(xss_report: Path, tmp_path: Path) -> None:
    assert _chromium_title(xss_report, tmp_path / "p1") == "Your 2025 in meetups"
    # Even without the Content-Security-Policy (escaping alone must hold).
    bare = tmp_path / "bare.html"
    page = xss_report.read_text(encoding="utf-8")
    bare.write_text(re.sub(r"<meta[^>]*Content-Security-Policy[^>]*>", "", page), "utf-8")
    assert "Content-Security-Policy" not in bare.read_text(encoding="utf-8")
    assert _chromium_title(bare, tmp_path / "p2") == "Your 2025 in meetups"


def test_anonymized_report_holds_no_identifier(anonymized_report: Path) -> None:
    values = identifying_values(load_logbook(sample_logbook_dir()))
    assert len(values) > 50  # the sample has names, URLs and companies
    page = html.unescape(anonymized_report.read_text(encoding="utf-8")).lower()
    data = anonymized_report.with_suffix(".json").read_text(encoding="utf-8").lower()
    leaked = [v for v in values if v.lower() in page or v.lower() in data]
    assert leaked == []
    assert "Contact " in html.unescape(anonymized_report.read_text(encoding="utf-8"))
    assert "contacts anonymized" in page


# --------------------------------------------------------------------------- edge logbooks


def test_a_year_without_events_says_so(tmp_path: Path) -> None:
    folder = two_year_logbook(tmp_path / "logbook")
    out = tmp_path / "empty.html"
    assert main(["report", "--data", str(folder), "--out", str(out), "--year", "2023"]) == 0
    page = out.read_text(encoding="utf-8")
    assert "You did not attend any meetup in 2023" in page
    assert "<img" not in page.split("Career ladder")[0]  # no empty charts before the ladder
    assert json.loads(out.with_suffix(".json").read_text("utf-8"))["events_attended"] == 0


def test_events_without_contacts(tmp_path: Path) -> None:
    folder = write_logbook(
        tmp_path / "logbook",
        events=[
            event("e1", "2025-03-01", duration_h="2", energy_cost="3", format="lunch"),
            event("e2", "2025-06-01", duration_h="1", questions_asked="2", format="afterwork"),
        ],
    )
    out = tmp_path / "nocontacts.html"
    assert main(["report", "--data", str(folder), "--out", str(out)]) == 0
    page = out.read_text(encoding="utf-8")
    assert "You did not log any new contact in 2025" in page
    assert "no funnel to show" in page


def test_a_single_event(tmp_path: Path) -> None:
    folder = write_logbook(
        tmp_path / "logbook",
        events=[event("e1", "2025-05-05", title="Only One", duration_h="2")],
        contacts=[contact("c1", met_on="2025-05-05", met_event_id="e1")],
    )
    out = tmp_path / "single.html"
    assert main(["report", "--data", str(folder), "--out", str(out)]) == 0
    page = out.read_text(encoding="utf-8")
    assert "In 2025 you went to 1 meetup " in page
    assert "Only One" in page


# --------------------------------------------------------------------------- failures


def _notebook(path: Path, parameters: str, *cells: nbformat.NotebookNode) -> Path:
    """A Python notebook at ``path``: a ``parameters`` cell, then ``cells``."""
    nb = new_notebook()
    params = new_code_cell(parameters)
    params.metadata["tags"] = ["parameters"]
    nb.cells = [params, *cells]
    nb.metadata["kernelspec"] = {
        "name": "python3",
        "display_name": "Python 3",
        "language": "python",
    }
    nbformat.write(nb, path)
    return path


def _failing_notebook(folder: Path) -> Path:
    return _notebook(
        folder / "failing.ipynb",
        "data_dir = None\nyear = None",
        new_markdown_cell("## Year at a glance"),
        new_code_cell("1 + 1"),
        new_markdown_cell("## Networking"),
        new_code_cell("raise ValueError('the funnel broke')"),
    )


def test_a_failing_outside_section_names_its_section() -> None:
    nb = new_notebook()
    placeholder = new_code_cell("view.insights(report)")
    placeholder.outputs = [
        nbformat.v4.new_output("display_data", data={"text/html": "", "application/x-ph+json": {}})
    ]
    nb.cells = [new_markdown_cell("## Insights"), placeholder]

    def broken() -> dict[str, str]:
        raise ValueError("no themes today")

    with pytest.raises(ReportError, match=r"section 'Insights': ValueError: no themes today"):
        report_module._fill_outputs(nb, "application/x-ph+json", broken)
    # an output without the MIME type is left alone, and says nothing was filled
    assert report_module._fill_outputs(nb, "application/x-other+json", broken) is False


def test_a_failing_cell_names_its_section(tmp_path: Path) -> None:
    notebook = _failing_notebook(tmp_path)
    with pytest.raises(ReportError, match=r"section 'Networking': ValueError: the funnel broke"):
        report_module.render_notebook(notebook, {"year": 2025}, tmp_path / "out.html")
    assert not (tmp_path / "out.html").exists()


def test_cli_exit_code_1_when_a_cell_fails(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    notebook = _failing_notebook(tmp_path)
    monkeypatch.setattr("meetupstats.resources.notebook_path", lambda name: notebook)
    folder = two_year_logbook(tmp_path / "logbook")
    code, stdout, stderr = _render(capsys, folder, tmp_path / "x.html")
    assert code == 1
    assert stdout == ""
    assert "meetupstats: the report failed in section 'Networking'" in stderr
    assert "Traceback" not in stderr


def _child_processes() -> list[str]:
    """Command lines of this process's live children (Linux ``/proc``)."""
    found = []
    for task in Path("/proc/self/task").iterdir():
        for pid in (task / "children").read_text().split():
            try:
                status = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
                cmd = Path(f"/proc/{pid}/cmdline").read_bytes().replace(b"\0", b" ").decode()
            except OSError:  # gone meanwhile
                continue
            if status != "Z":
                found.append(cmd)
    return found


needs_proc = pytest.mark.skipif(
    not Path("/proc/self/task").is_dir(), reason="reads the process tree from /proc"
)


@needs_proc
def test_a_bad_logbook_fails_before_any_cell_runs_and_stops_the_kernel(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # The kernel is started first (it boots while the logbook loads); a bad
    # logbook stops it: no cell ran, nothing was written, no process is left.
    folder = write_logbook(tmp_path / "logbook", events=[event("e1", "2025-13-01")])
    code, stdout, stderr = _render(capsys, folder, tmp_path / "x.html")
    assert code == 2
    assert stdout == ""
    assert "events.csv:2: date:" in stderr
    assert "Traceback" not in stderr
    assert list(tmp_path.glob("x*")) == []
    assert not [c for c in _child_processes() if "ipykernel" in c]


@needs_proc
def test_a_kernel_that_dies_is_a_report_error_and_leaves_nothing_running(
    tmp_path: Path,
) -> None:
    path = _notebook(
        tmp_path / "dies.ipynb",
        "year = None",
        new_markdown_cell("## Learning"),
        new_code_cell("import os\nos._exit(3)"),
    )
    with pytest.raises(ReportError, match=r"could not run dies.ipynb: DeadKernelError"):
        report_module.render_notebook(path, {"year": 2025}, tmp_path / "out.html")
    assert not (tmp_path / "out.html").exists()
    assert not [c for c in _child_processes() if "ipykernel" in c]


def _processes_marked(mark: str) -> list[str]:
    """Command lines of live processes whose environment holds ``mark``."""
    found = []
    for proc in Path("/proc").iterdir():
        if not proc.name.isdigit():
            continue
        try:
            if mark.encode() not in (proc / "environ").read_bytes():
                continue
            state = (proc / "stat").read_text().rsplit(")", 1)[1].split()[0]
            cmd = (proc / "cmdline").read_bytes().replace(b"\0", b" ").decode()
        except OSError:  # gone, or not ours to read
            continue
        if state != "Z":
            found.append(cmd)
    return found


@needs_proc
def test_ctrl_c_during_a_report_stops_it_and_its_kernel(tmp_path: Path) -> None:
    import signal
    import subprocess
    import sys
    import time
    import uuid

    mark = f"MEETUPSTATS_TEST_MARK={uuid.uuid4().hex}"
    env = {**os.environ, mark.split("=")[0]: mark.split("=")[1]}
    out = tmp_path / "r.html"
    cmd = [sys.executable, "-m", "meetupstats", "report", "--data", str(sample_logbook_dir())]
    with subprocess.Popen(
        [*cmd, "--out", str(out)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=env,
        start_new_session=True,
        # Ctrl-C handled as at a terminal, even when this test runs with SIGINT
        # ignored (a background job of a non-interactive shell)
        preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL),
    ) as p:
        assert p.stderr is not None
        for line in p.stderr:  # the kernel runs the first cells: press Ctrl-C
            if "Setup" in line:
                break
        p.send_signal(signal.SIGINT)
        _out, err = p.communicate(timeout=60)
    assert p.returncode == 130
    assert "meetupstats: interrupted" in err and "Traceback" not in err
    assert not out.exists()
    deadline = time.monotonic() + 5
    while _processes_marked(mark) and time.monotonic() < deadline:
        time.sleep(0.1)
    assert _processes_marked(mark) == []
