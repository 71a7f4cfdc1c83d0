"""Community metrics for organizers: pure, vectorized functions of a :class:`Community`.

Definitions (DESIGN.md, "Community mode"). For a calendar year Y the events
of Y are the rows of ``community_events.csv`` dated in Y, and their rows of
``attendance.csv``. **Check-in rule**: an event *has check-in data* when at
least one of its rows is checked in; then its other rows count as not
checked in. Rows of an event without check-in data are never counted as
checked in nor as not checked in: such events are left out of every
show-rate and attendance figure (never counted as zero). A ratio whose
denominator is 0 is ``None``. ``as_of`` defaults to the latest date in the
folder (:func:`meetupstats.community.folder.latest_date`). Days are calendar
days; the 180-day windows include both ends (``0 ≤ days ≤ 180``).

Nothing here loops over attendance rows in Python: a million rows take
about as long as reading them.
"""

from __future__ import annotations

import logging
from typing import Any

import numpy as np
import pandas as pd

from meetupstats.arrays import repeated
from meetupstats.community.folder import Community, latest_date
from meetupstats.community.schema import REGULAR_CHECK_INS, WINDOW_DAYS

log = logging.getLogger(__name__)

_WINDOW = pd.Timedelta(days=WINDOW_DAYS)


def _ratio(num: float, den: float) -> float | None:
    return None if den == 0 else float(num) / float(den)


def _as_of(community: Community, as_of: Any) -> pd.Timestamp | None:
    if as_of is None:
        return latest_date(community)
    return pd.Timestamp(as_of).normalize()


#: what :func:`check_ins` holds, as numpy arrays (the metrics index them directly)
Facts = dict[str, np.ndarray]


def check_ins(community: Community) -> pd.DataFrame:
    """One row per attendance row, with what the metrics need.

    Returns
    -------
    DataFrame
        ``event_id``, ``person_id``, ``date`` (the event's date; NaT for an
        event not in ``community_events.csv``), ``rsvp_yes`` (rsvp is ``yes``),
        ``has_data`` (the event has check-in data), ``checked`` (checked in,
        after the check-in rule: False wherever the event has no data),
        ``person`` (an integer code per person_id), ``event`` (an integer
        code per event_id, in event_id order; -1 when empty).
    """
    return pd.DataFrame(_facts(community))


def _facts(community: Community) -> Facts:
    """The columns of :func:`check_ins` as numpy arrays (no DataFrame built)."""
    att = community.attendance
    events = community.events.drop_duplicates("event_id")
    event_ids = pd.Index(events["event_id"].astype(object))
    att_events = att["event_id"].to_numpy(dtype=object)
    # an integer per event_id (-1: empty): the position in community_events, then
    # codes after those for ids that are not there; each distinct id looked up once
    event_codes, distinct = community.attendance_codes("event_id")
    if event_ids.hasnans:  # an empty event_id in community_events matches empty cells
        pos = event_ids.get_indexer(att_events)
    else:
        pos = np.append(event_ids.get_indexer(distinct), -1)[event_codes]
    codes = pos.copy()
    if event_ids.hasnans:
        codes[pd.isna(att_events)] = -1
    elsewhere = np.flatnonzero(pos < 0)
    extra_ids = distinct[:0].to_numpy(dtype=object)
    if len(elsewhere):
        extra, uniques = pd.factorize(att_events[elsewhere])
        codes[elsewhere] = np.where(extra >= 0, extra + len(events), -1)
        extra_ids = np.asarray(uniques, dtype=object)
    event_dates = np.append(events["date"].to_numpy(dtype="datetime64[ns]"), np.datetime64("NaT"))
    dates = event_dates[np.where(pos >= 0, pos, len(events))]
    checked = att["checked_in"].to_numpy(dtype=bool, na_value=False)
    has = np.bincount(codes[codes >= 0], weights=checked[codes >= 0]) > 0
    has_data = np.append(has, False)[np.where(codes >= 0, codes, len(has))]
    # the codes renumbered in event_id order (a few thousand labels, sorted once)
    labels = np.concatenate((event_ids.to_numpy(dtype=object), extra_ids))
    rank, _ = pd.factorize(labels, sort=True)
    event = np.append(rank, -1)[np.where(codes >= 0, codes, len(rank))]
    person, _ = community.attendance_codes("person_id")
    return {
        "event_id": att_events,
        "person_id": att["person_id"].to_numpy(dtype=object),
        "date": np.asarray(dates, dtype="datetime64[ns]"),
        "rsvp_yes": _equals(att["rsvp"], "yes"),
        "has_data": has_data.astype(bool),
        "checked": checked,
        "person": person,
        "event": event.astype(np.int64),
    }


def _equals(values: pd.Series, value: str) -> np.ndarray:
    """``values == value`` as a bool array (by the codes, for a Categorical)."""
    if isinstance(values.dtype, pd.CategoricalDtype):
        categories = values.cat.categories
        if value not in categories:
            return np.zeros(len(values), dtype=bool)
        return np.asarray(values.cat.codes.to_numpy() == categories.get_loc(value), dtype=bool)
    return (values.astype(object) == value).to_numpy(dtype=bool)


def _array(facts: pd.DataFrame | Facts, name: str, dtype: Any = None) -> np.ndarray:
    """One column of :func:`check_ins` (a DataFrame or its :data:`Facts`) as an array."""
    return np.asarray(facts[name], dtype=dtype)


def _dated_check_ins(facts: pd.DataFrame | Facts) -> np.ndarray:
    """Rows checked in at an event with a date."""
    return _array(facts, "checked", bool) & ~np.isnat(_array(facts, "date", "datetime64[ns]"))


def first_check_ins(facts: pd.DataFrame | Facts) -> pd.DataFrame:
    """Each person's first check-in, over every event in the folder.

    Returns
    -------
    DataFrame indexed by ``person_id``
        ``first_date``; ``first_event`` (on a day with several events, the
        smallest event_id); ``person`` (the code of :func:`check_ins`).
    """
    rows = np.flatnonzero(_dated_check_ins(facts))
    person = _array(facts, "person")[rows]
    day = _array(facts, "date", "datetime64[ns]")[rows]
    if "event" in facts:
        event = _array(facts, "event")[rows]  # in event_id order
    else:
        event, _ = pd.factorize(_array(facts, "event_id", object)[rows], sort=True)
    if len(event) and event.min() < 0:  # an empty event_id (dated only by an empty id)
        event = event + 1  # comes first, as -1 sorts first
    # every row of an event has its date: rank the events by (date, event_id) once,
    # then each person's first check-in is their smallest rank
    n_events = int(event.max()) + 1 if len(rows) else 0
    event_day = np.zeros(n_events, dtype="int64")
    event_day[event] = day.view("int64")
    by_day = np.lexsort((np.arange(n_events), event_day))
    rank_of = np.empty(n_events, dtype=np.int64)
    rank_of[by_day] = np.arange(n_events)
    n_persons = int(person.max()) + 1 if len(rows) else 0
    best = np.full(n_persons, n_events, dtype=np.int64)
    np.minimum.at(best, person, rank_of[event])
    who = np.flatnonzero(best < n_events)  # person codes, ascending
    first_event = by_day[best[who]]
    # a row of each event and of each person (any: they share the event_id / person_id)
    row_of_event = np.zeros(n_events, dtype=np.int64)
    row_of_event[event] = rows
    row_of_person = np.zeros(n_persons, dtype=np.int64)
    row_of_person[person] = rows
    return pd.DataFrame(
        {
            "first_date": event_day[first_event].view("datetime64[ns]"),
            "first_event": _array(facts, "event_id", object)[row_of_event[first_event]],
            "person": who.astype(facts["person"].dtype, copy=False),
        },
        index=pd.Index(_array(facts, "person_id", object)[row_of_person[who]], name="person_id"),
    )


def _returned(facts: pd.DataFrame | Facts, first: pd.DataFrame) -> pd.Index:
    """Persons of ``first`` checked in at another event 0–180 days after their first check-in."""
    person = _array(facts, "person")
    n = int(person.max()) + 1 if len(person) else 0
    first_day = np.full(n, np.datetime64("NaT"), dtype="datetime64[ns]")
    first_event = repeated(None, n)
    codes = first["person"].to_numpy()
    first_day[codes] = first["first_date"].to_numpy(dtype="datetime64[ns]")
    first_event[codes] = first["first_event"].to_numpy(dtype=object)
    rows = np.flatnonzero(_dated_check_ins(facts))
    who = person[rows]
    days = _array(facts, "date", "datetime64[ns]")[rows] - first_day[who]
    near = (
        ~np.isnat(days)
        & (days >= np.timedelta64(0, "D"))
        & (days <= np.timedelta64(WINDOW_DAYS, "D"))
    )
    rows, who = rows[near], who[near]  # few rows left: compare their event ids
    back = _array(facts, "event_id", object)[rows] != first_event[who]
    return pd.Index(pd.unique(_array(facts, "person_id", object)[rows[back]]))


def cohort_table(
    community: Community, as_of: Any = None, year: int | None = None
) -> tuple[pd.DataFrame, pd.Series]:
    """Retention by first-check-in month.

    A person's cohort is the calendar month of their first check-in;
    "months since" is the difference in calendar months (March → May = 2),
    not in 30-day blocks. Cell (cohort c, k) = share of c's persons checked in
    at an event in month c + k; month 0 is 1 by definition. Months after
    ``as_of``'s month are not observable yet and are NaN (check-ins after
    ``as_of`` are ignored).

    Parameters
    ----------
    year : int, optional
        Only cohorts whose month is in ``year`` (default: all).

    Returns
    -------
    (DataFrame, Series)
        Shares indexed by cohort (``"YYYY-MM"``) with integer columns
        0, 1, ... (months since), and the cohort sizes.
    """
    facts = check_ins(community)
    return _cohorts(facts, first_check_ins(facts), _as_of(community, as_of), year)


def _month(dates: np.ndarray) -> np.ndarray:
    """Calendar-month number (year * 12 + month - 1) of datetime64 values."""
    return dates.astype("datetime64[M]").astype("int64") + 1970 * 12


def _cohorts(
    facts: pd.DataFrame | Facts, first: pd.DataFrame, end: pd.Timestamp | None, year: int | None
) -> tuple[pd.DataFrame, pd.Series]:
    if end is not None:
        first = first[first["first_date"] <= end]
    if year is not None:
        first = first[first["first_date"].dt.year == year]
    if first.empty or end is None:
        return pd.DataFrame(dtype="float64"), pd.Series(dtype="int64", name="size")
    person = _array(facts, "person")
    n = int(person.max()) + 1
    cohort_of = np.full(n, -1, dtype="int64")
    cohort_of[first["person"].to_numpy()] = _month(first["first_date"].to_numpy())
    dates = _array(facts, "date", "datetime64[ns]")
    seen = np.flatnonzero(_array(facts, "checked", bool) & (dates <= end.to_datetime64()))
    cohort = cohort_of[person[seen]]
    keep = cohort >= 0
    seen, cohort = seen[keep], cohort[keep]
    sizes = pd.Series(_month(first["first_date"].to_numpy())).value_counts().sort_index()
    end_month = end.year * 12 + end.month - 1
    start = int(sizes.index.min())
    span = int(end_month - start) + 1
    # one integer per (cohort, months since, person): each distinct one counted
    # once in its (cohort, months since) cell of a span × span grid
    cell = (cohort - start) * span + (_month(dates[seen]) - cohort)
    distinct = pd.unique(cell * n + person[seen])
    grid = np.bincount(distinct // n, minlength=span * span).reshape(span, span)
    grid = grid[sizes.index.to_numpy() - start].astype("float64")
    shares = grid / sizes.to_numpy()[:, None]
    observable = (sizes.index.to_numpy()[:, None] + np.arange(span)[None, :]) <= end_month
    labels = pd.Index([f"{m // 12:04d}-{m % 12 + 1:02d}" for m in sizes.index], name="cohort")
    table = pd.DataFrame(
        np.where(observable, shares, np.nan),
        index=labels,
        columns=pd.Index(range(span), name="months_since"),
    )
    return table, pd.Series(sizes.to_numpy(dtype="int64"), index=labels, name="size")


def community_summary(community: Community, year: int, as_of: Any = None) -> dict[str, Any]:
    """Every metric of ``community summary`` for ``year`` (keys of DESIGN.md).

    - ``events`` — events dated in Y.
    - ``rsvps`` — their attendance rows with rsvp ``yes``.
    - ``checked_in`` — their rows checked in.
    - ``show_rate`` — over events of Y with check-in data: rows with rsvp
      ``yes`` checked in / rows with rsvp ``yes``.
    - ``walk_ins`` — rows checked in whose rsvp is not ``yes`` (``no``,
      ``waitlist`` or ``none``).
    - ``mean_attendance`` — checked-in rows / events of Y with check-in data.
    - ``unique_attendees`` — distinct persons checked in at an event of Y.
    - ``first_timers`` — persons whose first check-in ever is in Y.
    - ``first_timer_return_rate`` — among persons whose first check-in is in
      Y and ≤ ``as_of`` − 180 days: share checked in at another event dated
      0–180 days after their first check-in.
    - ``active_members`` — distinct persons checked in at an event dated
      ``as_of`` − 180 days … ``as_of``.
    - ``regulars`` — persons with at least 3 check-ins at events of Y.
    - ``cohorts`` — :func:`cohort_table` for cohorts of Y, as a list of
      ``{"cohort": "YYYY-MM", "size": n, "retention": [share for months
      since 0, 1, ...]}`` up to ``as_of``'s month.
    - ``members`` — rows of the latest member-list snapshot dated ≤
      ``as_of`` (``None`` without one); ``new_members`` — distinct members,
      over all snapshots, whose ``joined_on`` is in Y (``None`` without any
      member list).

    Also ``year``, ``as_of`` (ISO date or ``None``) and
    ``events_with_check_in_data``.
    """
    end = _as_of(community, as_of)
    facts = _facts(community)
    dates = facts["date"]
    in_year = dates.astype("datetime64[Y]").astype("int64") == year - 1970  # NaT: never
    yes, checked, person = facts["rsvp_yes"], facts["checked"], facts["person"]
    n_events = int((community.events["date"].dt.year == year).sum())
    data = in_year & facts["has_data"]  # rows of Y's events with check-in data
    events_with_data = _distinct(facts["event"][data])
    checked_rows = in_year & checked
    first = first_check_ins(facts)
    first_in_year = first[first["first_date"].dt.year == year]
    if end is not None:
        eligible = first_in_year[first_in_year["first_date"] <= end - _WINDOW]
        back = _returned(facts, eligible)
        return_rate = _ratio(len(back), len(eligible))
        day = end.to_datetime64()
        recent = checked & (dates <= day) & (dates >= day - _WINDOW.to_timedelta64())
        active = _distinct(person[recent])
    else:
        return_rate, active = None, 0
    per_person = np.bincount(person[checked_rows & (person >= 0)])
    shares, sizes = _cohorts(facts, first, end, year)
    cohorts = [
        {
            "cohort": label,
            "size": int(sizes[label]),
            "retention": [float(v) for v in row.dropna().to_numpy()],
        }
        for label, row in shares.iterrows()
    ]
    members, new_members = _member_counts(community, year, end)
    yes_with_data = data & yes
    return {
        "year": year,
        "as_of": None if end is None else end.strftime("%Y-%m-%d"),
        "events": n_events,
        "rsvps": int((in_year & yes).sum()),
        "checked_in": int(checked_rows.sum()),
        "show_rate": _ratio(int((yes_with_data & checked).sum()), int(yes_with_data.sum())),
        "walk_ins": int((checked_rows & ~yes).sum()),
        "mean_attendance": _ratio(int((data & checked).sum()), events_with_data),
        "unique_attendees": _distinct(person[checked_rows]),
        "first_timers": len(first_in_year),
        "first_timer_return_rate": return_rate,
        "active_members": active,
        "regulars": int((per_person >= REGULAR_CHECK_INS).sum()),
        "cohorts": cohorts,
        "members": members,
        "new_members": new_members,
        "events_with_check_in_data": events_with_data,
    }


def _distinct(codes: np.ndarray) -> int:
    """How many distinct codes ≥ 0 (-1 stands for an empty cell)."""
    codes = codes[codes >= 0]
    return int(np.count_nonzero(np.bincount(codes))) if len(codes) else 0


def _member_counts(
    community: Community, year: int, end: pd.Timestamp | None
) -> tuple[int | None, int | None]:
    m = community.members
    if m.empty:
        return None, None
    snaps = m["snapshot_date"]
    if end is not None:
        snaps = snaps[snaps <= end]
    members = None if snaps.empty else int((m["snapshot_date"] == snaps.max()).sum())
    joined = m.loc[m["joined_on"].dt.year == year, "person_id"]
    return members, int(joined.nunique())


# --------------------------------------------------------------------------- report tables


def event_table(community: Community, year: int | None = None) -> pd.DataFrame:
    """Attendance per event (for the report), oldest first.

    Returns
    -------
    DataFrame
        ``event_id``, ``date``, ``title``, ``format``, ``style``,
        ``capacity``, ``rsvps`` (rsvp yes), ``checked_in``, ``walk_ins``
        (checked in without rsvp yes), ``no_shows`` (rsvp yes, not checked
        in; NA without check-in data), ``has_check_in_data``, ``show_rate``
        (NaN without check-in data), ``first_timers`` (persons whose first
        check-in ever was this event).
    """
    facts = check_ins(community)
    events = community.events
    if year is not None:
        events = events[events["date"].dt.year == year]
    first = first_check_ins(facts)
    firsts = first.groupby("first_event").size()
    g = facts.assign(
        yes_checked=facts["rsvp_yes"] & facts["checked"],
        walk_in=facts["checked"] & ~facts["rsvp_yes"],
    ).groupby("event_id")
    per = pd.DataFrame(
        {
            "rsvps": g["rsvp_yes"].sum(),
            "checked_in": g["checked"].sum(),
            "walk_ins": g["walk_in"].sum(),
            "yes_checked": g["yes_checked"].sum(),
            "has_check_in_data": g["has_data"].any(),
        }
    )
    out = events[["event_id", "date", "title", "format", "style", "capacity"]].join(
        per, on="event_id"
    )
    for column in ("rsvps", "checked_in", "walk_ins", "yes_checked"):
        out[column] = out[column].fillna(0).astype("int64")
    has = out["has_check_in_data"].astype("boolean").fillna(False).astype(bool)
    out["has_check_in_data"] = has
    out["no_shows"] = (out["rsvps"] - out["yes_checked"]).astype("Int64").where(has)
    out["show_rate"] = (out["yes_checked"] / out["rsvps"].where(out["rsvps"] > 0)).where(has)
    out["first_timers"] = out["event_id"].map(firsts).fillna(0).astype("int64")
    out = out.drop(columns="yes_checked").sort_values(["date", "event_id"], kind="stable")
    return out.reset_index(drop=True)


def first_timer_table(community: Community, as_of: Any = None) -> pd.DataFrame:
    """First-timers per month of their first check-in, and how many came back.

    Returns
    -------
    DataFrame indexed by month (``"YYYY-MM"``)
        ``first_timers``; ``eligible`` (first check-in ≤ as_of − 180 days);
        ``returned`` (eligible and checked in at another event 0–180 days
        later); ``return_rate`` (returned / eligible, NaN when none eligible).
    """
    facts = check_ins(community)
    end = _as_of(community, as_of)
    first = first_check_ins(facts)
    if first.empty or end is None:
        return pd.DataFrame(
            columns=["first_timers", "eligible", "returned", "return_rate"], dtype="float64"
        )
    first = first[first["first_date"] <= end]
    eligible = first["first_date"] <= end - _WINDOW
    back = first.index.isin(_returned(facts, first)) & eligible.to_numpy()
    month = first["first_date"].dt.strftime("%Y-%m")
    out = (
        pd.DataFrame(
            {"first_timers": 1, "eligible": eligible.astype(int), "returned": back.astype(int)},
            index=first.index,
        )
        .groupby(month.to_numpy())
        .sum()
    )
    out.index.name = "month"
    out["return_rate"] = out["returned"] / out["eligible"].where(out["eligible"] > 0)
    return out


def regulars_over_time(community: Community, as_of: Any = None) -> pd.DataFrame:
    """Regulars month by month: persons with ≥ 3 check-ins in the trailing 12 months.

    Returns
    -------
    DataFrame indexed by month (``"YYYY-MM"``, from the first check-in to
    ``as_of``)
        ``regulars`` (≥ 3 check-ins at events dated in the 12 calendar months
        ending with that month) and ``attendees`` (≥ 1 check-in in them).
    """
    facts = check_ins(community)
    end = _as_of(community, as_of)
    seen = facts.loc[facts["checked"] & facts["date"].notna(), ["person_id", "date"]]
    if end is not None:
        seen = seen[seen["date"] <= end]
    if seen.empty or end is None:
        return pd.DataFrame(columns=["regulars", "attendees"], dtype="int64")
    month = (seen["date"].dt.year * 12 + seen["date"].dt.month - 1).to_numpy()
    per = pd.crosstab(seen["person_id"].to_numpy(), month)  # persons × months
    months = np.arange(month.min(), end.year * 12 + end.month)
    per = per.reindex(columns=months, fill_value=0)
    trailing = per.T.rolling(12, min_periods=1).sum().T  # check-ins in the last 12 months
    out = pd.DataFrame(
        {
            "regulars": (trailing >= REGULAR_CHECK_INS).sum(axis=0).to_numpy(),
            "attendees": (trailing >= 1).sum(axis=0).to_numpy(),
        },
        index=pd.Index([f"{m // 12:04d}-{m % 12 + 1:02d}" for m in months], name="month"),
    )
    return out


def draw_and_keep(community: Community, by: str, as_of: Any = None) -> pd.DataFrame:
    """Which formats, styles or speakers drew people and kept them.

    Parameters
    ----------
    by : {"format", "style", "speakers"}
        An event with several speakers counts for each of them.

    Returns
    -------
    DataFrame, one row per value that occurs (empty cells left out), most
    events first
        ``value``, ``events``, ``mean_rsvps``, ``mean_checked_in`` (over its
        events with check-in data), ``show_rate`` (the summary's rule over its
        events), ``first_timers`` (persons whose first check-in was one of its
        events), ``first_timer_return_rate`` (those first-timers with a first
        check-in ≤ as_of − 180 days: share back at another event within 180
        days).
    """
    if by not in ("format", "style", "speakers"):
        raise ValueError(f"by must be format, style or speakers, not {by!r}")
    facts = check_ins(community)
    end = _as_of(community, as_of)
    events = community.events[["event_id", by]].copy()
    events[by] = events[by].astype(object)
    if by == "speakers":
        events = events.explode(by)
    events = events[events[by].notna() & (events[by].astype(str) != "")]
    columns = [
        "value",
        "events",
        "mean_rsvps",
        "mean_checked_in",
        "show_rate",
        "first_timers",
        "first_timer_return_rate",
    ]
    if events.empty:
        return pd.DataFrame(columns=columns)
    rows = facts.merge(events, on="event_id")
    rows = rows.assign(yes_checked=rows["rsvp_yes"] & rows["checked"])
    g = rows.groupby(by)
    data = rows[rows["has_data"]].groupby(by)
    out = pd.DataFrame(
        {
            "events": events.groupby(by)["event_id"].nunique(),
            "rsvps": g["rsvp_yes"].sum(),
            "checked_in": data["checked"].sum(),
            "data_events": data["event_id"].nunique(),
            "yes_data": data["rsvp_yes"].sum(),
            "yes_checked": data["yes_checked"].sum(),
        }
    ).fillna(0)
    first = first_check_ins(facts)
    back = first.index.isin(_returned(facts, first))
    eligible = (
        (first["first_date"] <= end - _WINDOW) if end is not None else first["first_date"].isna()
    )
    ft = pd.DataFrame(
        {
            "event_id": first["first_event"],
            "eligible": eligible.to_numpy(),
            "back": back & eligible.to_numpy(),
        }
    ).merge(events, on="event_id")
    ftg = ft.groupby(by)
    out["first_timers"] = ftg.size().reindex(out.index, fill_value=0)
    out["eligible"] = ftg["eligible"].sum().reindex(out.index, fill_value=0)
    out["back"] = ftg["back"].sum().reindex(out.index, fill_value=0)
    result = pd.DataFrame(
        {
            "value": out.index.astype(str),
            "events": out["events"].astype("int64").to_numpy(),
            "mean_rsvps": (out["rsvps"] / out["events"]).to_numpy(),
            "mean_checked_in": (
                out["checked_in"] / out["data_events"].where(out["data_events"] > 0)
            ).to_numpy(),
            "show_rate": (
                out["yes_checked"] / out["yes_data"].where(out["yes_data"] > 0)
            ).to_numpy(),
            "first_timers": out["first_timers"].astype("int64").to_numpy(),
            "first_timer_return_rate": (
                out["back"] / out["eligible"].where(out["eligible"] > 0)
            ).to_numpy(),
        }
    )
    return result.sort_values(
        ["events", "value"], ascending=[False, True], kind="stable"
    ).reset_index(drop=True)
