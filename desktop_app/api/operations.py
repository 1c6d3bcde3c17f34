"""Typed API operations: each is a small frozen value that runs on a worker with an account's client.

``NewsFeed(url, size).run(client) -> FeedPage``: the result type travels with the operation, so whoever
asked gets a typed answer with no casts and no dispatch by method name. Operations are hashable, so an
identical read asked for twice (a prefetch, then the view) can share one request.

Writes whose answer was lost each have a check: ``FindMyPost``, ``FindMyComment`` and ``LikeState`` ask the
org whether the write was stored and answer with what it stored (the write's own result type) or None.

This module imports no HTTP stack: the GUI thread builds operations, and only the worker threads load
``requests`` (through the client they run on), which keeps start-up fast.
"""

from __future__ import annotations

import contextlib
import os
import threading
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Protocol, TypeVar

import msgspec

from desktop_app.api import writematch
from desktop_app.api.errors import ApiError
from desktop_app.api.models import FEED_PAGE_SIZE, NEWS_FEED, Like

if TYPE_CHECKING:
    from desktop_app.api.capabilities import Poll
    from desktop_app.api.client import ConnectClient
    from desktop_app.api.models import Comment, FeedItem, FeedPage, UserDetail, UserSummary

CHECK_PAGE_SIZE = 25
"""How many of the newest feed elements a check for a lost post looks through."""

T_co = TypeVar("T_co", covariant=True)
C_contra = TypeVar("C_contra", contravariant=True)

Mentions = tuple[tuple[str, str], ...]
"""Picked names and their user ids, as a hashable mapping."""


def mentions_of(mapping: Mapping[str, str] | None) -> Mentions:
    """A mention mapping as the hashable tuple operations keep."""
    return tuple(sorted((mapping or {}).items()))


class Operation(Protocol[C_contra, T_co]):
    """One call on an account's client; ``run`` is called on a worker thread."""

    def run(self, client: C_contra) -> T_co:
        """Do the call and return its typed result (raising an ``AppError`` on failure)."""
        ...


class NewsFeed(msgspec.Struct, frozen=True):
    """A page of the news feed: the first one, or the one at a ``next_page_url``."""

    page_url: str | None = None
    page_size: int = FEED_PAGE_SIZE

    def run(self, client: ConnectClient) -> FeedPage:
        """The page."""
        return client.news_feed(self.page_url, self.page_size)


class FeedUpdates(msgspec.Struct, frozen=True):
    """Elements created since the page that gave ``updates_url``."""

    updates_url: str

    def run(self, client: ConnectClient) -> FeedPage:
        """The new elements, newest first."""
        return client.feed_updates(self.updates_url)


class Post(msgspec.Struct, frozen=True):
    """Post text (with @mentions) to the user's own feed, or to a group, record or person (``subject_id``)."""

    text: str
    mentions: Mentions = ()
    subject_id: str = "me"

    def run(self, client: ConnectClient) -> FeedItem:
        """The new post as the server stored it."""
        return client.post(self.text, dict(self.mentions), self.subject_id)


class AddComment(msgspec.Struct, frozen=True):
    """Comment on a feed element."""

    feed_element_id: str
    text: str
    mentions: Mentions = ()

    def run(self, client: ConnectClient) -> Comment:
        """The new comment."""
        return client.comment(self.feed_element_id, self.text, dict(self.mentions))


class Comments(msgspec.Struct, frozen=True):
    """Every comment on a feed element."""

    feed_element_id: str

    def run(self, client: ConnectClient) -> list[Comment]:
        """The comments, oldest first."""
        return client.comments(self.feed_element_id)


class LikeElement(msgspec.Struct, frozen=True):
    """Like a feed element."""

    feed_element_id: str

    def run(self, client: ConnectClient) -> Like:
        """The like, with its id for unliking."""
        return client.like(self.feed_element_id)


class Unlike(msgspec.Struct, frozen=True):
    """Take a like back."""

    like_id: str

    def run(self, client: ConnectClient) -> None:
        """Nothing: the like is gone."""
        client.unlike(self.like_id)


class FindMyPost(msgspec.Struct, frozen=True):
    """Whether a post whose answer was lost is in the org: the newest elements of the feed, searched."""

    text: str
    sent_at: datetime
    known_ids: frozenset[str] = frozenset()
    feed_path: str = NEWS_FEED

    def run(self, client: ConnectClient) -> FeedItem | None:
        """The post as the org stored it, or None when it is not there."""
        page = client.feed_page(self.feed_path, None, CHECK_PAGE_SIZE)
        window = writematch.SendWindow(self.sent_at, datetime.now(UTC))
        return writematch.find_post(page.items, client.account.user_id, self.text, window, self.known_ids)


class FindMyComment(msgspec.Struct, frozen=True):
    """Whether a comment whose answer was lost is on its feed element."""

    feed_element_id: str
    text: str
    sent_at: datetime
    known_ids: frozenset[str] = frozenset()

    def run(self, client: ConnectClient) -> Comment | None:
        """The comment as the org stored it, or None when it is not there."""
        comments = client.comments(self.feed_element_id)
        window = writematch.SendWindow(self.sent_at, datetime.now(UTC))
        user = client.account.user_id
        return writematch.find_comment(comments, user, self.text, window, self.known_ids)


class LikeState(msgspec.Struct, frozen=True):
    """Whether the user likes a feed element now (the check for a like whose answer was lost)."""

    feed_element_id: str

    def run(self, client: ConnectClient) -> Like | None:
        """The user's like (its id for unliking), or None when the element is not liked by them."""
        item = client.feed_element(self.feed_element_id)
        if not item.liked_by_me:
            return None
        return Like(item.my_like_id or "", liked_item_id=item.id)


class DeleteElement(msgspec.Struct, frozen=True):
    """Delete a feed element the user may delete."""

    feed_element_id: str

    def run(self, client: ConnectClient) -> None:
        """Nothing: the element is gone."""
        client.delete_feed_element(self.feed_element_id)


class Me(msgspec.Struct, frozen=True):
    """The signed-in user's profile."""

    def run(self, client: ConnectClient) -> UserDetail:
        """The profile."""
        return client.me()


class UserProfile(msgspec.Struct, frozen=True):
    """Another user's profile."""

    user_id: str

    def run(self, client: ConnectClient) -> UserDetail:
        """The profile."""
        return client.user(self.user_id)


class SearchUsers(msgspec.Struct, frozen=True):
    """People matching a query (for @mention pickers)."""

    q: str
    page_size: int = 25

    def run(self, client: ConnectClient) -> list[UserSummary]:
        """The matches, best first."""
        return client.search_users(self.q, self.page_size)


class FrontdoorUrl(msgspec.Struct, frozen=True):
    """A one-time URL opening a path of the org in the browser with this session."""

    ret_path: str = "/"

    def run(self, client: ConnectClient) -> str:
        """The URL (it never holds the token)."""
        return client.frontdoor_url(self.ret_path)


class VotePoll(msgspec.Struct, frozen=True):
    """Vote for a choice in an element's poll, or move the person's vote to it."""

    element_id: str
    choice_id: str

    def run(self, client: ConnectClient) -> Poll:
        """The poll as it stands after the vote (counts and the person's choice)."""
        # Imported here: pollvote loads the HTTP stack, which only worker threads do (see above).
        from desktop_app.api.pollvote import vote_in_poll

        return vote_in_poll(client, self.element_id, self.choice_id)


class DownloadProgress:
    """How far a download got and whether it should stop, shared by the GUI thread and the worker."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._received = 0
        self._total: int | None = None
        self._cancelled = threading.Event()

    def update(self, received: int, total: int | None) -> None:
        """Record the bytes written so far (the worker calls this)."""
        with self._lock:
            self._received, self._total = received, total

    @property
    def received(self) -> int:
        """Bytes written so far."""
        with self._lock:
            return self._received

    @property
    def fraction(self) -> float:
        """How much is done, 0 to 1, or -1 while the size is unknown."""
        with self._lock:
            if not self._total:
                return -1.0
            return min(1.0, self._received / self._total)

    def cancel(self) -> None:
        """Ask the download to stop; it does after the chunk it is reading."""
        self._cancelled.set()

    @property
    def cancelled(self) -> bool:
        """True once someone asked the download to stop."""
        return self._cancelled.is_set()


class Downloaded(msgspec.Struct, frozen=True):
    """Where a download went and how many bytes it wrote; ``complete`` is False when it was cancelled."""

    path: str
    size: int
    complete: bool


# A file from Chatter can be up to 2 GB; a download may take long, but not forever.
MAX_FILE_BYTES = 2 * 1024 * 1024 * 1024
DOWNLOAD_DEADLINE = 60 * 60.0


@dataclass(frozen=True)
class DownloadFile:
    """A file's bytes from the org (bearer auth, this instance or Salesforce's content hosts) into ``path``.

    The bytes go to a hidden file beside ``path``, renamed over it once all arrived: a failed or cancelled
    download leaves nothing behind and never half-overwrites an existing file.
    """

    url: str
    path: str
    progress: DownloadProgress = field(default_factory=DownloadProgress, compare=False, repr=False)

    def run(self, client: ConnectClient) -> Downloaded:
        """Stream the file to disk, reporting progress; stop early when cancelled."""
        target = Path(self.path)
        partial = target.with_name(f".{target.name}.part")
        received = 0
        complete = False
        try:
            with partial.open("wb") as out:

                def save(chunk: bytes, total: int | None) -> bool:
                    nonlocal received
                    if self.progress.cancelled:
                        return False
                    out.write(chunk)
                    received += len(chunk)
                    self.progress.update(received, total)
                    return True

                self.progress.update(0, None)
                client.request(
                    "GET",
                    self.url,
                    content=True,
                    headers={"Accept": "*/*"},
                    max_bytes=MAX_FILE_BYTES,
                    deadline=DOWNLOAD_DEADLINE,
                    sink=save,
                ).close()
            complete = not self.progress.cancelled
            if complete:
                os.replace(partial, target)
        except OSError as exc:
            reason = exc.strerror or type(exc).__name__
            raise ApiError(
                None, "write_failed", reason, None, user_message=f"The file couldn't be saved: {reason}."
            ) from exc
        finally:
            if not complete:
                with contextlib.suppress(OSError):
                    partial.unlink()
        return Downloaded(str(target), received, complete)


class PhotoSource(Protocol):
    """A client that serves photos through a cache."""

    def photo(self, url: str) -> bytes:
        """The image bytes at ``url``."""
        ...


class Photo(msgspec.Struct, frozen=True):
    """A profile photo's bytes, through the account's photo cache."""

    url: str

    def run(self, client: PhotoSource) -> bytes:
        """The image bytes."""
        return client.photo(self.url)
