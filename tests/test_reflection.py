"""The report's derived tables and rules, on tiny logbooks worked out by hand.

``two_year_logbook`` (tests/report_logbooks.py), 2025, as_of = 2025-12-01
(the latest date: an applied_on):

- attended: e3 2025-02-11 breakfast (1.5 h + 20 min), e4 05-14 afterwork
  speaker (3 h + 30 min, energy 5), e5 09-03 afterwork social (2 h + 40 min,
  energy 4), e6 11-26 afterwork organizer (4 h + 30 min, energy 4); e7 no-show.
- new contacts: c2, c3 (met at e3; c3 introduced by c2), c4 (e4), c5 (e5).
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest
from builders import contact, event, interaction, make_logbook
from report_logbooks import two_year_logbook

from meetupstats import fragments, reflection
from meetupstats import reflection_rules as rules
from meetupstats.errors import UsageError
from meetupstats.logbook import empty_logbook, load_logbook
from meetupstats.reflection import ReportData, prepare_logbook


@pytest.fixture(scope="module")
def data(tmp_path_factory: pytest.TempPathFactory) -> ReportData:
    book = load_logbook(two_year_logbook(tmp_path_factory.mktemp("two")))
    return prepare_logbook(book, 2025)


def test_default_year_is_the_latest_with_an_attended_event(data: ReportData) -> None:
    # e7 (2025-10-01) is a no-show; e6 (2025-11-26) is the latest attended.
    assert reflection.report_year(data.book, None) == 2025
    assert data.as_of == pd.Timestamp("2025-12-01")


def test_default_year_needs_an_attended_event() -> None:
    with pytest.raises(UsageError, match="no attended event"):
        reflection.report_year(empty_logbook(), None)


def test_year_funnel(data: ReportData) -> None:
    # met: c2, c3, c4, c5 = 4.
    # connected ≤ 7 days: c2 (1 day), c4 (1 day) = 2.
    # followed up ≤ 14 days (out/mutual follow-up kind): c2 email day 2, c3 message day 9 = 2.
    # in touch after 90 days, among those met ≤ as_of − 90 (2025-09-02): c2, c3, c4 eligible
    #   (c5 met 09-03 is not); c2 coffee 06-01 and c3 invite 08-15 are ≥ met + 90 = 2.
    # opportunity: c2 job-lead, c3 speaking-invite = 2.
    funnel = reflection.year_funnel(data)
    assert list(funnel["stage"]) == list(reflection.FUNNEL_STAGES)
    assert list(funnel["count"]) == [4, 2, 2, 2, 2]
    assert list(funnel["share"]) == [1.0, 0.5, 0.5, 0.5, 0.5]


def test_funnel_agrees_with_the_metric_rates(data: ReportData) -> None:
    funnel = reflection.year_funnel(data).set_index("stage")["count"]
    s = data.summary
    assert funnel["connected within 7 days"] / funnel["met"] == s["connect_rate"]
    assert funnel["followed up within 14 days"] / funnel["met"] == s["follow_up_rate"]


def test_event_funnels_one_row_per_event_where_someone_was_met(data: ReportData) -> None:
    per_event = reflection.event_funnels(data)
    # e3: c2, c3 both connected? c2 yes (day 1), c3 no connect; both followed up; both warm; both opp.
    assert list(per_event["title"]) == ["Product Breakfast", "Data Night #7", "Design Social"]
    assert per_event.iloc[0][list(reflection.FUNNEL_STAGES)].tolist() == [2, 1, 2, 2, 2]
    # e4: c4 connected (in, day 1) but never followed up.
    assert per_event.iloc[1][list(reflection.FUNNEL_STAGES)].tolist() == [1, 1, 0, 0, 0]


def test_returns_by_format(data: ReportData) -> None:
    # breakfast: e3 return = 2 takeaways + 1 applied + 2 followed up + 2 opportunities = 7,
    #   hours 1.5 + 20/60 = 11/6 → 7 / (11/6) = 42/11; energy 2 → 3.5.
    # afterwork: e4 1 takeaway = 1; e5 0; e6 1 takeaway + 1 applied = 2 → 3 points,
    #   hours 3.5 + 2 + 40/60 + 4.5 = 32/3 → 9/32; energy 5 + 4 + 4 = 13 → 3/13.
    by = reflection.returns_by(data, "format")
    assert list(by["value"]) == ["breakfast", "afterwork"]
    assert list(by["events"]) == [1, 3]
    assert list(by["return"]) == [7, 3]
    assert by["per_hour"].tolist() == pytest.approx([42 / 11, 9 / 32])
    assert by["per_energy"].tolist() == pytest.approx([3.5, 3 / 13])


def test_returns_by_rejects_an_unknown_dimension(data: ReportData) -> None:
    with pytest.raises(UsageError, match="unknown dimension 'city'"):
        reflection.returns_by(data, "city")


def test_best_and_worst_do_not_overlap(data: ReportData) -> None:
    # per hour: e3 42/11 ≈ 3.82, e6 2/4.5 ≈ 0.44, e4 1/3.5 ≈ 0.29, e5 0 → two each side.
    best, worst = reflection.best_and_worst_events(data)
    assert list(best["title"]) == ["Product Breakfast", "Data Night #9"]
    assert list(worst["title"]) == ["Design Social", "Data Night #7"]


def test_this_time_last_year(data: ReportData) -> None:
    # A year before 2025-12-01 is 2024-12-01; six weeks up to it hold e2 (2024-11-20),
    # when the stage was asker (first question at e2). Since: e3..e6, c2..c5.
    t = reflection.this_time_last_year(data)
    assert t["date"] == pd.Timestamp("2024-12-01")
    assert list(t["events"]["title"]) == ["Data Night #2"]
    assert t["stage_then"] == "asker"
    assert (t["events_since"], t["contacts_since"]) == (4, 4)


def test_monthly_attendance(data: ReportData) -> None:
    months = reflection.monthly_attendance(data).set_index("month")
    assert months["events"].to_dict() == {
        m: int(m in {"Feb", "May", "Sep", "Nov"}) for m in months.index
    }
    assert months["previous"].sum() == 2  # e1 (Mar), e2 (Nov) of 2024


def test_topic_table_marks_new_topics(data: ReportData) -> None:
    # 2025: ml (e4, e6), python (e4), product and discovery (e3), community (e6 takeaway).
    # 2024 had python and data, so only python is not new.
    topics = reflection.topic_table(data).set_index("topic")
    assert topics["events"].to_dict() == {
        "ml": 2,
        "community": 1,
        "discovery": 1,
        "product": 1,
        "python": 1,
    }
    assert not topics.loc["python", "new"]
    assert topics.drop(index="python")["new"].all()


def test_introductions_and_opportunity_contacts(data: ReportData) -> None:
    intro = reflection.introductions(data)
    assert intro[["introduced_by", "contact"]].values.tolist() == [["Bertil Berg", "Chandra Rao"]]
    opp = reflection.opportunity_contacts(data)
    # 2025 opportunities: c1 referral (met 2024), c2 job-lead, c3 speaking-invite.
    assert sorted(opp["contact"]) == ["Aino Virtanen", "Bertil Berg", "Chandra Rao"]
    assert opp["opportunities"].tolist() == [1, 1, 1]


def test_roles_by_year(data: ReportData) -> None:
    roles = reflection.roles_by_year(data).set_index("year")
    # 2024: e1 listened, e2 asked. 2025: e3 asked, e4 spoke, e5 listened, e6 organized.
    assert roles.loc[2024].tolist() == [1, 1, 0, 0]
    assert roles.loc[2025].tolist() == [1, 1, 1, 1]


def test_suggested_goals(data: ReportData) -> None:
    # events 4 → keep 4; asked_share 2/4 → 0.7; follow_up_rate 0.5 → 0.65;
    # applied_rate 2/4 → 0.6; kept_warm 2/3 ≥ 0.6 → none; organizer with 1 talk → 2 talks;
    # already organized → no events_organized goal.
    goals = rules.suggested_goals(data).set_index("metric")["target"]
    assert goals.to_dict() == {
        "events_attended": 4,
        "asked_share": 0.7,
        "follow_up_rate": 0.65,
        "applied_rate": 0.6,
        "talks_given": 2,
    }
    yaml = rules.goals_yaml(2026, rules.suggested_goals(data))
    assert yaml.splitlines()[:3] == ["2026:", "  events_attended: 4", "  asked_share: 0.7"]


def test_goals_table_reads_goals_yml(data: ReportData) -> None:
    # goals.yml 2025: events 6 (4 → 4/6), talks 1 (1 → reached), follow-up 0.7 (0.5 → 5/7).
    goals = rules.goals_table(data).set_index("metric")
    assert goals["share"].to_dict() == pytest.approx(
        {"events_attended": 4 / 6, "talks_given": 1.0, "follow_up_rate": 0.5 / 0.7}
    )


def test_prompt_for_rarely_asking_cites_the_count(tmp_path: Path) -> None:
    book = make_logbook(
        tmp_path,
        events=[
            event(f"e{i}", f"2025-0{i}-01", questions_asked="1" if i == 1 else "0")
            for i in (1, 2, 3)
        ],
    )
    prompts = rules.reflection_prompts(prepare_logbook(book, 2025))
    becauses = [p["because"] for p in prompts]
    assert "you asked a question at 1 of 3 events" in becauses


def test_prompt_for_slow_follow_up(tmp_path: Path) -> None:
    # Three contacts, one followed up on day 3, one on day 20 (too late), one never: 1 of 3.
    book = make_logbook(
        tmp_path,
        events=[event("e1", "2025-03-01", questions_asked="1")],
        contacts=[contact(f"c{i}", met_on="2025-03-01", met_event_id="e1") for i in (1, 2, 3)],
        interactions=[
            interaction("2025-03-04", "c1", "message", direction="out"),
            interaction("2025-03-21", "c2", "email", direction="out"),
        ],
    )
    prompts = rules.reflection_prompts(prepare_logbook(book, 2025))
    assert any(
        p["because"] == "you followed up with 1 of 3 new contacts within two weeks (33%)"
        and "within two days" in p["prompt"]
        for p in prompts
    )


def test_prompts_are_deterministic_and_cite_numbers(data: ReportData) -> None:
    first, second = rules.reflection_prompts(data), rules.reflection_prompts(data)
    assert first == second
    # e5: energy 4 and no return.
    assert {"prompt", "because"} <= set(first[0])
    assert any(p["because"].startswith("1 event cost you 4 or 5 energy points") for p in first)


def test_no_prompts_without_events() -> None:
    assert rules.reflection_prompts(prepare_logbook(empty_logbook(), 2025)) == []


def test_report_title_possessive() -> None:
    assert reflection.report_title(2025) == "Your 2025 in meetups"
    assert reflection.report_title(2025, "Alex") == "Alex’s 2025 in meetups"
    assert reflection.report_title(2025, "James") == "James’ 2025 in meetups"


def test_share_card_is_a_png_with_aggregates_only(data: ReportData) -> None:
    card = reflection.share_card(data.summary)
    assert card.png is not None and card.png.startswith(b"\x89PNG")


def test_table_fragment_escapes_cells_and_headers() -> None:
    frame = pd.DataFrame({"<b>": ["<script>x</script>", None]})
    html = fragments.table(frame)
    assert "<script>" not in html and "<b>" not in html
    assert "&lt;script&gt;x&lt;/script&gt;" in html
    assert "–" in html  # the missing cell


def test_progress_rounds_down_so_100_means_reached() -> None:
    assert fragments.fmt_progress(0.9976) == "99%"
    assert fragments.fmt_progress(1.0) == "100%"
