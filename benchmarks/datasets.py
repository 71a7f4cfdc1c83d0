"""Benchmark data, generated on demand into a temporary folder (never committed).

- the *heavy user* logbook: :func:`meetupstats.synthetic.write_sample` with
  ``scale=10, years=10`` (about 2,000 events, 30,000 contacts, 200,000
  interactions, 20,000 takeaways), and the same persona over 4× as many
  years (every table 4× as long) for the growth check;
- a LinkedIn "Get a copy of your data" export (``Connections.csv`` with its
  preamble, ``Invitations.csv``, ``messages.csv``, zipped) in the formats of
  FORMATS.md, most of whose connections are people of the logbook;
- a big community folder (members, events, attendance) in the DESIGN.md
  community layout;
- the floor notebook of the report rows (imports only).

Everything is seeded: the same sizes give the same bytes.
"""

from __future__ import annotations

import csv
import datetime as dt
import json
import zipfile
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd

from meetupstats.logbook import Logbook

ME = "Maija Esimerkki"
ME_URL = "https://www.linkedin.com/in/maija-esimerkki"
SEED = 8


@dataclass(frozen=True)
class Sizes:
    """How big each generated data set is."""

    scale: float
    years: int
    first_year: int
    connections: int
    messages: int
    invitations: int
    members: int
    community_events: int
    attendance: int

    @property
    def last_year(self) -> int:
        return self.first_year + self.years - 1


#: the sizes of issue 8 (heavy user, 30k LinkedIn export, 50k-member group)
FULL = Sizes(
    scale=10,
    years=10,
    first_year=2016,
    connections=30_000,
    messages=100_000,
    invitations=3_000,
    members=50_000,
    community_events=1_000,
    attendance=1_000_000,
)
#: a few seconds in all, for the smoke test
TINY = Sizes(
    scale=1,
    years=2,
    first_year=2024,
    connections=300,
    messages=1_000,
    invitations=30,
    members=500,
    community_events=20,
    attendance=4_000,
)


def write_logbook(folder: Path, sizes: Sizes, growth: int = 1) -> Logbook:
    """The heavy user's logbook in ``folder``; ``growth`` times as many years, same last year."""
    from meetupstats.synthetic import write_sample

    years = sizes.years * growth
    return write_sample(
        folder, scale=sizes.scale, first_year=sizes.last_year - years + 1, years=years
    )


def write_empty_logbook(folder: Path) -> Path:
    """An empty logbook folder (headers only), as ``meetupstats init`` makes it."""
    from meetupstats.logbook import init_logbook

    return init_logbook(folder)


# --------------------------------------------------------------------------- LinkedIn export

_PREAMBLE = (
    "Notes:\n"
    '"When exporting your connection data, you may notice that some of the email addresses '
    "are missing. You will only see email addresses for connections who have allowed their "
    "connections to see or download their email address using this setting "
    "https://www.linkedin.com/psettings/privacy/email. You can learn more here "
    'https://www.linkedin.com/help/linkedin/answer/261"\n'
    "\n"
)
_CONNECTIONS = [
    "First Name",
    "Last Name",
    "URL",
    "Email Address",
    "Company",
    "Position",
    "Connected On",
]
_INVITATIONS = [
    "From",
    "To",
    "Sent At",
    "Message",
    "Direction",
    "inviterProfileUrl",
    "inviteeProfileUrl",
]
_MESSAGES = [
    "CONVERSATION ID",
    "CONVERSATION TITLE",
    "FROM",
    "SENDER PROFILE URL",
    "TO",
    "RECIPIENT PROFILE URLS",
    "DATE",
    "SUBJECT",
    "CONTENT",
    "FOLDER",
    "ATTACHMENTS",
    "IS MESSAGE DRAFT",
]
_CONTENTS = (
    "Great to meet you yesterday!",
    "Thanks for the talk, the slides were great",
    'Loved your point about "jobs to be done", could we grab a coffee?',
    "Sure, how about Tuesday, 9:00 at the usual place?",
    "Here is the link I mentioned:\nhttps://example.com/article",
    "Congrats on the new role!",
    "Are you going to the next Product Tank?",
)
_COMPANIES = ("Example Analytics", "Northwind Labs Oy", "Stripe, Inc.", "Fictional Fintech")
_POSITIONS = ("Product Manager", "Engineer", "Head of Product, Nordics", "Designer")


def write_linkedin_export(folder: Path, book: Logbook, sizes: Sizes) -> tuple[Path, list[Path]]:
    """A LinkedIn export for ``book``'s owner: the zip and the CSV files it holds.

    Up to 80 % of the connections are contacts of the logbook with a
    LinkedIn URL (connected 0–7 days after meeting them); the rest are people
    the logbook does not know. Messages go both ways within conversations
    between the owner and one connection; a few are drafts.
    """
    rng = np.random.default_rng(SEED)
    folder.mkdir(parents=True, exist_ok=True)
    known = book.contacts.dropna(subset=["linkedin_url"])
    take = min(len(known), int(sizes.connections * 0.8))
    known = known.iloc[np.sort(rng.choice(len(known), size=take, replace=False))]
    n_new = sizes.connections - take
    first_day = dt.date(sizes.first_year, 1, 1).toordinal()
    span = dt.date(sizes.last_year, 12, 31).toordinal() - first_day
    names = known["name"].str.split(" ", n=1, expand=True).reindex(columns=[0, 1]).fillna("")
    met = known["met_on"].fillna(pd.Timestamp(sizes.first_year, 1, 1))
    connected = met + pd.to_timedelta(rng.integers(0, 8, len(known)), unit="D")
    people = pd.DataFrame(
        {
            "first": list(names[0]) + [f"Bench{i}" for i in range(n_new)],
            "last": list(names[1]) + [f"Person{i}" for i in range(n_new)],
            "url": list(known["linkedin_url"])
            + [f"https://www.linkedin.com/in/bench-person-{i}" for i in range(n_new)],
            "company": list(known["company"].fillna("")) + list(rng.choice(_COMPANIES, n_new)),
            "position": list(known["position"].fillna("")) + list(rng.choice(_POSITIONS, n_new)),
            "day": [d.toordinal() for d in connected.dt.date]
            + list(first_day + rng.integers(0, span + 1, n_new)),
        }
    )
    connections = folder / "Connections.csv"
    with connections.open("w", encoding="utf-8", newline="") as f:
        f.write(_PREAMBLE)
        w = csv.writer(f, lineterminator="\n")
        w.writerow(_CONNECTIONS)
        for i, p in enumerate(people.itertuples(index=False)):
            when = dt.date.fromordinal(int(p.day)).strftime("%d %b %Y")
            if i % 997 == 0:  # a hidden profile: only the date
                w.writerow(["", "", "", "", "", "", when])
                continue
            email = f"{p.first.lower()}.{i}@example.com" if i % 10 == 0 else ""
            w.writerow([p.first, p.last, p.url, email, p.company, p.position, when])

    invitations = folder / "Invitations.csv"
    with invitations.open("w", encoding="utf-8", newline="") as f:
        w = csv.writer(f, lineterminator="\n")
        w.writerow(_INVITATIONS)
        for j in rng.choice(len(people), size=min(sizes.invitations, len(people)), replace=False):
            p = people.iloc[int(j)]
            sent = dt.datetime.combine(dt.date.fromordinal(int(p.day)), dt.time(14, 37))
            stamp = f"{sent.month}/{sent.day}/{sent:%y}, {sent:%I:%M %p}".lstrip("0")
            name = f"{p.first} {p.last}"
            if j % 2:
                w.writerow([ME, name, stamp, "", "OUTGOING", ME_URL, p.url])
            else:
                w.writerow([name, ME, stamp, "Hi! Nice to meet you", "INCOMING", p.url, ME_URL])

    messages = folder / "messages.csv"
    n_conv = max(1, sizes.messages // 7)
    partner = rng.choice(len(people), size=n_conv)
    conv_of = np.sort(rng.integers(0, n_conv, sizes.messages))
    with messages.open("w", encoding="utf-8", newline="") as f:
        w = csv.writer(f, lineterminator="\n")
        w.writerow(_MESSAGES)
        start = people["day"].to_numpy()[partner]
        offsets = rng.integers(0, 400, sizes.messages)
        seconds = rng.integers(0, 86_400, sizes.messages)
        outgoing = rng.random(sizes.messages) < 0.5
        text = rng.integers(0, len(_CONTENTS), sizes.messages)
        draft = rng.random(sizes.messages) < 0.01
        full_names = (people["first"] + " " + people["last"]).to_numpy()
        urls = people["url"].to_numpy()
        for k in range(sizes.messages):
            c = int(conv_of[k])
            name, url = full_names[partner[c]], urls[partner[c]]
            day = dt.date.fromordinal(int(start[c] + offsets[k]))
            sent_at = dt.datetime.combine(day, dt.time()) + dt.timedelta(seconds=int(seconds[k]))
            sender, sender_url, to, to_url = (
                (ME, ME_URL, name, url) if outgoing[k] else (name, url, ME, ME_URL)
            )
            w.writerow(
                [
                    f"2-{c:08d}bench==",
                    "",
                    sender,
                    sender_url,
                    to,
                    to_url,
                    f"{sent_at:%Y-%m-%d %H:%M:%S} UTC",
                    "",
                    _CONTENTS[int(text[k])],
                    "INBOX",
                    "",
                    "Yes" if draft[k] else "No",
                ]
            )
    files = [connections, invitations, messages]
    archive = folder.parent / f"{folder.name}.zip"
    with zipfile.ZipFile(archive, "w", zipfile.ZIP_DEFLATED) as z:
        for path in files:
            z.write(path, path.name)
    return archive, files


def read_linkedin_plain(files: list[Path]) -> list[pd.DataFrame]:
    """The baseline: plain ``pandas.read_csv`` of the export files (preamble skipped)."""
    frames = []
    for path in files:
        skip = 3 if path.name == "Connections.csv" else 0
        frames.append(pd.read_csv(path, skiprows=skip))
    return frames


# --------------------------------------------------------------------------- community folder


def write_community(folder: Path, sizes: Sizes) -> list[Path]:
    """A big Meetup group: events, attendance (unique per person and event), a member list.

    Attendance draws people with a skewed popularity (a few regulars, many
    one-timers); about 90 % of events have check-in data.
    """
    rng = np.random.default_rng(SEED + 1)
    folder.mkdir(parents=True, exist_ok=True)
    n_ev, n_mem = sizes.community_events, sizes.members
    first = np.datetime64(f"{sizes.first_year}-01-01")
    span = (np.datetime64(f"{sizes.last_year}-12-31") - first).astype(int)
    days = np.sort(rng.integers(0, span + 1, n_ev))
    dates = first + days.astype("timedelta64[D]")
    event_ids = np.array([f"meetup:e{i:05d}" for i in range(n_ev)], dtype=object)
    events = pd.DataFrame(
        {
            "event_id": event_ids,
            "date": pd.Series(dates).dt.strftime("%Y-%m-%d"),
            "title": [f"Product Night #{i + 1}" for i in range(n_ev)],
            "format": rng.choice(["afterwork", "breakfast", "online"], n_ev),
            "style": rng.choice(["talks", "panel", "workshop", "social"], n_ev),
            "speakers": ["Aino Virtanen;Mikko Korhonen"] * n_ev,
            "capacity": rng.integers(50, 2000, n_ev),
            "source": "meetup",
            "source_id": [f"e{i}" for i in range(n_ev)],
        }
    )
    per_event = np.full(n_ev, sizes.attendance // n_ev)
    per_event[: sizes.attendance - per_event.sum()] += 1
    popularity = np.log(rng.pareto(1.2, n_mem) + 1e-3)
    rows_ev, rows_person = [], []
    for e in range(n_ev):
        k = min(int(per_event[e]), n_mem)
        keys = popularity + rng.gumbel(size=n_mem)
        chosen = np.argpartition(-keys, k - 1)[:k]
        rows_ev.append(np.full(k, e))
        rows_person.append(np.sort(chosen))
    ev = np.concatenate(rows_ev)
    person = np.concatenate(rows_person)
    n = len(ev)
    rsvp = rng.choice(["yes", "no", "waitlist", "none"], n, p=[0.8, 0.1, 0.05, 0.05])
    has_check_in = rng.random(n_ev) < 0.9
    shown = ((rsvp == "yes") & (rng.random(n) < 0.7)) | ((rsvp == "none") & (rng.random(n) < 0.5))
    checked = np.where(has_check_in[ev], np.where(shown, "true", "false"), "")
    registered = dates[ev] - rng.integers(0, 30, n).astype("timedelta64[D]")
    attendance = pd.DataFrame(
        {
            "event_id": event_ids[ev],
            "person_id": [f"meetup-{10_000_000 + p}" for p in person],
            "rsvp": rsvp,
            "checked_in": checked,
            "registered_at": pd.Series(registered).dt.strftime("%Y-%m-%d"),
            "source": "meetup",
        }
    )
    snapshot = dates[-1] if n_ev else first
    joined = first + rng.integers(0, span + 1, n_mem).astype("timedelta64[D]")
    members = pd.DataFrame(
        {
            "person_id": [f"meetup-{10_000_000 + p}" for p in range(n_mem)],
            "joined_on": pd.Series(np.minimum(joined, snapshot)).dt.strftime("%Y-%m-%d"),
            "last_attended": "",
            "events_attended": np.bincount(person, minlength=n_mem),
            "no_shows": rng.integers(0, 3, n_mem),
            "role": "Member",
            "source": "meetup-members",
            "snapshot_date": str(snapshot),
        }
    )
    paths = []
    for name, frame in (
        ("community_events.csv", events),
        ("attendance.csv", attendance),
        ("members.csv", members),
    ):
        path = folder / name
        frame.to_csv(path, index=False, lineterminator="\n")
        paths.append(path)
    (folder / "salt.txt").write_text("b" * 32 + "\n", encoding="utf-8")
    return paths


# --------------------------------------------------------------------------- report floor


def write_floor_notebook(path: Path) -> Path:
    """A notebook that only imports pandas, matplotlib and meetupstats (the report's floor)."""
    import nbformat

    nb = nbformat.v4.new_notebook()
    params = nbformat.v4.new_code_cell("data = None\nyear = None")
    params.metadata["tags"] = ["parameters"]
    nb.cells = [
        nbformat.v4.new_markdown_cell("# Floor"),
        params,
        nbformat.v4.new_code_cell(
            "import matplotlib\nimport matplotlib.pyplot as plt\nimport pandas as pd\n\n"
            "import meetupstats"
        ),
    ]
    nb.metadata["kernelspec"] = {
        "name": "python3",
        "display_name": "Python 3",
        "language": "python",
    }
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(nb), encoding="utf-8")
    return path
