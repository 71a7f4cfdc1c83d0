"""Networking: the follow-up funnel, introductions, companies and opportunities.

The funnel uses the same windows and helpers as ``connect_rate``,
``follow_up_rate`` and ``kept_warm_rate`` (:mod:`meetupstats.metrics.networking`);
the definitions are never repeated here.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from meetupstats import schema
from meetupstats.logbook import Logbook
from meetupstats.reflection.base import ReportData, _memoized

#: Stages of the follow-up funnel, in order (labels shown in the report).
FUNNEL_STAGES = (
    "met",
    "connected within 7 days",
    "followed up within 14 days",
    "still in touch after 90 days",
    "brought an opportunity",
)


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
