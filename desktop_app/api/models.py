"""Frozen records for what the Connect REST API returns: feed pages, items, comments, likes, users."""

from __future__ import annotations

import msgspec

from desktop_app.api.capabilities import NO_CAPABILITIES, ElementCapabilities, FileAttachment
from desktop_app.api.elementactions import NO_ACTIONS, ElementActions


class SegmentType:
    """Message segment `type` values Salesforce documents (others are kept with their text)."""

    TEXT = "Text"
    MENTION = "Mention"
    LINK = "Link"
    HASHTAG = "Hashtag"
    ENTITY_LINK = "EntityLink"
    MARKUP_BEGIN = "MarkupBegin"
    MARKUP_END = "MarkupEnd"
    INLINE_IMAGE = "InlineImage"
    FIELD_CHANGE = "FieldChange"
    FIELD_CHANGE_NAME = "FieldChangeName"
    FIELD_CHANGE_VALUE = "FieldChangeValue"
    MORE_CHANGES = "MoreChanges"
    RESOURCE_LINK = "ResourceLink"
    COMPLEX = "Complex"


class ApiVersion(msgspec.Struct, frozen=True):
    """One REST API version the org offers (from `GET /services/data/`)."""

    version: str
    label: str
    url: str

    @property
    def number(self) -> float:
        """The version as a number, for ordering."""
        return float(self.version)


class Photo(msgspec.Struct, frozen=True):
    """Profile photo URLs of a user or group."""

    small_url: str | None = None
    medium_url: str | None = None
    large_url: str | None = None
    version_id: str | None = None

    @property
    def best_small(self) -> str | None:
        """The smallest available rendition, for avatars."""
        return self.small_url or self.medium_url or self.large_url


class UserSummary(msgspec.Struct, frozen=True):
    """A person (or, for actors, a group or record) as feed items and searches show them."""

    id: str
    display_name: str
    first_name: str | None = None
    last_name: str | None = None
    title: str | None = None
    company_name: str | None = None
    community_nickname: str | None = None
    photo: Photo | None = None
    is_active: bool | None = None
    user_type: str | None = None
    type: str | None = None
    url: str | None = None


class MessageSegment(msgspec.Struct, frozen=True):
    """One piece of a rich message; `text` is always the plain rendition to show for unknown types."""

    type: str
    text: str
    url: str | None = None
    user_id: str | None = None
    name: str | None = None
    tag: str | None = None
    markup_type: str | None = None
    html_tag: str | None = None
    reference_id: str | None = None
    alt_text: str | None = None
    value_type: str | None = None
    children: tuple[MessageSegment, ...] = ()
    thumbnail_url: str | None = None


class Comment(msgspec.Struct):
    """A comment on a feed element."""

    id: str
    user: UserSummary
    body_text: str
    body_segments: tuple[MessageSegment, ...] = ()
    created: str | None = None
    relative_created: str | None = None
    feed_element_id: str | None = None
    likes_total: int = 0
    liked_by_me: bool = False
    my_like_id: str | None = None
    can_delete: bool = False
    url: str | None = None
    files: tuple[FileAttachment, ...] = ()
    actions: ElementActions = NO_ACTIONS


class Like(msgspec.Struct):
    """A like given to a feed element or comment."""

    id: str
    url: str | None = None
    user: UserSummary | None = None
    liked_item_id: str | None = None


class FeedItem(msgspec.Struct):
    """A feed element: a post, a system event told by its header, a bundle, or a kind Salesforce alone shows.

    `unsupported` names the element type or capabilities whose content the app does not draw (so the row
    offers the element in Salesforce); `message_text`/`message_segments` are what to show as its text.
    """

    id: str
    type: str
    actor: UserSummary
    body_text: str
    body_segments: tuple[MessageSegment, ...] = ()
    header_text: str = ""
    header_segments: tuple[MessageSegment, ...] = ()
    created: str | None = None
    modified: str | None = None
    relative_created: str | None = None
    element_type: str = "FeedItem"
    parent_name: str | None = None
    parent_id: str | None = None
    comments_total: int = 0
    comments: tuple[Comment, ...] = ()
    likes_total: int = 0
    liked_by_me: bool = False
    my_like_id: str | None = None
    can_delete: bool = False
    url: str | None = None
    photo_url: str | None = None
    capabilities: ElementCapabilities = NO_CAPABILITIES
    unsupported: tuple[str, ...] = ()
    actions: ElementActions = NO_ACTIONS

    @property
    def _body_is_empty(self) -> bool:
        return not self.body_text.strip() and not any(s.text.strip() for s in self.body_segments)

    @property
    def _header_is_message(self) -> bool:
        """The header stands in for an empty body unless it is only the author's name beside other content."""
        if not self._body_is_empty:
            return False
        header = self.header_text.strip()
        return header != self.actor.display_name.strip() or not self.capabilities.has_content

    @property
    def message_text(self) -> str:
        """The element's text: the body, or the header when the body is empty (system events, bundles)."""
        return self.header_text if self._header_is_message else self.body_text

    @property
    def message_segments(self) -> tuple[MessageSegment, ...]:
        """The segments of `message_text`."""
        return self.header_segments if self._header_is_message else self.body_segments


FEED_PAGE_SIZE = 25
NEWS_FEED = "/chatter/feeds/news/me/feed-elements"
"""The news feed's feed-elements resource (under /services/data/vXX.X)."""
"""How many feed elements the app asks for a page (Salesforce allows 1 to 100; 25 fills a screen or two)."""


class FeedPage(msgspec.Struct, frozen=True):
    """One page of a feed with the URLs for the next page and for polling updates."""

    items: tuple[FeedItem, ...]
    next_page_url: str | None = None
    updates_url: str | None = None
    current_page_url: str | None = None
    skipped: int = 0


class Address(msgspec.Struct, frozen=True):
    """A postal address from a user profile."""

    street: str | None = None
    city: str | None = None
    state: str | None = None
    zip: str | None = None
    country: str | None = None
    formatted: str | None = None


class PhoneNumber(msgspec.Struct, frozen=True):
    """A phone number from a user profile (`type` is e.g. Work, Mobile, Fax)."""

    number: str
    type: str | None = None
    label: str | None = None


class UserDetail(msgspec.Struct, frozen=True):
    """Everything a profile panel shows about a user (`/chatter/users/{id}`)."""

    id: str
    name: str
    display_name: str
    first_name: str | None = None
    last_name: str | None = None
    title: str | None = None
    company_name: str | None = None
    email: str | None = None
    username: str | None = None
    community_nickname: str | None = None
    about_me: str | None = None
    address: Address | None = None
    phone_numbers: tuple[PhoneNumber, ...] = ()
    photo: Photo | None = None
    followers_count: int | None = None
    following_total: int | None = None
    following_people: int | None = None
    group_count: int | None = None
    post_count: int | None = None
    comment_count: int | None = None
    likes_received: int | None = None
    is_active: bool | None = None
    user_type: str | None = None
    manager_id: str | None = None
    manager_name: str | None = None
    out_of_office_message: str | None = None
    url: str | None = None
