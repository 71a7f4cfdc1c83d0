"""What frames the sections: the report's title, its closing note, and the companion
files (summary JSON, share card) carried out of the kernel."""

from __future__ import annotations

from typing import Any

from meetupstats import reflection
from meetupstats.fragments import Html, fmt_day, join, paragraph, tag
from meetupstats.reflection import COMPANIONS_MIME, ReportData


def header(data: ReportData) -> Html:
    """The report's title and one line about what it covers."""
    title = reflection.report_title(data.year, data.owner)
    bits = [f"{data.year}, from your meetup logbook"]
    if data.as_of is not None:
        bits.append(f"numbers as of {fmt_day(data.as_of)}")
    if data.anonymized:
        bits.append("contacts anonymized")
    if not data.compare:
        bits.append("no comparison with the year before")
    return join([tag("h1", title), paragraph(" · ".join(bits), cls="ms-meta")])


def footer(data: ReportData) -> Html:
    """How to read the report, in one small paragraph."""
    return paragraph(
        "Made with meetupstats from your own logbook; nothing left your computer. "
        "Definitions of every number: docs/metrics.md in meetupstats. "
        "Every number of the year, unrounded, is in the .json file beside this report.",
        cls="ms-meta",
    )


class Companions:
    """The report's companion files, carried out of the kernel by a display output.

    Shown in a notebook it is invisible (empty HTML); ``meetupstats report``
    takes it out of the executed notebook (:data:`COMPANIONS_MIME`) and writes
    ``<stem>.json`` and ``<stem>-card.png`` beside the HTML, so the card is
    drawn where matplotlib is already loaded and the summary already computed.
    """

    def __init__(self, summary_json: str, card_png: bytes) -> None:
        self.summary_json = summary_json
        self.card_png = card_png

    def _repr_mimebundle_(self, include: Any = None, exclude: Any = None) -> dict[str, Any]:
        import base64

        payload = {
            "summary_json": self.summary_json,
            "card_png": base64.b64encode(self.card_png).decode("ascii"),
        }
        return {"text/html": "", COMPANIONS_MIME: payload}


def companions(data: ReportData) -> Companions:
    """The ``summary --json`` text of the year and its share card PNG (aggregates only)."""
    import json

    text = json.dumps(data.summary, indent=2, ensure_ascii=False, allow_nan=False) + "\n"
    card = reflection.share_card(data.summary)
    return Companions(text, card.png or b"")
