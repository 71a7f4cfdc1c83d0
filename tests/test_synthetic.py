"""The synthetic logbook generator and the committed sample it made (data/sample/)."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from meetupstats import schema
from meetupstats.errors import UsageError
from meetupstats.logbook import Logbook, init_logbook, load_logbook, validate_logbook
from meetupstats.synthetic import README_TITLE, generate, main, write_sample

SAMPLE = Path(__file__).resolve().parents[1] / "data" / "sample"
TABLES = tuple(schema.TABLES)
AI_TOPICS = {"ai", "llm", "ai-ethics", "automation", "ai-agents", "ai-governance"}


@pytest.fixture(scope="module")
def sample() -> Logbook:
    return load_logbook(SAMPLE)


def files(folder: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(folder.iterdir()) if p.is_file()}


def attended(book: Logbook) -> pd.DataFrame:
    return book.events[book.events["status"] == "attended"]


def follow_up_rates(book: Logbook) -> dict[int, float]:
    """DESIGN.md ``follow_up_rate`` per year: share of the year's new contacts with a
    message/email/call/coffee/meeting interaction, direction out or mutual, 0–14 days
    after met_on."""
    it = book.interactions
    follow = it[
        it["kind"].isin(schema.FOLLOW_UP_KINDS) & it["direction"].isin(["out", "mutual"])
    ].merge(book.contacts[["contact_id", "met_on"]], on="contact_id")
    days = (follow["date"] - follow["met_on"]).dt.days
    done = set(follow.loc[(days >= 0) & (days <= 14), "contact_id"])
    contacts = book.contacts.assign(done=book.contacts["contact_id"].isin(done))
    return contacts.groupby(contacts["met_on"].dt.year)["done"].mean().to_dict()


# --------------------------------------------------------------------------- the committed sample


def test_committed_sample_is_exactly_a_fresh_generation(tmp_path: Path) -> None:
    write_sample(tmp_path / "fresh")
    committed = files(SAMPLE)
    assert set(committed) == {
        "events.csv",
        "contacts.csv",
        "interactions.csv",
        "learnings.csv",
        "goals.yml",
        "README.md",
    }
    assert files(tmp_path / "fresh") == committed
    # nothing else (no .backup/ or .staging/ that the wheel would ship)
    assert sorted(p.name for p in SAMPLE.iterdir()) == sorted(committed)


def test_sample_validates_with_no_errors_and_no_warnings() -> None:
    assert validate_logbook(SAMPLE) == []


def test_sample_readme_says_synthetic_and_how_to_regenerate() -> None:
    text = (SAMPLE / "README.md").read_text(encoding="utf-8")
    assert text.startswith(README_TITLE)
    assert "fictional" in text
    assert "python -m meetupstats.synthetic" in text
    assert 3 <= len(text.splitlines()) <= 5


def test_generate_returns_frames_typed_exactly_like_the_loader(sample: Logbook) -> None:
    fresh = generate()
    for name in TABLES:
        pd.testing.assert_frame_equal(fresh.table(name), sample.table(name))
    assert fresh.goals == sample.goals


def test_sample_meets_the_issue_minimum_counts(sample: Logbook) -> None:
    assert len(sample.events) >= 45
    assert len(sample.contacts) >= 120
    assert len(sample.interactions) >= 350
    assert len(sample.learnings) >= 90


def test_sample_has_2025_goals_keyed_by_metric_names(sample: Logbook) -> None:
    assert list(sample.goals) == [2025]
    assert sample.goals[2025]
    assert set(sample.goals[2025]) <= set(schema.METRIC_NAMES)
    assert {"events_attended", "talks_given", "follow_up_rate"} <= set(sample.goals[2025])


def test_every_sample_date_lies_in_2023_to_2025(sample: Logbook) -> None:
    for name, table in schema.TABLES.items():
        for column in table.columns:
            if column.kind == "date":
                dates = sample.table(name)[column.name].dropna()
                assert dates.min() >= pd.Timestamp("2023-01-01"), (name, column.name)
                assert dates.max() <= pd.Timestamp("2025-12-31"), (name, column.name)


ENUM_COLUMNS = [
    (name, column.name, column.choices)
    for name, table in schema.TABLES.items()
    for column in table.columns
    if column.kind == "enum"
]


@pytest.mark.parametrize(("table", "column", "choices"), ENUM_COLUMNS)
def test_every_enum_value_occurs_in_the_sample(
    sample: Logbook, table: str, column: str, choices: tuple[str, ...]
) -> None:
    present = set(sample.table(table)[column].dropna().astype(str))
    assert set(choices) - present == set()


@pytest.mark.parametrize("column", schema.BREAKDOWN_DIMENSIONS)
def test_every_breakdown_value_occurs_among_attended_events(sample: Logbook, column: str) -> None:
    # the report's breakdowns only look at attended events
    present = set(attended(sample)[column].dropna().astype(str))
    assert set(schema.EVENTS.column(column).choices) - present == set()


# --------------------------------------------------------------------------- the story


def test_ladder_first_question_2023_first_talk_2024_first_organized_2025(sample: Logbook) -> None:
    ev = attended(sample)
    role = ev["role"].astype(object)
    asked = ev[ev["questions_asked"] >= 1]
    talks = ev[role.isin(schema.SPEAKER_ROLES)]
    organized = ev[role.isin(schema.ORGANIZER_ROLES)]
    assert asked["date"].min().year == 2023
    assert talks["date"].min().year == 2024
    assert organized["date"].min().year == 2025
    assert talks.sort_values("date")["role"].iloc[0] == "speaker"
    first_organized = organized.sort_values("date").iloc[0]
    assert first_organized["role"] == "organizer"
    assert first_organized["format"] == "afterwork"  # an evening


def test_follow_up_within_14_days_improves_every_year(sample: Logbook) -> None:
    rates = follow_up_rates(sample)
    assert sorted(rates) == [2023, 2024, 2025]
    assert rates[2023] < rates[2024] < rates[2025]
    assert rates[2023] <= 0.4
    assert rates[2025] >= 0.6


def test_meetup_com_and_colleague_channels_pay_better_than_eventbrite_and_newsfeed(
    sample: Logbook,
) -> None:
    channel = sample.events.set_index("event_id")["channel"].astype(object)
    contacts = sample.contacts.assign(channel=sample.contacts["met_event_id"].map(channel))
    it = sample.interactions
    follow = it[
        it["kind"].isin(schema.FOLLOW_UP_KINDS) & it["direction"].isin(["out", "mutual"])
    ].merge(sample.contacts[["contact_id", "met_on"]], on="contact_id")
    days = (follow["date"] - follow["met_on"]).dt.days
    done = contacts["contact_id"].isin(follow.loc[(days >= 0) & (days <= 14), "contact_id"])
    opportunities = it[it["kind"].isin(schema.OPPORTUNITY_KINDS)]["contact_id"].value_counts()
    contacts = contacts.assign(
        done=done, opportunities=contacts["contact_id"].map(opportunities).fillna(0)
    )
    good = contacts[contacts["channel"].isin(["meetup.com", "colleague"])]
    poor = contacts[contacts["channel"].isin(["eventbrite", "newsfeed"])]
    assert len(good) >= 20
    assert len(poor) >= 10
    assert good["done"].mean() > poor["done"].mean() + 0.3
    assert good["opportunities"].mean() > 2 * poor["opportunities"].mean()


def test_topics_shift_towards_ai(sample: Logbook) -> None:
    ev = attended(sample).explode("topics")
    share = ev.groupby(ev["date"].dt.year)["topics"].apply(lambda t: t.isin(AI_TOPICS).mean())
    assert share[2023] < share[2025]
    assert share[2025] >= 0.3


def test_introductions_opportunities_and_applied_takeaways(sample: Logbook) -> None:
    contacts, it = sample.contacts, sample.interactions
    assert contacts["introduced_by"].notna().sum() >= 5
    assert contacts["met_event_id"].isna().sum() >= 3  # met outside meetups
    invites = it[it["kind"] == "speaking-invite"]
    first_talk = attended(sample).query("role == 'speaker'")["date"].min()
    assert len(invites) >= 1
    assert (invites["date"] > first_talk).all()
    applied = sample.learnings["applied_on"].notna()
    assert 0 < applied.mean() < 1
    assert it[it["kind"].isin(schema.OPPORTUNITY_KINDS)]["contact_id"].nunique() >= 10


def test_sample_is_fictional(sample: Logbook) -> None:
    emails = sample.contacts["email"].dropna()
    assert len(emails) > 0
    assert emails.str.fullmatch(r"[a-z.0-9-]+@example\.(com|org)").all()
    urls = sample.contacts["linkedin_url"].dropna()
    assert urls.str.startswith("https://www.linkedin.com/in/").all()


# --------------------------------------------------------------------------- the generator


def test_same_seed_same_bytes_and_another_seed_differs(tmp_path: Path) -> None:
    a = files(write_sample(tmp_path / "a", seed=7, scale=0.25).path or Path())
    b = files(write_sample(tmp_path / "b", seed=7, scale=0.25).path or Path())
    c = files(write_sample(tmp_path / "c", seed=8, scale=0.25).path or Path())
    assert a == b
    assert a["events.csv"] != c["events.csv"]
    assert a["contacts.csv"] != c["contacts.csv"]


def test_a_quarter_scale_is_smaller_and_still_validates(tmp_path: Path, sample: Logbook) -> None:
    small = write_sample(tmp_path / "small", scale=0.25)
    for name in TABLES:
        assert 0 < len(small.table(name)) < len(sample.table(name)), name
    assert validate_logbook(tmp_path / "small") == []


def test_contacts_per_event_and_interactions_per_contact_grow_with_scale() -> None:
    small, big = generate(scale=1, years=2), generate(scale=4, years=2)

    def per_event(book: Logbook) -> float:
        return book.contacts["met_event_id"].notna().sum() / len(attended(book))

    def per_contact(book: Logbook) -> float:
        return len(book.interactions) / len(book.contacts)

    # 4× the events; contacts per event grow as scale**0.76 (4**0.76 ≈ 2.9), so
    # a conservative 1.5× leaves room for the Poisson noise
    assert len(big.events) == 4 * len(small.events)
    assert per_event(big) > 1.5 * per_event(small)
    assert per_contact(big) > per_contact(small)


@pytest.mark.parametrize(
    ("seed", "scale", "first_year", "years"),
    [(1, 0.05, 2023, 3), (2, 0.5, 2030, 1), (3, 0.3, 2000, 6)],
)
def test_other_shapes_validate_and_stay_inside_their_years(
    tmp_path: Path, seed: int, scale: float, first_year: int, years: int
) -> None:
    book = write_sample(tmp_path, seed, scale, first_year, years)
    assert validate_logbook(tmp_path) == []
    dates = pd.concat([book.events["date"], book.contacts["met_on"], book.interactions["date"]])
    assert dates.min() >= pd.Timestamp(first_year, 1, 1)
    assert dates.max() <= pd.Timestamp(first_year + years - 1, 12, 31)
    assert list(book.goals) == [first_year + years - 1]


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"scale": 0}, "scale must be a positive number"),
        ({"scale": float("nan")}, "scale must be a positive number"),
        ({"years": 0}, "years must be at least 1"),
    ],
)
def test_bad_arguments_are_refused(kwargs: dict[str, float], message: str) -> None:
    with pytest.raises(UsageError, match=message):
        generate(**kwargs)  # type: ignore[arg-type]


def test_write_sample_refuses_a_folder_with_someone_elses_logbook(tmp_path: Path) -> None:
    init_logbook(tmp_path)
    before = files(tmp_path)
    with pytest.raises(UsageError, match="not written by this generator"):
        write_sample(tmp_path)
    assert files(tmp_path) == before


def test_write_sample_overwrites_its_own_output(tmp_path: Path) -> None:
    write_sample(tmp_path / "again", seed=1, scale=0.1)
    write_sample(tmp_path / "again", seed=2, scale=0.1)
    write_sample(tmp_path / "fresh", seed=2, scale=0.1)
    assert files(tmp_path / "again") == files(tmp_path / "fresh")
    # no .backup/: it would be shipped in the wheel with data/sample
    assert sorted(p.name for p in (tmp_path / "again").iterdir()) == sorted(
        files(tmp_path / "fresh")
    )


def test_command_line_writes_the_folder_and_names_its_arguments(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main([str(tmp_path / "out"), "--seed", "3", "--scale", "0.25"]) == 0
    assert "events" in capsys.readouterr().out
    readme = (tmp_path / "out" / "README.md").read_text(encoding="utf-8")
    assert "--seed 3 --scale 0.25" in readme
    assert validate_logbook(tmp_path / "out") == []


def test_command_line_bad_scale_exits_2_with_one_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main([str(tmp_path / "out"), "--scale", "-1"]) == 2
    err = capsys.readouterr().err
    assert err.strip().splitlines() == ["error: scale must be a positive number, got -1.0"]
    assert not (tmp_path / "out").exists()


def test_the_last_year_brings_new_topics(sample: Logbook) -> None:
    # "ai-agents" and "ai-governance" only appear once the persona's last year starts
    ev = attended(sample).explode("topics")
    first_seen = ev.groupby("topics")["date"].min().dt.year
    assert set(first_seen[first_seen == 2025].index) == {"ai-agents", "ai-governance"}
