"""What the seeded record updates, polls, questions, files and links say: the demo orgs' sample content."""

from __future__ import annotations

# New records, each announced by a create-record event: (object type, name, details).
# Case details: subject, priority. Opportunity details: account, stage, close date. Account: industry, city.
# fmt: off
RECORDS: tuple[tuple[str, str, tuple[str, ...]], ...] = (
    ("Case", "00001026", ("Printer jams on tray 2", "High")),
    ("Case", "00001027", ("Portal sign-in loops back to the start page", "Medium")),
    ("Case", "00001028", ("Invoice shows € instead of SEK", "High")),
    ("Case", "00001029", ("Add single sign-on for Globex", "Low")),
    ("Case", "00001030", ("Export to CSV times out after 30 s", "Medium")),
    ("Case", "00001031", ("Dashboard filters reset after a refresh", "Low")),
    ("Case", "00001032", ("Café wifi drops every ten minutes", "Medium")),
    ("Case", "00001033", ("Missing translations in the Japanese UI", "High")),
    ("Opportunity", "Umbrella – Expansion 2026", ("Umbrella Ltd", "Qualification", "2026-09-15")),
    ("Opportunity", "Soylent – 200 seats", ("Soylent Corp", "Prospecting", "2026-10-31")),
    ("Opportunity", "Hooli Europe – Pilot", ("Hooli Europe AB", "Needs Analysis", "2026-08-29")),
    ("Opportunity", "Stark – Support upgrade", ("Stark Industries", "Proposal", "2026-12-01")),
    ("Account", "Soylent Corp", ("Food & Beverage", "Portland")),
    ("Account", "Hooli Europe AB", ("Technology", "Stockholm")),
    ("Account", "Stark Industries", ("Manufacturing", "Malibu")),
)
# fmt: on
CREATE_VERBS = {
    "Case": "created a case.",
    "Opportunity": "created an opportunity.",
    "Account": "created an account.",
}

STAGES = ("Prospecting", "Qualification", "Needs Analysis", "Proposal", "Negotiation", "Closed Won")
CASE_STATUSES = ("New", "Working", "Escalated", "On Hold", "Closed")
PRIORITIES = ("Low", "Medium", "High")
ACCOUNT_TYPES = ("Prospect", "Customer - Direct", "Customer - Channel", "Partner")
INDUSTRIES = ("Technology", "Manufacturing", "Retail", "Food & Beverage", "Consulting")
CITIES = ("Stockholm", "Sevilla", "Chicago", "Tokyo", "Lyon", "Malmö", "Wien")
NEXT_STEPS = (
    "Send the contract",
    "Book a demo with their IT team",
    "Follow up after the holidays",
    "Wait for legal's redlines",
    "Price approval from Zoë",
)

POLLS = (
    ("Where should we hold the summer offsite?", ("Stockholm archipelago", "Sevilla", "Lisbon")),
    ("Which day works best for the release retro?", ("Monday", "Tuesday", "Thursday")),
    ("Lunch order for Friday's demo day?", ("Pizza", "Sushi", "Salad bowls", "Tacos")),
    ("Should stand-up move to 9:30 for good?", ("Yes", "No", "Don't mind")),
    ("Best fika pastry? 🥐", ("Kanelbulle", "Semla", "Prinsesstårta", "Croissant")),
    ("Which dashboard layout should we ship?", ("A — compact list", "B — cards")),
)

# (title, details, answers): the first answer is the one the asker may pick as best.
QUESTIONS = (
    (
        "How do I keep the VPN connected?",
        "It keeps dropping every ten minutes on the office Wi-Fi.",
        (
            "Use the VPN profile from the IT portal, then restart.",
            "Same here — the guest network blocks the keep-alive. Use the staff SSID.",
        ),
    ),
    (
        "Where is the template for customer case studies?",
        "Marketing asked for two by the end of the month and I can't find the latest version.",
        ("It's in Files → Shared with me → Marketing templates (v3).", "Ping José, he has the Globex one."),
    ),
    (
        "Can we expense a second monitor for working from home?",
        'Looking at a 27" one, around 300 €.',
        ("Yes, up to 350 € a year for home office gear. Add the receipt to the expense report.",),
    ),
    (
        "What's the process for a sandbox refresh?",
        "QA needs fresh data before Thursday's regression run.",
        (
            "Open a case for the Release Crew with the sandbox name; Björn schedules refreshes twice a week.",
            "Mind that a refresh wipes the test users — export them first.",
        ),
    ),
    (
        "Which SSO provider does Globex use?",
        "Their IT asked whether we support SAML and OIDC.",
        ("Azure AD with SAML. The case 00001029 has the metadata file.",),
    ),
    (
        "How do I export the pipeline report as CSV?",
        "The export button only offers Excel for me.",
        (
            "Use Export → Details only → Comma Delimited .csv.",
            "You need the 'Export Reports' permission; ask your admin.",
        ),
    ),
)

# (recipes of the files, what the post says)
FILE_POSTS = (
    (("q3-results", "q3-chart"), "Q3 numbers are in — bookings up in every region but Japan."),
    (("floor-plan",), "New floor plan for the third floor. The kitchen moves east!"),
    (("offsite-photo",), "Last night at the offsite 🌅 thanks everyone who came."),
    (("pipeline",), "Pipeline export for the forecast call."),
    (("onboarding",), "Updated onboarding guide for the new joiners next week."),
    (("release-notes",), "Draft release notes — comments welcome before Friday."),
    (("brand-assets",), "Logos and colours for the partner portal."),
    (("q3-chart", "floor-plan"), "Two things for the all-hands deck."),
)

LINKS = (
    ("Worth a read before Friday", "https://www.example.com/reports/2026-outlook", "2026 Outlook"),
    ("Our status page moved", "https://status.example.com/", "Acme Status"),
    ("The talk I mentioned at lunch", "https://www.example.org/talks/naive-is-fine", "Naïve is fine"),
    (
        "Benefits portal for open enrolment",
        "https://benefits.example.com/enrolment?year=2026&lang=en",
        "Open enrolment",
    ),
    (
        "Customer story: Initech",
        "https://www.example.com/customers/initech",
        "How Initech cut case times in half",
    ),
    (
        "Style guide for release notes",
        "https://docs.example.com/style/release-notes",
        "Release notes style guide",
    ),
)

ENHANCED_LINKS = (
    (
        "Spring release notes",
        "Release notes for the spring release: new feed filters, faster search and a refreshed composer.",
        "https://www.example.com/release-notes/spring",
    ),
    (
        "Acme Engineering blog — Shipping on Fridays",
        "Why we deploy every day, Fridays included, and what it took to get there.",
        "https://blog.example.com/shipping-on-fridays",
    ),
    (
        "Trailhead: Chatter basics",
        "Learn to follow records, post updates and collaborate in groups.",
        "https://trailhead.example.com/chatter-basics",
    ),
    (
        "Café Chatter menu for this week",
        "Monday soup, Wednesday tacos, Friday pizza & fika.",
        "https://intranet.example.com/cafe/menu",
    ),
    (
        "2026 holiday calendar",
        "Public holidays in Sweden, Spain, France, the US and Japan.",
        "https://intranet.example.com/holidays/2026",
    ),
)

APPROVALS = (
    ("Opportunity", "Amount", "Discount", "15%"),
    ("Opportunity", "Amount", "Discount", "22%"),
    ("Case", "Priority", "Credit", "$1,200.00"),
)

CONVERSATIONS = ("Discovery call", "Quarterly business review", "Renewal check-in")

RICH_TITLES = (
    "Release checklist",
    "Incident review: EU latency",
    "Onboarding week plan",
    "How we run the demo day",
    "Notes from the customer advisory board",
    "Runbook: rotating the API keys",
)
RICH_STEPS = (
    "Freeze the branch",
    "Run the full test suite",
    "Deploy to the sandbox",
    "Smoke test with two accounts",
    "Announce in Release Crew",
    "Update the status page",
    "Write the retro notes",
)
RICH_CODE = (
    "make deploy ENV=prod",
    "sf org login web --instance-url https://acme.my.salesforce.com",
    "git tag -s v2026.4 && git push --tags",
)
HYPERLINKS = (
    ("https://www.example.com/runbook", "Runbook", "the runbook"),
    (
        "https://docs.example.com/release-notes/spring?lang=en&v=2",
        "Spring release notes",
        "the release notes",
    ),
    ("https://status.example.com/incidents/4211", "Incident 4211", "the incident report"),
)
INLINE_IMAGES = (("deploy-diagram", "Deploy diagram"), ("whiteboard", "Whiteboard from the planning session"))

ANSWER_THANKS = ("Thanks, that worked!", "Perfect, thank you 🙏", "Great — merci!")
RECORD_COMMENTS = (
    "On it.",
    "I'll call them tomorrow morning.",
    "Thanks for logging this.",
    "Customer confirmed by email.",
    "Can we get this done before the QBR?",
)
FILE_COMMENTS = (
    ("Here's the signed-off version.", "onboarding"),
    ("Latest numbers attached.", "q3-chart"),
    ("Full export attached.", "pipeline"),
    ("Photo from the other side of the bay 📷", "offsite-photo"),
)
