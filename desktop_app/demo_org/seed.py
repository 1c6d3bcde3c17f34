"""Deterministic, realistic demo data: two orgs, their people, records and a few hundred posts each.

Text posts come first, from the seed's own random stream; the other kinds (seedkinds.py) draw from a
stream of their own, so adding kinds never changes the text posts a seed makes.
"""

from __future__ import annotations

import random
from datetime import datetime, timedelta

import msgspec

from . import ids
from .models import Comment, DemoOrgInfo, DemoUser, FeedItem, Like, OrgData, Person, Record, Segment
from .seedkinds import KindsSeeder

PASSWORD = "demo-password-1"
ITEMS_PER_ORG = 320
DAYS_OF_HISTORY = 60
APP_NAMES = (None, None, None, "Salesforce for iOS", "Salesforce for Android", "Connect Desktop")


class _PersonSpec(msgspec.Struct, frozen=True):
    first: str
    last: str
    display: str
    nickname: str
    title: str
    login: str
    city: str
    country: str
    color: str
    timezone: str
    locale: str


# Each person: first, last, display name, nickname, title; login, city, country, colour, time zone, locale.
# fmt: off
_ORGS: tuple[tuple[str, str, str, bool, tuple[_PersonSpec, ...]], ...] = (
    ("Acme Demo", "5g", "acme.demo", False, (
        _PersonSpec("Zoë", "Ångström", "Zoë Ångström", "zoe", "VP Engineering",
                    "zoe", "Stockholm", "SE", "1B96FF", "Europe/Stockholm", "sv_SE"),
        _PersonSpec("José", "Núñez", "José Núñez", "jnunez", "Account Executive",
                    "jose", "Sevilla", "ES", "E3066A", "Europe/Madrid", "es_ES"),
        _PersonSpec("Dana", "Kowalski", "Dana Kowalski", "dana.k", "Support Lead",
                    "dana", "Chicago", "US", "04844B", "America/Chicago", "en_US"),
        _PersonSpec("美咲", "田中", "田中 美咲", "misaki", "Product Designer",
                    "misaki", "Tokyo", "JP", "9050E9", "Asia/Tokyo", "ja_JP"),
    )),
    ("Acme Demo Sandbox", "9x", "acme.demo.uat", True, (
        _PersonSpec("Zoë", "Ångström", "Zoë Ångström", "zoe.uat", "VP Engineering",
                    "zoe", "Stockholm", "SE", "1B96FF", "Europe/Stockholm", "sv_SE"),
        _PersonSpec("Björn", "Öberg", "Björn Öberg", "bjorn", "Release Manager",
                    "bjorn", "Malmö", "SE", "DD7A01", "Europe/Stockholm", "sv_SE"),
        _PersonSpec("Amélie", "Dubois", "Amélie Dubois", "amelie", "QA Engineer",
                    "amelie", "Lyon", "FR", "3BA755", "Europe/Paris", "fr_FR"),
    )),
)
# fmt: on

_RECORDS = (
    ("Account", "Globex Österreich GmbH"),
    ("Account", "Initech"),
    ("Account", "Umbrella Ltd"),
    ("Opportunity", "Initech – Renewal 2026"),
    ("Opportunity", "Globex – 500 seats"),
    ("Case", "00001042"),
    ("CollaborationGroup", "Release Crew"),
    ("CollaborationGroup", "Café Chatter"),
)
_PREFIX = {
    "Account": ids.ACCOUNT,
    "Opportunity": ids.OPPORTUNITY,
    "Case": ids.CASE,
    "CollaborationGroup": ids.GROUP,
}

_SENTENCES = (
    "The build is green again after this morning's flaky test fix.",
    "Customer call went well; they want a pilot in Q3.",
    "Reminder: fika at 15:00 in the kitchen ☕",
    "Release notes for the spring release are ready for review.",
    "We closed 14 support cases today — a new record!",
    "Can someone double-check the pricing sheet before Friday?",
    "Great demo yesterday, the naïve approach turned out fast enough.",
    "Moving the stand-up to 9:30 tomorrow because of the all-hands.",
    "Heads down on the migration this week; ping me if it's urgent.",
    "Added the onboarding checklist to the wiki. Feedback welcome!",
    "Latency on the EU pod is back under 200 ms.",
    "Who's joining the hackathon? We still have two seats 🎉",
    "Shipped the new dashboard filters to everyone.",
    "Ärende från kunden: they need the invoice in € and SEK.",
    "Quarterly planning doc is up — comments by Wednesday please.",
)
_TAGS = ("release", "customers", "fika", "quality", "Q3", "onboarding", "[spring release]", "wins")
_LINKS = (
    "https://status.example.com/incidents/4211",
    "https://docs.example.com/release-notes/spring?lang=en&v=2",
    "https://www.example.org/blog/naïve-is-fine",
    "https://github.com/example/acme-demo/pull/318",
)
_MARKUPS = (("Bold", "Important:"), ("Italic", "for context"), ("Underline", "deadline"))


FIRST_SERIAL = 1_000_000


class SeededOrg(msgspec.Struct):
    """One org as first seeded: its directory, its feed, and the last serial its new ids used."""

    org: OrgData
    items: list[FeedItem]
    last_serial: int


class _Serials:
    """Fresh ids of one org while it is being seeded."""

    def __init__(self, pod: str) -> None:
        self.pod = pod
        self.last = FIRST_SERIAL

    def new_id(self, prefix: str) -> str:
        self.last += 1
        return ids.make_id(prefix, self.pod, self.last)


def build_orgs(seed: int, now: datetime) -> list[SeededOrg]:
    """All demo orgs with their data; the same seed always yields the same ids and text."""
    rng = random.Random(seed)
    orgs = []
    for number, (name, pod, domain, sandbox, specs) in enumerate(_ORGS, start=1):
        org_id = ids.make_id(ids.ORG, pod, number)
        info = DemoOrgInfo(name=name, org_id=org_id, instance_url="", is_sandbox=sandbox)
        people = {}
        for serial, spec in enumerate(specs, start=1):
            person = _person(spec, org_id, pod, serial, domain)
            people[person.user.user_id] = person
        records = {}
        for serial, (object_type, record_name) in enumerate(_RECORDS, start=1):
            record = Record(ids.make_id(_PREFIX[object_type], pod, serial), object_type, record_name)
            records[record.record_id] = record
        org = OrgData(info=info, pod=pod, people=people, records=records)
        serials = _Serials(pod)
        items = _fill_feed(org, serials, rng, now)
        others = KindsSeeder(
            org, serials.new_id, random.Random(f"kinds:{seed}:{number}"), now, DAYS_OF_HISTORY * 86_400
        )
        items += others.run()
        orgs.append(SeededOrg(org, items, serials.last))
    return orgs


def _person(spec: _PersonSpec, org_id: str, pod: str, serial: int, domain: str) -> Person:
    user_id = ids.make_id(ids.USER, pod, serial)
    username = f"{spec.login}@{domain}"
    user = DemoUser(
        username=username, password=PASSWORD, user_id=user_id, org_id=org_id, display_name=spec.display
    )
    return Person(
        user=user,
        first_name=spec.first,
        last_name=spec.last,
        nickname=spec.nickname,
        title=spec.title,
        email=f"{spec.login}@example.com",
        about_me=f"{spec.title} in {spec.city}. Ask me about <anything> & everything.",
        city=spec.city,
        country=spec.country,
        phone=f"+1 555 01{serial:02d}",
        photo_version_id=ids.make_id(ids.PHOTO, pod, serial),
        color=spec.color,
        timezone=spec.timezone,
        locale=spec.locale,
    )


def _fill_feed(org: OrgData, serials: _Serials, rng: random.Random, now: datetime) -> list[FeedItem]:
    items = []
    people = list(org.people.values())
    records = list(org.records.values())
    horizon = DAYS_OF_HISTORY * 86_400
    ages = sorted(rng.uniform(600, horizon) for _ in range(ITEMS_PER_ORG))
    ages[0] = rng.uniform(60, 300)
    for index, age in enumerate(ages):
        actor = people[rng.randrange(len(people))]
        created = _ms(now - timedelta(seconds=age))
        if index == 2:
            segments = _html_post()
        elif index == 5:
            segments = _long_post(rng)
        else:
            segments = _post_segments(rng, actor, people, records)
        parent = actor.user.user_id
        if rng.random() < 0.3:
            parent = records[rng.randrange(len(records))].record_id
            if rng.random() < 0.5:
                segments = [
                    Segment("EntityLink", org.records[parent].name, parent),
                    Segment("Text", ": "),
                    *segments,
                ]
        item = FeedItem(
            item_id=serials.new_id(ids.FEED_ITEM),
            actor_id=actor.user.user_id,
            created=created,
            modified=created,
            segments=segments,
            parent_id=parent,
            app_name=rng.choice(APP_NAMES),
        )
        _add_reactions(serials, item, rng, people, age)
        items.append(item)
    return items


def _add_reactions(
    serials: _Serials, item: FeedItem, rng: random.Random, people: list[Person], age: float
) -> None:
    for _ in range(rng.choice((0, 0, 1, 1, 2, 3, 5))):
        author = people[rng.randrange(len(people))]
        delay = rng.uniform(30, max(31.0, min(age - 20, 3 * 86_400)))
        created = _ms(item.created + timedelta(seconds=min(delay, age - 10)))
        text = rng.choice(
            (
                "Nice work!",
                "+1 from me.",
                "Thanks — merci — danke!",
                "Let's discuss tomorrow.",
                "Could you share the numbers?",
                "Done ✅",
            )
        )
        item.comments.append(
            Comment(
                serials.new_id(ids.COMMENT),
                item.item_id,
                author.user.user_id,
                created,
                [Segment("Text", text)],
            )
        )
    item.comments.sort(key=lambda comment: (comment.created, comment.comment_id))
    if item.comments:
        item.modified = item.comments[-1].created
    for liker in rng.sample(people, rng.choice((0, 0, 1, 1, 2, 3))):
        created = _ms(item.created + timedelta(seconds=min(age - 5, rng.uniform(10, 86_400))))
        item.likes.append(Like(serials.new_id(ids.LIKE), liker.user.user_id, item.item_id, created))


def _post_segments(
    rng: random.Random, actor: Person, people: list[Person], records: list[Record]
) -> list[Segment]:
    segments: list[Segment] = []
    kinds = rng.sample(("text", "mention", "link", "hashtag", "entity", "markup"), rng.choice((1, 2, 2, 3)))
    for kind in kinds:
        if segments:
            segments.append(Segment("Text", " "))
        if kind == "mention":
            others = [person for person in people if person is not actor] or people
            other = rng.choice(others)
            segments += [
                Segment("Text", "Thanks "),
                Segment("Mention", "@" + other.user.display_name, other.user.user_id),
                Segment("Text", " for the help. " + rng.choice(_SENTENCES)),
            ]
        elif kind == "link":
            url = rng.choice(_LINKS)
            segments += [Segment("Text", "Details here: "), Segment("Link", url, url)]
        elif kind == "hashtag":
            tag = rng.choice(_TAGS)
            segments += [
                Segment("Text", rng.choice(_SENTENCES) + " "),
                Segment("Hashtag", "#" + tag, tag.strip("[]")),
            ]
        elif kind == "entity":
            record = rng.choice(records)
            segments += [
                Segment("Text", "Updated "),
                Segment("EntityLink", record.name, record.record_id),
                Segment("Text", ". " + rng.choice(_SENTENCES)),
            ]
        elif kind == "markup":
            markup, words = rng.choice(_MARKUPS)
            segments += [
                Segment("MarkupBegin", "", markup=markup),
                Segment("Text", words),
                Segment("MarkupEnd", "", markup=markup),
                Segment("Text", " " + rng.choice(_SENTENCES)),
            ]
        else:
            segments.append(Segment("Text", rng.choice(_SENTENCES)))
    return segments


def _html_post() -> list[Segment]:
    text = (
        "Heads-up: <b>bold</b> & <i>italic</i> tags in a post must show as text, not markup. "
        '<script>alert(1)</script> "double" and \'single\' quotes, a back\\slash and <a href="x">a link</a>.'
    )
    return [Segment("Text", text)]


def _long_post(rng: random.Random) -> list[Segment]:
    segments = [
        Segment("MarkupBegin", "", markup="Paragraph"),
        Segment("Text", "Retrospective notes (long read)"),
        Segment("MarkupEnd", "", markup="Paragraph"),
    ]
    length = 0
    paragraph = 1
    while length <= 5_500:
        sentences = " ".join(rng.choice(_SENTENCES) for _ in range(6))
        text = f"{paragraph}. {sentences}"
        segments += [
            Segment("MarkupBegin", "", markup="Paragraph"),
            Segment("Text", text),
            Segment("MarkupEnd", "", markup="Paragraph"),
        ]
        length += len(text)
        paragraph += 1
    return segments


def _ms(moment: datetime) -> datetime:
    return moment.replace(microsecond=moment.microsecond // 1000 * 1000)
