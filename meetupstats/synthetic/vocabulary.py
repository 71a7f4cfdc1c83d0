"""Word lists and weights of the synthetic persona's story.

Names, companies, event titles, takeaways and notes are fictional; the
weights say how each channel, format and style pays back.
"""

from __future__ import annotations

#: How well a discovery channel pays: drives follow-ups, opportunities, ratings.
_CHANNEL_PAYOFF = {
    "meetup.com": 1.7,
    "eventbrite": 0.45,
    "luma": 1.2,
    "linkedin": 0.9,
    "whatsapp": 1.0,
    "telegram": 0.9,
    "slack": 1.2,
    "email": 1.0,
    "colleague": 1.9,
    "newsfeed": 0.4,
    "other": 0.8,
}
_FORMAT_CONTACTS = {"breakfast": 0.9, "lunch": 0.8, "afterwork": 1.3, "fullday": 1.4, "online": 0.4}
_STYLE_CONTACTS = {"talks": 1.0, "panel": 0.8, "workshop": 1.0, "unconference": 1.3, "social": 1.4}
_STYLE_TAKEAWAYS = {"talks": 1.2, "panel": 1.0, "workshop": 1.4, "unconference": 1.1, "social": 0.4}
_STYLE_ENERGY = {"talks": 2, "panel": 2, "workshop": 3, "unconference": 4, "social": 4}
_DURATIONS = {
    "breakfast": (1.0, 1.5, 2.0),
    "lunch": (1.0, 1.5),
    "afterwork": (2.0, 2.5, 3.0, 3.5),
    "fullday": (6.0, 7.0, 8.0),
    "online": (1.0, 1.5, 2.0),
}
#: Weekdays (Monday = 0) an event of each format falls on.
_WEEKDAYS = {
    "breakfast": (1, 2, 3),
    "lunch": (1, 2, 3),
    "afterwork": (1, 2, 3),
    "fullday": (3, 4, 5),
    "online": (0, 1, 2, 3),
}

#: name, city, home channel, usual format, usual style, era of its topics
_COMMUNITIES: tuple[tuple[str, str, str, str, str, str], ...] = (
    ("Product Lounge Helsinki", "Helsinki", "meetup.com", "afterwork", "talks", "any"),
    ("Roadmap Breakfast Club", "Helsinki", "linkedin", "breakfast", "talks", "early"),
    ("Discovery Guild Finland", "Helsinki", "slack", "afterwork", "workshop", "early"),
    ("UX Research Circle", "Espoo", "email", "lunch", "talks", "early"),
    ("Tampere Product People", "Tampere", "meetup.com", "afterwork", "talks", "any"),
    ("Northern Data Night", "Helsinki", "meetup.com", "afterwork", "talks", "mid"),
    ("Metrics & Muffins", "Helsinki", "whatsapp", "breakfast", "social", "mid"),
    ("Example Analytics Tech Talks", "Helsinki", "eventbrite", "afterwork", "panel", "mid"),
    ("Experimentation Unconference", "Helsinki", "newsfeed", "fullday", "unconference", "mid"),
    ("Espoo AI Builders", "Espoo", "luma", "afterwork", "workshop", "late"),
    ("LLM Product Forum", "Helsinki", "luma", "afterwork", "panel", "late"),
    ("Remote Product Guild", "", "telegram", "online", "talks", "any"),
    ("Kallio Founders Afterwork", "Helsinki", "colleague", "afterwork", "social", "any"),
    ("Northwind Labs Open House", "Helsinki", "colleague", "afterwork", "talks", "any"),
    ("Nordic Product Day (fictional)", "Helsinki", "eventbrite", "fullday", "talks", "any"),
    ("PM Lunch Club", "Helsinki", "other", "lunch", "social", "any"),
)
_INVITE_ONLY = "Northwind Labs Open House"
_OWN_COMMUNITY = "Product Evenings Helsinki"


def _words(text: str, sep: str | None = None) -> tuple[str, ...]:
    return tuple(w.strip() for w in text.split(sep))


def _lines(text: str) -> dict[str, tuple[str, ...]]:
    """``key: a | b | c`` lines as ``{key: (a, b, c)}``."""
    pairs = (line.split(":", 1) for line in text.strip().splitlines())
    return {key.strip(): _words(values, "|") for key, values in pairs}


_TOPICS = {
    "early": ("discovery", "roadmapping", "user-research", "prioritization", "stakeholders"),
    "mid": ("analytics", "experimentation", "metrics", "data-products"),
    "late": ("ai", "llm", "ai-ethics", "automation"),
    "any": ("leadership", "career", "design"),
}
#: Topics of the last year only (progress ≥ _FRONTIER_FROM): renamed from their
#: "late" forerunners, so the latest year brings topics new to the persona.
_FRONTIER = {"automation": "ai-agents", "ai-ethics": "ai-governance"}
_FRONTIER_FROM = 0.9
_TITLES = {
    "discovery": ("Continuous discovery in practice", "Opportunity trees, one year in"),
    "roadmapping": ("Now-next-later roadmaps", "Roadmaps without dates?"),
    "user-research": ("Interviewing users without leading them", "Research ops on a budget"),
    "prioritization": ("Saying no to good ideas", "RICE, ICE and gut feeling"),
    "stakeholders": ("Managing up without losing your soul", "Stakeholder maps that work"),
    "analytics": ("Product analytics from zero", "Dashboards nobody opens"),
    "experimentation": ("A/B tests for small teams", "When not to run an experiment"),
    "metrics": ("North star metrics, honestly", "Picking the metric that matters"),
    "data-products": ("Shipping data products", "Data contracts for PMs"),
    "ai": ("Shipping AI features responsibly", "AI in the product trio"),
    "llm": ("LLM prototypes in a week", "Evaluating LLM features"),
    "ai-ethics": ("Bias checks before launch", "Explainability for product people"),
    "automation": ("Automating the boring parts of PM", "Agents in customer support"),
    "ai-agents": ("Shipping your first AI agent", "Agents that hand over to humans"),
    "ai-governance": ("AI governance for product teams", "Model cards users can read"),
    "leadership": ("Growing as a product lead", "Leading without authority"),
    "career": ("From PM to head of product", "Career ladders for PMs"),
    "design": ("Design critiques that help", "Designers and PMs, pairing"),
}
_TAKEAWAYS = _lines(
    """
discovery: Talk to a customer every week, not per project | Write the assumption down before the interview | Map opportunities before solutions
roadmapping: Put outcomes, not features, on the roadmap | Keep the later column deliberately vague | Review the roadmap with sales every quarter
user-research: Ask about the last time, not about the future | Recruit participants from the support queue | Share raw clips, not only summaries
prioritization: Score confidence separately from impact | Publish what we decided not to do | Time-box prioritization meetings to 30 minutes
stakeholders: Pre-wire decisions one to one | Send a weekly five-line update | Name the decision owner in every doc
analytics: Instrument the activation event first | Every dashboard needs an owner | Cohort charts beat totals
experimentation: Decide the stopping rule before starting | Small teams can use sequential tests | Log every experiment in one place
metrics: Pair each metric with a counter-metric | Check the metric moves when users are happier | One north star, three inputs
data-products: Treat the dataset as a product with users | Agree data contracts with the source team | Document freshness next to every table
ai: Start from the workflow, not the model | Plan for the wrong answer case in the UI | Measure time saved, not model accuracy
llm: Build an evaluation set before prompting | Keep a human in the loop for the first release | Log prompts and outputs from day one
ai-ethics: Run a bias review before launch | Explain to users what the model cannot do | Keep an opt-out for automated decisions
automation: Automate the weekly report first | Write the runbook before the agent | Measure the handover rate to humans
ai-agents: Give the agent one narrow job first | Write the runbook before the agent | Measure the handover rate to humans
ai-governance: Keep a register of every model in production | Explain to users what the model cannot do | Review automated decisions every quarter
leadership: Give feedback within a day | Delegate outcomes, not tasks | Protect one focus day a week
career: Write a brag document monthly | Ask for the stretch project explicitly | Find a mentor outside the company
design: Critique against the goal, not taste | Invite engineers to design reviews | Prototype in the real data early
"""
)
_FIRST_NAMES = _words(
    "Aino Eino Helmi Onni Ilona Väinö Sofia Leevi Emilia Elias Aada Oliver Linnea Veeti Kerttu "
    "Joona Pihla Mikael Sara Anton Noora Daniel Iida Samuel Priya Lucas Mei Omar Fatima Jonas "
    "Ingrid Mateo Zara Henrik Yuki Ahmed Laura Kristian Nina Tomás"
)
#: Surnames that say "example", "sketch", "draft" (mostly in Finnish): clearly made up.
_LAST_NAMES = _words(
    "Esimerkki Malli Testinen Kuvitelma Harjoitus Keksitty Näyte Luonnos Mallikas Koekäyttäjä "
    "Sample Example Placeholder Fictive Mockford Dummyson Testwood Draftley Demoinen Kokeilu "
    "Otos Vara Leikkinen Satunnainen Luonnosmaa Kaavio Prototyyppi Harjoitusmaa Exampleton "
    "Sketch"
)
_COMPANIES = _words(
    "Northwind Labs Oy|Example Analytics|Contoso Nordic|Fabrikam Oy|Sample Health Oy|"
    "Placeholder Games|Demo Bank Oyj|Lorem Logistics|Ipsum Insights|Mock Mobility Oy|"
    "Fictional Fintech Oy|Testable Tech|Dummy Data Co|Imaginary Retail Oy|Acme Software Oy|"
    "Widget Works|Example Energy Oy|Pretend Media|Hypothetical Health|Specimen Studios",
    "|",
)
_POSITIONS = _words(
    "Product Manager|Senior Product Manager|Head of Product|Product Owner|UX Researcher|"
    "Product Designer|Data Scientist|Analytics Lead|Engineering Manager|ML Engineer|CTO|"
    "Founder|Recruiter|Developer Advocate|Community Manager|VP Product",
    "|",
)
_TAGS = ("mentor", "hiring", "speaker", "data", "design", "ai", "founder", "organizer")
_CONTACT_NOTES = (
    "Met in the coffee queue",
    "Works on pricing; knows the analytics crowd",
    'Said "let\'s grab coffee sometime"',
    "Asked a sharp question about metrics",
    "Runs a podcast, ask about guesting",
    "Moved from Tampere, new in town",
)
_EVENT_NOTES = (
    "Great Q&A, stayed for the sauna",
    "Too crowded to talk to anyone",
    'Speaker said "ship the smallest thing", noted',
    "Good snacks, short talks",
    "Left early, tired",
)
_TRANSLIT = str.maketrans({"ä": "a", "ö": "o", "å": "a", "á": "a", "é": "e", " ": "-"})

_FOLLOW_UP = ("message", "email", "coffee", "call", "meeting")
_FOLLOW_UP_P = (0.4, 0.25, 0.15, 0.1, 0.1)
_ONGOING = ("message", "email", "coffee", "call", "meeting", "other", "intro-made")
_ONGOING_P = (0.3, 0.15, 0.14, 0.1, 0.1, 0.11, 0.1)
_OPPORTUNITY_P = {
    "job-lead": 0.24,
    "referral": 0.14,
    "speaking-invite": 0.2,
    "collaboration": 0.16,
    "mentoring": 0.14,
    "client": 0.12,
}
#: P(out), P(in), P(mutual) per interaction kind.
_DIRECTION_P = {
    "message": (0.5, 0.38, 0.12),
    "email": (0.5, 0.4, 0.1),
    "coffee": (0.45, 0.25, 0.3),
    "call": (0.45, 0.3, 0.25),
    "meeting": (0.4, 0.3, 0.3),
    "other": (0.4, 0.6, 0.0),
    "intro-made": (1.0, 0.0, 0.0),
    "job-lead": (0.0, 1.0, 0.0),
    "referral": (0.3, 0.7, 0.0),
    "speaking-invite": (0.0, 1.0, 0.0),
    "collaboration": (0.2, 0.2, 0.6),
    "mentoring": (0.5, 0.3, 0.2),
    "client": (0.1, 0.7, 0.2),
}
_INTERACTION_NOTES = {
    "message": ("Thanks for the chat", "Sent the slides", "Shared an article"),
    "email": ("Sent the research template", "Intro email with context"),
    "coffee": ("Coffee in Kamppi", "Walk and talk"),
    "call": ("30 min call about roadmaps", "Quick call"),
    "meeting": ("Lunch at their office", "Workshop planning"),
    "other": ("Congratulated on the new role", "Liked my post"),
    "intro-made": ("Introduced to a fellow PM", "Connected with a recruiter friend"),
    "job-lead": ("Lead for a senior PM role", "Head of Product opening"),
    "referral": ("Referral for a product role", "Referred a designer to them"),
    "speaking-invite": ("Invited to speak at their meetup", "Panel invitation"),
    "collaboration": ("Co-writing a blog post", "Joint workshop"),
    "mentoring": ("Monthly mentoring session", "Mentoring a junior PM"),
    "client": ("Consulting gig for a discovery sprint", "Advisory session"),
}
