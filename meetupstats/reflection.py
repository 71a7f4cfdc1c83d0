"""The derived tables and rules of the yearly career-reflection report.

Pure functions over a :class:`~meetupstats.logbook.Logbook` and the outputs of
:mod:`meetupstats.metrics`: the metric definitions are never repeated here,
only combined (the follow-up funnel uses the same windows and helpers as
``connect_rate``, ``follow_up_rate`` and ``kept_warm_rate``; "return" is the
return of :func:`~meetupstats.metrics.event_returns`).

:func:`prepare` gathers what every section needs once, as an immutable
:class:`ReportData`; the section views (:mod:`meetupstats.reflection_views`)
and the notebook read from it. Suggested goals and reflection prompts are in
:mod:`meetupstats.reflection_rules`.
"""

from __future__ import annotations

import functools
import logging
import math
import os
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

import numpy as np
import pandas as pd

from meetupstats import schema
from meetupstats.errors import UsageError
from meetupstats.logbook import Logbook, load_logbook

if TYPE_CHECKING:
    from meetupstats.insights import InsightsResult

log = logging.getLogger(__name__)

#: Stages of the follow-up funnel, in order (labels shown in the report).
FUNNEL_STAGES = (
    "met",
    "connected within 7 days",
    "followed up within 14 days",
    "still in touch after 90 days",
    "brought an opportunity",
)
#: Role groups of the career-ladder chart, lowest rung first.
ROLE_GROUPS = ("listened", "asked a question", "spoke", "organized")

#: MIME type of the display output that carries the summary JSON and the share
#: card out of the kernel (:func:`meetupstats.reflection_views.companions`).
COMPANIONS_MIME = "application/vnd.meetupstats.companions+json"

#: MIME type of the Insights section's placeholder output: under ``meetupstats
#: report`` the section is computed in the command's own process while the
#: kernel draws the rest, and put in place of the placeholder
#: (:func:`meetupstats.report.render_reflection`).
INSIGHTS_MIME = "application/vnd.meetupstats.insights-placeholder+json"
#: Set to ``"1"`` in the kernel's environment by ``meetupstats report``: the
#: Insights section is computed outside the kernel.
INSIGHTS_OUTSIDE_ENV = "MEETUPSTATS_REPORT_INSIGHTS_OUTSIDE"

#: Set by ``meetupstats report`` in the kernel's environment: the path of the
#: logbook it loaded and validated (:func:`write_handoff`), so the kernel does
#: not load the same folder a second time (:func:`read_handoff`).
LOGBOOK_HANDOFF_ENV = "MEETUPSTATS_REPORT_LOGBOOK"

#: Length of the "this time last year" window, in weeks up to the day a year ago.
LAST_YEAR_WEEKS = 6


@dataclass(frozen=True)
class ReportData:
    """Everything the sections of one report read, computed once.

    Attributes
    ----------
    book : Logbook
        The logbook (already anonymized when ``anonymized``).
    year : int
    as_of : Timestamp or None
        The date the report is "as of" (default: the latest date in the logbook).
    summary : dict
        :func:`~meetupstats.metrics.yearly_summary` of ``year``.
    previous : dict
        The same for ``year - 1``.
    returns : DataFrame
        :func:`~meetupstats.metrics.event_returns` (all years).
    ledger : DataFrame
        :func:`~meetupstats.metrics.contact_ledger` as of ``as_of``.
    compare : bool
        Whether the report compares with the previous year.
    anonymized : bool
    owner : str or None
        The logbook owner's name for the title (never a contact's).
    """

    book: Logbook
    year: int
    as_of: pd.Timestamp | None
    summary: dict[str, Any]
    previous: dict[str, Any]
    returns: pd.DataFrame
    ledger: pd.DataFrame
    compare: bool = True
    anonymized: bool = False
    owner: str | None = None
    #: Tables several sections read, computed once (see :func:`_memoized`).
    _memo: dict[Any, Any] = field(default_factory=dict, init=False, compare=False, repr=False)

    @property
    def events_attended(self) -> int:
        return int(self.summary["events_attended"])

    @property
    def year_returns(self) -> pd.DataFrame:
        """:attr:`returns` of the attended events of :attr:`year`."""
        return self.returns.loc[self.returns["year"] == self.year].reset_index(drop=True)

    @property
    def has_previous(self) -> bool:
        """True when comparing is on and the previous year has an attended event."""
        return self.compare and int(self.previous["events_attended"]) > 0

    def insights(self) -> InsightsResult:
        """The Insights section's analysis: :func:`report_insights` of this report,
        computed once per report."""
        if "insights" not in self._memo:
            self._memo["insights"] = report_insights(self.book, self.year, self.as_of)
        result: InsightsResult = self._memo["insights"]
        return result


F = TypeVar("F", bound=Callable[..., Any])


def _memoized(func: F) -> F:
    """Compute ``func(data, *args)`` once per :class:`ReportData` and arguments.

    Several sections read the same table (the funnel, the returns per
    dimension, the goals); each gets its own copy of the one computed.
    """

    @functools.wraps(func)
    def wrapper(data: ReportData, *args: Any, **kwargs: Any) -> Any:
        key = (func.__qualname__, args, tuple(sorted(kwargs.items())))
        if key not in data._memo:
            data._memo[key] = func(data, *args, **kwargs)
        found = data._memo[key]
        return found.copy() if isinstance(found, pd.DataFrame) else found

    return wrapper  # type: ignore[return-value]


# --------------------------------------------------------------------------- loading


def write_handoff(book: Logbook, folder: Path, into: Path) -> Path:
    """Write ``book`` (loaded from ``folder``) to a file in the private folder ``into``
    for the report's kernel (:data:`LOGBOOK_HANDOFF_ENV`); returns the file's path."""
    import pickle

    path = Path(into) / "logbook.pickle"
    path.write_bytes(pickle.dumps((str(Path(folder).resolve()), book), protocol=5))
    return path


def read_handoff(folder: Path) -> Logbook | None:
    """The logbook ``meetupstats report`` loaded from ``folder`` and handed to this
    kernel (:data:`LOGBOOK_HANDOFF_ENV`); ``None`` when there is none for that folder.

    The file is one the command wrote, moments ago, in a private temporary
    folder that only lives while its kernel runs.
    """
    import pickle

    path = os.environ.get(LOGBOOK_HANDOFF_ENV)
    if not path:
        return None
    try:
        data = Path(path).read_bytes()
    except OSError:
        return None
    where, book = pickle.loads(data)
    if where != str(Path(folder).resolve()) or not isinstance(book, Logbook):
        return None
    return book


def report_year(book: Logbook, year: int | None) -> int:
    """``year``, or by default the latest year with an attended event.

    Raises
    ------
    UsageError
        When ``year`` is None and the logbook has no attended event.
    """
    if year is not None:
        from meetupstats.metrics._select import check_year

        return check_year(year)
    attended = book.events.loc[book.events["status"] == "attended", "date"].dropna()
    if attended.empty:
        raise UsageError("the logbook has no attended event yet: give the year with --year")
    return int(attended.max().year)


def report_as_of(book: Logbook, as_of: object = None) -> pd.Timestamp | None:
    """The report's ``as_of`` date: the given one (date or ``YYYY-MM-DD``) or the latest in the logbook."""
    from meetupstats.metrics._select import resolve_as_of

    return resolve_as_of(book, as_of)


def report_title(year: int, owner: str | None = None) -> str:
    """``"Alex's 2025 in meetups"`` or ``"Your 2025 in meetups"`` (plain text, not escaped)."""
    owner = (owner or "").strip()
    if not owner:
        return f"Your {year} in meetups"
    return f"{owner}’ {year} in meetups" if owner.endswith("s") else f"{owner}’s {year} in meetups"


def prepare(
    data_dir: str | Path | None,
    year: int | None = None,
    *,
    as_of: object = None,
    compare_previous: bool = True,
    anonymize: bool = False,
    owner_name: str | None = None,
) -> ReportData:
    """Load the logbook at ``data_dir`` (default: the sample) and compute the report's inputs.

    With ``anonymize`` the logbook is replaced by
    :func:`~meetupstats.anonymize.anonymize_logbook` before anything is
    computed, so no section can show a contact's name, email, URL or company.

    Under ``meetupstats report`` the logbook the command loaded and validated
    is taken over instead of loading the folder again (:func:`read_handoff`).
    """
    from meetupstats.resources import sample_logbook_dir

    folder = Path(data_dir) if data_dir else sample_logbook_dir()
    book = read_handoff(folder)
    if book is None:
        book = load_logbook(folder)
    return prepare_logbook(
        book,
        year,
        as_of=as_of,
        compare_previous=compare_previous,
        anonymize=anonymize,
        owner_name=owner_name,
    )


def prepare_logbook(
    book: Logbook,
    year: int | None = None,
    *,
    as_of: object = None,
    compare_previous: bool = True,
    anonymize: bool = False,
    owner_name: str | None = None,
) -> ReportData:
    """:func:`prepare` for a logbook already loaded."""
    from meetupstats.metrics import contact_ledger, event_returns, yearly_summary

    year = report_year(book, year)
    as_of_date = report_as_of(book, as_of)
    # The summaries are aggregates only: computed on the logbook as written,
    # so ``summary`` is exactly the ``summary --json`` object of the year.
    summary = yearly_summary(book, year, as_of=as_of_date)
    previous = yearly_summary(book, year - 1, as_of=as_of_date)
    if anonymize:
        from meetupstats.anonymize import anonymize_logbook

        book = anonymize_logbook(book)
    return ReportData(
        book=book,
        year=year,
        as_of=as_of_date,
        summary=summary,
        previous=previous,
        returns=event_returns(book),
        ledger=contact_ledger(book, as_of=as_of_date),
        compare=bool(compare_previous),
        anonymized=bool(anonymize),
        owner=owner_name or None,
    )


# --------------------------------------------------------------------------- insights


def insights_outside() -> bool:
    """True in a kernel run by ``meetupstats report``, which computes the Insights
    section itself (:data:`INSIGHTS_OUTSIDE_ENV`)."""
    return os.environ.get(INSIGHTS_OUTSIDE_ENV) == "1"


def report_insights(book: Logbook, year: int, as_of: pd.Timestamp | None) -> InsightsResult:
    """The Insights section's analysis: :func:`meetupstats.insights.analyze` of ``year``.

    The drivers' cross-validation runs
    :data:`~meetupstats.insights.drivers.REPORT_REPEATS` times (the signal
    rule of ``meetupstats insights``, fewer repeats, so the report stays quick).
    """
    from meetupstats.insights import analyze
    from meetupstats.insights.drivers import REPORT_REPEATS

    return analyze(book, year, as_of, repeats=REPORT_REPEATS)


# --------------------------------------------------------------------------- year at a glance


def monthly_attendance(data: ReportData) -> pd.DataFrame:
    """Attended events per calendar month of the year (and of the year before).

    Returns
    -------
    DataFrame
        12 rows: ``month`` (``Jan`` … ``Dec``), ``events`` (this year),
        ``previous`` (the year before).
    """
    r = data.returns
    months = pd.date_range(f"{data.year}-01-01", periods=12, freq="MS")

    def per_month(year: int) -> np.ndarray:
        dates = r.loc[r["year"] == year, "date"]
        return dates.dt.month.value_counts().reindex(range(1, 13), fill_value=0).to_numpy()

    return pd.DataFrame(
        {
            "month": [m.strftime("%b") for m in months],
            "events": per_month(data.year),
            "previous": per_month(data.year - 1),
        }
    )


def reference_date(data: ReportData) -> pd.Timestamp:
    """The "now" of the report: ``as_of``, but not later than 31 December of the year."""
    end = pd.Timestamp(f"{data.year}-12-31")
    return end if data.as_of is None or data.as_of > end else data.as_of


def this_time_last_year(data: ReportData) -> dict[str, Any]:
    """What you were doing a year before the report's reference date.

    The window is the :data:`LAST_YEAR_WEEKS` weeks up to and including the
    day one year before :func:`reference_date`.

    Returns
    -------
    dict
        ``date`` — the day a year ago; ``events`` — DataFrame of the attended
        events in the window (``date``, ``title``, ``community``, ``role``);
        ``last_before`` — the last attended event on or before that day (a
        row as a dict, ``None`` if there is none); ``contacts_met`` —
        contacts with ``met_on`` in the window; ``events_since`` /
        ``contacts_since`` — attended events and new contacts after that day
        up to the reference date; ``stage_then`` — the ladder stage reached
        by then (:func:`stage_on`).
    """
    ref = reference_date(data)
    then = ref - pd.DateOffset(years=1)
    lo = then - pd.Timedelta(weeks=LAST_YEAR_WEEKS)
    r = data.returns
    cols = ["date", "title", "community", "role"]
    window = r.loc[(r["date"] > lo) & (r["date"] <= then), cols]
    before = r.loc[r["date"] <= then, cols]
    met = data.book.contacts["met_on"]
    return {
        "date": then,
        "events": window.reset_index(drop=True),
        "last_before": None if before.empty else before.iloc[-1].to_dict(),
        "contacts_met": int(((met > lo) & (met <= then)).sum()),
        "events_since": int(((r["date"] > then) & (r["date"] <= ref)).sum()),
        "contacts_since": int(((met > then) & (met <= ref)).sum()),
        "stage_then": stage_on(data.book, then),
    }


def stage_on(book: Logbook, day: pd.Timestamp) -> str:
    """The ladder stage reached on ``day``: the ``ladder_stage`` rule applied to the
    :func:`~meetupstats.metrics.milestones` dated on or before ``day``."""
    from meetupstats.metrics import milestones

    reached = milestones(book, int(day.year))
    stage = schema.LADDER_STAGES[0]
    for name, key in zip(schema.LADDER_STAGES[1:], schema.MILESTONES, strict=True):
        when = reached[key]
        if when is not None and when <= day:
            stage = name
    return stage


# --------------------------------------------------------------------------- learning


def topic_table(data: ReportData) -> pd.DataFrame:
    """The topics of the year's attended events, most frequent first.

    Returns
    -------
    DataFrame
        ``topic``; ``events`` — attended events of the year with that topic
        (the topic rule of ``distinct_topics``); ``new`` — True when no
        attended event of an earlier year had it (the rule of ``new_topics``).
    """
    from meetupstats.metrics import event_topics

    topics = event_topics(data.book)
    year = topics["date"].dt.year
    now = topics.loc[year == data.year]
    earlier = set(topics.loc[year < data.year, "topic"])
    counts = now["topic"].value_counts()
    out = pd.DataFrame({"topic": counts.index.astype(object), "events": counts.to_numpy()})
    out["new"] = ~out["topic"].isin(earlier)
    return out.sort_values(["events", "topic"], ascending=[False, True], kind="stable").reset_index(
        drop=True
    )


def best_learning_events(data: ReportData, n: int = 5) -> pd.DataFrame:
    """The year's events that taught most per hour: ``learning_return / hours``.

    ``learning_return`` is one point per takeaway plus one per applied
    takeaway (:func:`~meetupstats.metrics.event_returns`). Events with no
    learning return, or no recorded hours, are left out.

    Returns
    -------
    DataFrame
        ``date``, ``title``, ``takeaways``, ``applied``, ``hours``,
        ``per_hour`` — at most ``n`` rows, best first.
    """
    r = data.year_returns
    r = r.loc[(r["learning_return"] > 0) & (r["hours"] > 0)]
    out = pd.DataFrame(
        {
            "date": r["date"],
            "title": r["title"],
            "takeaways": r["takeaways"],
            "applied": r["applied_takeaways"],
            "hours": r["hours"],
            "per_hour": r["learning_return"] / r["hours"],
        }
    )
    return out.sort_values(["per_hour", "date"], ascending=[False, True], kind="stable").head(n)


def applied_takeaways(data: ReportData, n: int = 8) -> pd.DataFrame:
    """Takeaways of the year's attended events that you put into practice, quickest first.

    Returns
    -------
    DataFrame
        ``takeaway``, ``event`` (title), ``applied_on``, ``days`` (applied_on − event date).
    """
    r = data.year_returns.set_index("event_id")
    lrn = data.book.learnings
    lrn = lrn.loc[lrn["event_id"].isin(r.index) & lrn["applied_on"].notna()]
    event_date = r["date"].reindex(lrn["event_id"].to_numpy()).to_numpy()
    out = pd.DataFrame(
        {
            "takeaway": lrn["takeaway"].to_numpy(dtype=object),
            "event": r["title"].reindex(lrn["event_id"].to_numpy()).to_numpy(dtype=object),
            "applied_on": lrn["applied_on"].to_numpy(),
            "days": (lrn["applied_on"].to_numpy() - event_date) / np.timedelta64(1, "D"),
        }
    )
    return out.sort_values(["days", "applied_on"], kind="stable").head(n).reset_index(drop=True)


# --------------------------------------------------------------------------- networking


def contact_funnel(book: Logbook, contacts: pd.DataFrame, as_of: pd.Timestamp | None) -> pd.Series:
    """The follow-up funnel of ``contacts``: how many reached each stage.

    Stages (:data:`FUNNEL_STAGES`), each counted over all of ``contacts``
    with the windows of the networking metrics:

    - met — every contact;
    - connected within 7 days — a ``linkedin-connect`` 0–7 days after
      ``met_on`` (``connect_rate``);
    - followed up within 14 days — the ``follow_up_rate`` rule;
    - still in touch after 90 days — any interaction ≥ ``met_on + 90``
      days (``kept_warm_rate``), counted among contacts met at least 90
      days before ``as_of``;
    - brought an opportunity — an opportunity-kind interaction on or after
      ``met_on`` and not after ``as_of``.

    The stages are not nested (a contact can be followed up without a
    LinkedIn connection); each is a share of the first.
    """
    stages = contact_stages(book, contacts, as_of)
    return pd.Series(
        stages.sum(axis=0).to_numpy(dtype="int64"), index=list(FUNNEL_STAGES), dtype="int64"
    )


def contact_stages(
    book: Logbook, contacts: pd.DataFrame, as_of: pd.Timestamp | None
) -> pd.DataFrame:
    """Per contact, whether it reached each stage of :func:`contact_funnel`.

    Each contact's stages depend on that contact alone, so the funnel of a
    group is the column sums over its rows.

    Returns
    -------
    DataFrame
        Indexed like ``contacts``; one boolean column per :data:`FUNNEL_STAGES`.
    """
    from meetupstats.metrics.networking import (
        CONNECT_WINDOW_DAYS,
        KEPT_WARM_DAYS,
        first_interaction_days,
        followed_up_within,
        interacted_after,
    )

    interactions = book.interactions
    connect = first_interaction_days(contacts, interactions, ("linkedin-connect",))
    followed = followed_up_within(contacts, interactions)
    warm = np.zeros(len(contacts), dtype=bool)
    if as_of is not None:
        eligible = (contacts["met_on"] <= as_of - pd.Timedelta(days=KEPT_WARM_DAYS)).to_numpy()
        warm[eligible] = interacted_after(contacts.loc[eligible], interactions, KEPT_WARM_DAYS)
    opp_days = first_interaction_days(
        contacts,
        interactions
        if as_of is None
        else interactions.loc[(interactions["date"] <= as_of).to_numpy()],
        schema.OPPORTUNITY_KINDS,
    )
    flags = (
        np.ones(len(contacts), dtype=bool),
        (connect <= CONNECT_WINDOW_DAYS).to_numpy(dtype=bool),
        followed.to_numpy(dtype=bool),
        warm,
        opp_days.notna().to_numpy(dtype=bool),
    )
    return pd.DataFrame(dict(zip(FUNNEL_STAGES, flags, strict=True)), index=contacts.index)


@_memoized
def year_funnel(data: ReportData) -> pd.DataFrame:
    """The follow-up funnel of the year's new contacts (see :func:`contact_funnel`).

    Returns
    -------
    DataFrame
        ``stage``, ``count``, ``share`` (of the contacts met; NaN when none).
    """
    from meetupstats.metrics import new_contacts_in

    new = new_contacts_in(data.book.contacts, data.year)
    counts = contact_funnel(data.book, new, data.as_of)
    first = counts.iloc[0]
    return pd.DataFrame(
        {
            "stage": counts.index,
            "count": counts.to_numpy(),
            "share": counts.to_numpy() / first if first else np.nan,
        }
    )


def event_funnels(data: ReportData) -> pd.DataFrame:
    """The funnel per attended event of the year, for events where you met someone.

    Returns
    -------
    DataFrame
        ``date``, ``title``, then one count column per stage of
        :data:`FUNNEL_STAGES`; sorted by date.
    """
    r = data.year_returns
    chosen = r.loc[r["contacts_met"] > 0]
    contacts = data.book.contacts
    met = contacts.loc[contacts["met_event_id"].isin(chosen["event_id"]).to_numpy()]
    # one pass over the interactions for every contact, then a sum per event
    stages = contact_stages(data.book, met, data.as_of).astype("int64")
    per_event = stages.groupby(met["met_event_id"].to_numpy(dtype=object), sort=False).sum()
    counts = per_event.reindex(chosen["event_id"].to_numpy(dtype=object), fill_value=0)
    rows = [
        {"date": event.date, "title": event.title, **dict(zip(FUNNEL_STAGES, row, strict=True))}
        for event, row in zip(
            chosen.itertuples(index=False), counts.to_numpy(dtype="int64").tolist(), strict=True
        )
    ]
    return pd.DataFrame(rows, columns=["date", "title", *FUNNEL_STAGES])


def introductions(data: ReportData) -> pd.DataFrame:
    """Who introduced you to whom, among the year's new contacts.

    Returns
    -------
    DataFrame
        ``introduced_by`` (name), ``contact`` (name), ``company``, ``met_on``,
        ``met_at`` (event title); sorted by date.
    """
    ledger = data.ledger
    new = ledger.loc[(ledger["met_on"].dt.year == data.year) & ledger["introduced_by"].notna()]
    out = pd.DataFrame(
        {
            "introduced_by": new["introduced_by_name"].to_numpy(dtype=object),
            "contact": new["name"].to_numpy(dtype=object),
            "company": new["company"].to_numpy(dtype=object),
            "met_on": new["met_on"].to_numpy(),
            "met_at": new["met_event_title"].to_numpy(dtype=object),
        }
    )
    return out.sort_values("met_on", kind="stable").reset_index(drop=True)


def company_mix(data: ReportData, n: int = 8) -> pd.DataFrame:
    """Companies of the year's new contacts (exact text after trimming, as in
    ``company_entropy_bits``), largest first; the rest summed as ``other``.

    Returns
    -------
    DataFrame
        ``company``, ``contacts``; at most ``n`` + 1 rows.
    """
    from meetupstats.metrics import new_contacts_in

    new = new_contacts_in(data.book.contacts, data.year)
    company = pd.Series(new["company"].astype(object), dtype=object).str.strip()
    company = company.loc[company.notna() & (company != "")]
    counts = company.value_counts()
    counts = counts.sort_index(kind="stable").sort_values(ascending=False, kind="stable")
    top = counts.head(n)
    out = pd.DataFrame({"company": top.index.astype(object), "contacts": top.to_numpy()})
    rest = int(counts.iloc[n:].sum())
    if rest:
        more = f"{len(counts) - n} other companies"
        out = pd.concat([out, pd.DataFrame({"company": [more], "contacts": [rest]})])
    return out.reset_index(drop=True)


def opportunity_contacts(data: ReportData) -> pd.DataFrame:
    """The contacts behind the year's opportunities (opportunity-kind interactions dated in the year).

    Returns
    -------
    DataFrame
        ``contact`` (name), ``company``, ``met_at`` (event title, empty when
        not met at a meetup), ``met_on``, ``opportunities`` (count in the
        year), ``kinds`` (comma-separated); most opportunities first.
    """
    inter = data.book.interactions
    opp = inter.loc[
        (inter["date"].dt.year == data.year) & inter["kind"].isin(schema.OPPORTUNITY_KINDS)
    ]
    if opp.empty:
        return pd.DataFrame(
            columns=["contact", "company", "met_at", "met_on", "opportunities", "kinds"]
        )
    kinds = opp.assign(kind=opp["kind"].astype(str)).groupby("contact_id", sort=False)["kind"]
    per = pd.DataFrame(
        {
            "opportunities": kinds.size(),
            "kinds": kinds.agg(lambda k: ", ".join(sorted(set(k)))),
        }
    )
    ledger = data.ledger.set_index("contact_id").reindex(per.index)
    out = pd.DataFrame(
        {
            "contact": ledger["name"].to_numpy(dtype=object),
            "company": ledger["company"].to_numpy(dtype=object),
            "met_at": ledger["met_event_title"].to_numpy(dtype=object),
            "met_on": ledger["met_on"].to_numpy(),
            "opportunities": per["opportunities"].to_numpy(),
            "kinds": per["kinds"].to_numpy(dtype=object),
        }
    )
    return out.sort_values(
        ["opportunities", "met_on"], ascending=[False, True], kind="stable"
    ).reset_index(drop=True)


# --------------------------------------------------------------------------- where it pays


@_memoized
def returns_by(data: ReportData, dimension: str) -> pd.DataFrame:
    """Return per hour and per energy point of the year's events, per value of ``dimension``.

    Over the attended events G of the year with that value (empty cells
    left out): ``per_hour`` = Σ return / Σ hours over G, ``per_energy`` =
    Σ return / Σ energy over the events of G with a recorded energy cost
    (NaN when the denominator is 0). "Return" is the return of
    :func:`~meetupstats.metrics.event_returns`.

    Returns
    -------
    DataFrame
        ``value``, ``events``, ``return``, ``hours``, ``per_hour``,
        ``per_energy``; best per hour first.
    """
    if dimension not in schema.BREAKDOWN_DIMENSIONS:
        raise UsageError(
            f"unknown dimension {dimension!r} (one of {', '.join(schema.BREAKDOWN_DIMENSIONS)})"
        )
    r = data.year_returns
    r = r.loc[r[dimension].notna()]
    with_energy = r["energy"].notna()
    grouped = (
        r.assign(
            value=r[dimension].astype(str),
            e_return=r["return"].where(with_energy, 0),
            e=r["energy"].fillna(0.0),
        )
        .groupby("value", sort=True)
        .agg(
            events=("event_id", "size"),
            ret=("return", "sum"),
            hours=("hours", "sum"),
            e_return=("e_return", "sum"),
            energy=("e", "sum"),
        )
    )
    with np.errstate(divide="ignore", invalid="ignore"):
        per_hour = np.where(grouped["hours"] > 0, grouped["ret"] / grouped["hours"], np.nan)
        per_energy = np.where(
            grouped["energy"] > 0, grouped["e_return"] / grouped["energy"], np.nan
        )
    out = pd.DataFrame(
        {
            "value": grouped.index.astype(object),
            "events": grouped["events"].to_numpy(dtype="int64"),
            "return": grouped["ret"].to_numpy(dtype="int64"),
            "hours": grouped["hours"].to_numpy(dtype="float64"),
            "per_hour": per_hour,
            "per_energy": per_energy,
        }
    )
    return out.sort_values(
        ["per_hour", "value"], ascending=[False, True], na_position="last", kind="stable"
    ).reset_index(drop=True)


def best_and_worst_events(data: ReportData, n: int = 3) -> tuple[pd.DataFrame, pd.DataFrame]:
    """The year's ``n`` best and ``n`` worst events by return per hour.

    Events without recorded hours are left out. With fewer than 2·``n``
    events, the best are the better half and the worst the other half, so no
    event appears in both.

    Returns
    -------
    (best, worst) : tuple of DataFrame
        ``date``, ``title``, ``community``, ``hours``, ``energy``, ``rating``,
        ``return``, ``per_hour``; best first / worst first.
    """
    r = data.year_returns
    r = r.loc[r["return_per_hour"].notna()]
    ranked = r.sort_values(["return_per_hour", "date"], ascending=[False, True], kind="stable")
    cols = ["date", "title", "community", "hours", "energy", "rating", "return", "return_per_hour"]
    ranked = ranked[cols].rename(columns={"return_per_hour": "per_hour"}).reset_index(drop=True)
    if len(ranked) < 2:
        return ranked, ranked.iloc[0:0]
    k = min(n, len(ranked) // 2)
    return ranked.head(k), ranked.iloc[::-1].head(k).reset_index(drop=True)


# --------------------------------------------------------------------------- career ladder


def milestone_points(data: ReportData) -> pd.DataFrame:
    """The ladder milestones reached up to the end of the year, as timeline points.

    Returns
    -------
    DataFrame
        ``label`` (``first meetup``, ``first question``, ``first talk``,
        ``first event organized``) and ``date`` (NaT when not reached).
    """
    labels = {
        "first_event": "first meetup",
        "first_question": "first question",
        "first_talk": "first talk",
        "first_organized": "first event organized",
    }
    m = data.summary["milestones"]
    return pd.DataFrame(
        {
            "label": list(labels.values()),
            "date": pd.to_datetime([m.get(k) for k in labels]),
        }
    )


def roles_by_year(data: ReportData) -> pd.DataFrame:
    """Attended events per year (up to the report's year) by the highest rung you stood on.

    Each event counts once, in the first matching group: ``organized``
    (role organizer/host), ``spoke`` (speaker/panelist), ``asked a
    question`` (questions_asked ≥ 1), ``listened`` (the rest).

    Returns
    -------
    DataFrame
        ``year`` and one count column per group of :data:`ROLE_GROUPS`.
    """
    r = data.returns.loc[data.returns["year"] <= data.year]
    role = r["role"].astype(object)
    group = np.select(
        [
            role.isin(schema.ORGANIZER_ROLES).to_numpy(),
            role.isin(schema.SPEAKER_ROLES).to_numpy(),
            (r["questions"].fillna(0) >= 1).to_numpy(),
        ],
        ["organized", "spoke", "asked a question"],
        default="listened",
    )
    table = pd.crosstab(r["year"].to_numpy(), group)
    table = table.reindex(columns=list(ROLE_GROUPS), fill_value=0)
    first = int(r["year"].min()) if len(r) else data.year
    table = table.reindex(range(first, data.year + 1), fill_value=0)
    table.index.name = "year"
    return table.reset_index()


# --------------------------------------------------------------------------- labels


_LABELS = {
    "events_attended": "events attended",
    "hours_invested": "hours invested",
    "money_spent": "money spent",
    "energy_spent": "energy spent (points)",
    "show_up_rate": "show-up rate",
    "takeaways": "takeaways",
    "takeaways_per_event": "takeaways per event",
    "takeaways_per_hour": "takeaways per hour",
    "applied_rate": "takeaways applied",
    "median_days_to_apply": "median days to apply",
    "questions_asked": "questions asked",
    "asked_share": "events where you asked",
    "distinct_topics": "distinct topics",
    "topic_entropy_bits": "topic diversity (bits)",
    "new_topics": "new topics",
    "mean_rating": "mean rating (1–5)",
    "new_contacts": "new contacts",
    "contacts_per_event": "contacts per event",
    "contacts_per_hour": "contacts per hour",
    "connect_rate": "connected within 7 days",
    "follow_up_rate": "followed up within 14 days",
    "median_follow_up_days": "median days to follow up",
    "kept_warm_rate": "still in touch after 90 days",
    "introduced_contacts": "contacts introduced to you",
    "opportunities": "opportunities",
    "opportunities_from_meetups": "opportunities from meetup contacts",
    "company_entropy_bits": "company diversity (bits)",
    "contacts_per_energy": "contacts per energy point",
    "talks_given": "talks given",
    "events_organized": "events organized",
    "ladder_stage": "ladder stage",
}

#: Metrics that are shares (0–1), shown as percentages.
SHARE_METRICS = frozenset(
    {
        "show_up_rate",
        "applied_rate",
        "asked_share",
        "connect_rate",
        "follow_up_rate",
        "kept_warm_rate",
    }
)


def metric_label(metric: str) -> str:
    """A metric name in words (``follow_up_rate`` → ``followed up within 14 days``)."""
    return _LABELS.get(metric, metric.replace("_", " "))


def metric_text(metric: str, value: object) -> str:
    """A metric value as display text: shares as percentages, numbers rounded, None as a dash."""
    from meetupstats.fragments import fmt_number, fmt_percent

    if value is None or (isinstance(value, float) and math.isnan(value)):
        return "–"
    if isinstance(value, str):
        return value
    if metric in SHARE_METRICS:
        return fmt_percent(value)
    if metric in {"hours_invested", "money_spent"}:
        return fmt_number(value, 0) if float(value) >= 100 else fmt_number(value, 1)  # type: ignore[arg-type]
    return fmt_number(value, 2)


def share_card(summary: dict[str, Any]) -> Any:
    """The share card of the year: aggregate numbers only (see :func:`meetupstats.charts.share_card`)."""
    from meetupstats.charts import share_card as draw

    s = summary
    n = int(s["events_attended"])
    applied = s.get("applied_rate")
    takeaways = int(s.get("takeaways") or 0)
    tiles = [
        (f"{n}", "meetups attended"),
        (metric_text("hours_invested", s["hours_invested"]), "hours invested"),
        (
            f"{takeaways}",
            "takeaways"
            + (f", {round(applied * takeaways)} applied" if applied is not None else ""),
        ),
        (f"{int(s['new_contacts'])}", "new contacts"),
        (metric_text("follow_up_rate", s.get("follow_up_rate")), "followed up within 14 days"),
        (f"{int(s['opportunities'])}", "opportunities"),
    ]
    bits = [f"ladder stage: {s['ladder_stage']}"]
    if s.get("talks_given"):
        bits.append(f"{s['talks_given']} talk{'s' if s['talks_given'] != 1 else ''} given")
    if s.get("events_organized"):
        bits.append(f"{s['events_organized']} organized")
    if s.get("mean_rating") is not None:
        bits.append(f"rated {s['mean_rating']:.1f}/5 on average")
    return draw(int(s["year"]), tiles, headline=" · ".join(bits), footer="made with meetupstats")
