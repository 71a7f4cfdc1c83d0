"""Small logbooks for the report tests, written with :mod:`builders`.

``two_year_logbook`` is a tiny but complete history (2024 and 2025) that
touches every section of the reflection report; ``xss_logbook`` puts an HTML
/ Markdown injection payload into every text column.
"""

from __future__ import annotations

from pathlib import Path

from builders import contact, event, interaction, learning, write_logbook

#: Payloads that would be live markup if any text were not escaped. Each one,
#: if it ran, would change document.title to "pwned" (checked in Chromium).
PAYLOADS = (
    "<script>document.title='pwned'</script>",
    "<img src=x onerror=\"document.title='pwned'\">",
    "</style><script>document.title='pwned'</script>",
    "[click me](javascript:document.title='pwned')",
    "<svg onload=\"document.title='pwned'\"></svg>",
    '"><iframe src="javascript:document.title=\'pwned\'"></iframe>',
)


def two_year_logbook(folder: Path, *, goals: bool = True) -> Path:
    """2024: two afterwork talks. 2025: four events (a talk given, an organized one),
    four contacts (one introduced by another), follow-ups, opportunities, takeaways."""
    events = [
        event(
            "e1",
            "2024-03-05",
            title="Data Night #1",
            community="Data Night",
            format="afterwork",
            style="talks",
            access="public",
            channel="meetup.com",
            duration_h="2",
            travel_min="30",
            cost="0",
            energy_cost="3",
            rating="3",
            questions_asked="0",
            topics="python;data",
        ),
        event(
            "e2",
            "2024-11-20",
            title="Data Night #2",
            community="Data Night",
            format="afterwork",
            style="talks",
            access="public",
            channel="meetup.com",
            duration_h="2",
            travel_min="30",
            cost="5",
            energy_cost="3",
            rating="4",
            questions_asked="1",
            topics="python",
        ),
        event(
            "e3",
            "2025-02-11",
            title="Product Breakfast",
            community="ProductTank",
            format="breakfast",
            style="panel",
            access="invite-only",
            channel="linkedin",
            duration_h="1.5",
            travel_min="20",
            cost="10",
            energy_cost="2",
            rating="5",
            questions_asked="2",
            topics="product;discovery",
        ),
        event(
            "e4",
            "2025-05-14",
            title="Data Night #7",
            community="Data Night",
            format="afterwork",
            style="talks",
            access="public",
            channel="meetup.com",
            role="speaker",
            duration_h="3",
            travel_min="30",
            cost="0",
            energy_cost="5",
            rating="4",
            questions_asked="0",
            topics="python;ml",
        ),
        event(
            "e5",
            "2025-09-03",
            title="Design Social",
            community="Design Crew",
            format="afterwork",
            style="social",
            access="public",
            channel="colleague",
            duration_h="2",
            travel_min="40",
            cost="15",
            energy_cost="4",
            rating="2",
            questions_asked="0",
        ),
        event(
            "e6",
            "2025-11-26",
            title="Data Night #9",
            community="Data Night",
            format="afterwork",
            style="workshop",
            access="public",
            channel="meetup.com",
            role="organizer",
            duration_h="4",
            travel_min="30",
            cost="0",
            energy_cost="4",
            rating="5",
            questions_asked="1",
            topics="ml",
        ),
        event("e7", "2025-10-01", "no-show", title="Skipped Summit", cost="20"),
    ]
    contacts = [
        contact(
            "c1",
            name="Aino Virtanen",
            company="Acme Analytics",
            email="aino@acme.example",
            linkedin_url="https://www.linkedin.com/in/aino-virtanen",
            met_on="2024-03-05",
            met_event_id="e1",
        ),
        contact(
            "c2",
            name="Bertil Berg",
            company="Globex",
            email="bertil@globex.example",
            met_on="2025-02-11",
            met_event_id="e3",
        ),
        contact(
            "c3",
            name="Chandra Rao",
            company="Acme Analytics",
            met_on="2025-02-11",
            met_event_id="e3",
            introduced_by="c2",
            linkedin_url="https://www.linkedin.com/in/chandra-rao",
        ),
        contact(
            "c4", name="Dmitri Orlov", company="Initech", met_on="2025-05-14", met_event_id="e4"
        ),
        contact(
            "c5",
            name="Eve Nakamura",
            company="Umbrella Labs",
            met_on="2025-09-03",
            met_event_id="e5",
        ),
    ]
    interactions = [
        interaction("2024-03-06", "c1", "linkedin-connect", direction="out"),
        interaction("2024-03-10", "c1", "message", direction="out"),
        interaction("2025-02-12", "c2", "linkedin-connect", direction="out"),
        interaction("2025-02-13", "c2", "email", direction="out"),
        interaction("2025-06-01", "c2", "coffee", direction="mutual"),
        interaction("2025-07-01", "c2", "job-lead", direction="in"),
        interaction("2025-02-20", "c3", "message", direction="out"),
        interaction("2025-08-15", "c3", "speaking-invite", direction="in"),
        interaction("2025-05-15", "c4", "linkedin-connect", direction="in"),
        interaction("2025-04-01", "c1", "referral", direction="in"),
    ]
    learnings = [
        learning("e1", "Use type hints", topic="python", applied_on="2024-04-01"),
        learning("e3", "Interview five users a week", topic="discovery", applied_on="2025-03-01"),
        learning("e3", "Write the press release first", topic="product"),
        learning("e4", "Feature stores are overrated", topic="ml"),
        learning("e6", "Pair newcomers with regulars", topic="community", applied_on="2025-12-01"),
    ]
    goals_text = (
        "2025:\n  events_attended: 6\n  talks_given: 1\n  follow_up_rate: 0.7\n" if goals else None
    )
    return write_logbook(
        folder,
        events=events,
        contacts=contacts,
        interactions=interactions,
        learnings=learnings,
        goals=goals_text,
    )


def xss_logbook(folder: Path) -> Path:
    """Two years of events whose every text cell is an injection payload."""
    p = PAYLOADS

    def text(i: int) -> str:
        return p[i % len(p)]

    events = [
        event(
            "x1",
            "2024-06-01",
            title=text(0),
            community=text(1),
            city=text(2),
            format="afterwork",
            style="talks",
            access="public",
            channel="meetup.com",
            duration_h="2",
            energy_cost="3",
            rating="4",
            questions_asked="1",
            topics=f"{text(3)};{text(4)}",
            url=text(5),
            notes=text(0),
        ),
        event(
            "x2",
            "2025-03-01",
            title=text(1),
            community=text(2),
            city=text(3),
            format="lunch",
            style="panel",
            access="public",
            channel="slack",
            duration_h="1",
            energy_cost="2",
            rating="3",
            questions_asked="0",
            topics=text(5),
            url=text(0),
            notes=text(1),
            source=text(4),
            source_id=text(3),
        ),
        event(
            "x3",
            "2025-06-01",
            title=text(2),
            community=text(3),
            format="afterwork",
            style="talks",
            access="public",
            channel="meetup.com",
            role="speaker",
            duration_h="3",
            energy_cost="4",
            rating="5",
            questions_asked="2",
            topics=text(0),
        ),
        event(
            "x4",
            "2025-09-01",
            title=text(3),
            community=text(4),
            format="online",
            style="workshop",
            access="invite-only",
            channel="email",
            role="organizer",
            duration_h="2",
            energy_cost="1",
            rating="4",
            questions_asked="0",
        ),
    ]
    contacts = [
        contact(
            f"k{i}",
            name=text(i),
            company=text(i + 1),
            position=text(i + 2),
            email=text(i + 3),
            linkedin_url=text(i + 4),
            met_on=f"2025-0{i + 3}-01",
            met_event_id="x2" if i % 2 else "x3",
            tags=text(i + 5),
            notes=text(i),
            introduced_by="k0" if i else "",
        )
        for i in range(4)
    ]
    interactions = [
        interaction(f"2025-0{i + 3}-02", f"k{i}", kind, direction="out", note=text(i))
        for i, kind in enumerate(("message", "job-lead", "coffee", "speaking-invite"))
    ]
    learnings = [
        learning(e, takeaway=text(i), topic=text(i + 2), applied_on="2025-10-01" if i % 2 else "")
        for i, e in enumerate(("x1", "x2", "x3", "x4"))
    ]
    return write_logbook(
        folder, events=events, contacts=contacts, interactions=interactions, learnings=learnings
    )
