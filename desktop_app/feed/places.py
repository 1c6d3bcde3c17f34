"""Places in Chatter a person can be: the news feed, To Me, Bookmarks, Company, a group, a record, a person.

A ``Place`` is a small frozen value: it knows its feed-elements resource, whether that feed takes posts (and
for whom), the words naming it, and how to be written to and read from JSON so an account can come back to
it. A ``Search`` is a query within another feed place; ``check_query`` says in plain words why a query
cannot be sent before the org refuses it.
"""

from __future__ import annotations

from typing import Any, ClassVar
from urllib.parse import quote

import msgspec

SEARCH_WILDCARDS = frozenset("*?")
MIN_SEARCH_CHARACTERS = 2
MAX_NAME_LENGTH = 255
MAX_QUERY_LENGTH = 1000
_PERSON_PREFIX = "005"
_GROUP_PREFIX = "0F9"


class SearchError(ValueError):
    """A search query the Connect REST API would refuse, with the words to show."""


def check_query(query: str) -> str:
    """The query trimmed, or SearchError: the API wants at least two characters that aren't wildcards."""
    text = " ".join(query.split())
    meaningful = [char for char in text if char not in SEARCH_WILDCARDS and not char.isspace()]
    if len(meaningful) < MIN_SEARCH_CHARACTERS:
        raise SearchError(
            f"Type at least {MIN_SEARCH_CHARACTERS} letters or digits to search "
            "(* stands for any characters, as in chat*)."
        )
    if len(text) > MAX_QUERY_LENGTH:
        raise SearchError(f"A search can be at most {MAX_QUERY_LENGTH} characters long.")
    return text


def _id_segment(value: str) -> str:
    """An id as one quoted URL path segment (a hostile id never climbs out of the path)."""
    return quote(value, safe="")


class Place(msgspec.Struct, frozen=True):
    """Somewhere in Chatter with a name; feed places also have a feed-elements path."""

    kind: ClassVar[str] = ""

    @property
    def feed_path(self) -> str | None:
        """The feed-elements resource under /services/data/vXX.X, or None for a place without a feed."""
        return None

    @property
    def query(self) -> str:
        """The search within the feed (empty when none)."""
        return ""

    @property
    def subject_id(self) -> str | None:
        """Where a post written here goes (``subjectId``), or None when this feed takes no posts."""
        return None

    @property
    def accepts_posts(self) -> bool:
        """True when people can post to this feed (news, groups, records, profiles)."""
        return self.subject_id is not None

    @property
    def label(self) -> str:
        """The place's name as the switcher and the header say it."""
        return ""

    @property
    def posting_to(self) -> str:
        """Where a post written here goes, in words ("Post to Sales Team"); "" for the person's own feed."""
        if self.subject_id in (None, "me"):
            return ""
        return f"Post to {self.label}"

    @property
    def has_updates(self) -> bool:
        """True when the feed's pages carry an ``updatesUrl`` (To Me, Bookmarks, profiles don't)."""
        return self.feed_path is not None

    def to_json(self) -> dict[str, Any]:
        """The place as plain JSON (to remember it)."""
        return {"kind": self.kind}


class News(Place, frozen=True):
    """The news feed: people, groups and records the person follows."""

    kind: ClassVar[str] = "news"

    @property
    def feed_path(self) -> str:
        return "/chatter/feeds/news/me/feed-elements"

    @property
    def subject_id(self) -> str:
        return "me"

    @property
    def label(self) -> str:
        return "News"


class ToMe(Place, frozen=True):
    """Posts mentioning the person or on their profile."""

    kind: ClassVar[str] = "to_me"

    @property
    def feed_path(self) -> str:
        return "/chatter/feeds/to/me/feed-elements"

    @property
    def label(self) -> str:
        return "To Me"

    @property
    def has_updates(self) -> bool:
        return False


class Bookmarks(Place, frozen=True):
    """What the person bookmarked."""

    kind: ClassVar[str] = "bookmarks"

    @property
    def feed_path(self) -> str:
        return "/chatter/feeds/bookmarks/me/feed-elements"

    @property
    def label(self) -> str:
        return "Bookmarks"

    @property
    def has_updates(self) -> bool:
        return False


class Company(Place, frozen=True):
    """Every post the person can see in the org."""

    kind: ClassVar[str] = "company"

    @property
    def feed_path(self) -> str:
        return "/chatter/feeds/company/feed-elements"

    @property
    def label(self) -> str:
        return "Company"


class MyGroups(Place, frozen=True):
    """The list of the person's groups (a list, not a feed)."""

    kind: ClassVar[str] = "my_groups"

    @property
    def label(self) -> str:
        return "Groups"


class People(Place, frozen=True):
    """Finding people in the org by name (a list, not a feed)."""

    kind: ClassVar[str] = "people"

    @property
    def label(self) -> str:
        return "People"


class _Entity(Place, frozen=True):
    """A place named by an id; two are the same place when their ids are, whatever name they carry."""

    id: str
    name: str = ""

    def __post_init__(self) -> None:
        if not self.id or not self.id.strip():
            raise ValueError(f"a {self.kind} place needs an id")

    def __eq__(self, other: object) -> bool:
        return type(other) is type(self) and other.id == self.id

    def __hash__(self) -> int:
        return hash((type(self), self.id))

    @property
    def feed_path(self) -> str:
        return f"/chatter/feeds/record/{_id_segment(self.id)}/feed-elements"

    @property
    def subject_id(self) -> str:
        return self.id

    @property
    def label(self) -> str:
        return self.name or self.id

    def to_json(self) -> dict[str, Any]:
        return {"kind": self.kind, "id": self.id, "name": self.name}


class Group(_Entity, frozen=True):
    """A group's feed."""

    kind: ClassVar[str] = "group"


class Record(_Entity, frozen=True):
    """A record's feed (an account, an opportunity, a case, ...)."""

    kind: ClassVar[str] = "record"


class Person(_Entity, frozen=True):
    """A person's profile feed: posts by them, to them, or mentioning them."""

    kind: ClassVar[str] = "person"

    @property
    def feed_path(self) -> str:
        return f"/chatter/feeds/user-profile/{_id_segment(self.id)}/feed-elements"

    @property
    def has_updates(self) -> bool:
        return False


class Search(Place, frozen=True):
    """A search within a feed place (``q`` on its feed-elements resource)."""

    kind: ClassVar[str] = "search"

    text: str
    within: Place = msgspec.field(default_factory=News)

    def __post_init__(self) -> None:
        if isinstance(self.within, Search) or self.within.feed_path is None:
            raise ValueError(f"can't search within {self.within.label or self.within.kind}")
        msgspec.structs.force_setattr(self, "text", check_query(self.text))

    @property
    def feed_path(self) -> str | None:
        return self.within.feed_path

    @property
    def query(self) -> str:
        return self.text

    @property
    def label(self) -> str:
        return f"“{self.text}” in {self.within.label}"

    @property
    def has_updates(self) -> bool:
        # A search answer is read as it stands; new posts come from the feed itself.
        return False

    def to_json(self) -> dict[str, Any]:
        return {"kind": self.kind, "text": self.text, "within": self.within.to_json()}


FEEDS: tuple[Place, ...] = (News(), ToMe(), Bookmarks(), Company(), MyGroups(), People())
"""The places of the switcher, in its order (Ctrl+1 .. Ctrl+6)."""

_SIMPLE: dict[str, Place] = {place.kind: place for place in FEEDS}
_ENTITIES: dict[str, type[_Entity]] = {"group": Group, "record": Record, "person": Person}


def place_for(entity_id: str, name: str = "") -> Place:
    """The place of something a post links to, by its id's key prefix: a person, a group, else a record."""
    prefix = entity_id[:3]
    if prefix == _PERSON_PREFIX:
        return Person(entity_id, name)
    if prefix == _GROUP_PREFIX:
        return Group(entity_id, name)
    return Record(entity_id, name)


def looks_like_id(value: str) -> bool:
    """True for a 15- or 18-character Salesforce id (letters and digits)."""
    return len(value) in (15, 18) and value.isascii() and value.isalnum()


def place_from_json(data: object, *, depth: int = 0) -> Place | None:
    """A place written by ``to_json``, or None for anything else (an old or damaged file is not an error)."""
    if not isinstance(data, dict) or depth > 1:
        return None
    kind = data.get("kind")
    if not isinstance(kind, str):
        return None
    if kind in _SIMPLE:
        return _SIMPLE[kind]
    if kind in _ENTITIES:
        entity_id, name = data.get("id"), data.get("name", "")
        if not isinstance(entity_id, str) or not looks_like_id(entity_id) or not isinstance(name, str):
            return None
        return _ENTITIES[kind](entity_id, name[:MAX_NAME_LENGTH])
    if kind == "search":
        within = place_from_json(data.get("within"), depth=depth + 1)
        text = data.get("text")
        if within is None or not isinstance(text, str):
            return None
        try:
            return Search(text, within)
        except ValueError:
            return None
    return None
