"""Which actions a post's or comment's "…" menu offers, from what Salesforce says the element allows.

A capability *present* on an element means its action is available (bookmark, mute); editing needs the
`edit` capability unrestricted; deleting a comment needs `isDeleteRestricted` false. The link to share is
the element's Salesforce address, `https://<instance>/<id>`.
"""

from __future__ import annotations

from enum import StrEnum
from urllib.parse import urlsplit

import msgspec

from desktop_app.api.models import Comment, FeedItem


class MenuAction(StrEnum):
    """Something the menu can do."""

    BOOKMARK = "bookmark"
    UNBOOKMARK = "unbookmark"
    EDIT = "edit"
    MUTE = "mute"
    COPY_LINK = "copy_link"
    DELETE = "delete"
    EDIT_COMMENT = "edit_comment"
    DELETE_COMMENT = "delete_comment"


class MenuEntry(msgspec.Struct, frozen=True):
    """One line of the menu: what it does, its words, and the key that does the same in the feed."""

    action: MenuAction
    label: str
    key: str = ""


def element_link(item: FeedItem, instance_url: str | None) -> str | None:
    """The post's address in Salesforce, `https://<instance>/<id>`: the instance its API URL names when that
    is absolute, else the account's (Salesforce sends relative URLs)."""
    if not item.id:
        return None
    for base in (item.url, instance_url):
        try:
            parts = urlsplit(base or "")
        except ValueError:
            continue
        if parts.scheme in ("http", "https") and parts.netloc:
            return f"{parts.scheme}://{parts.netloc}/{item.id}"
    return None


def post_entries(item: FeedItem, *, can_delete: bool) -> list[MenuEntry]:
    """The menu of a post, in order: bookmark, edit, mute, copy link, delete (none for bundles and other
    elements that are not feed items: they are shown, not acted on)."""
    if item.element_type != "FeedItem":
        return []
    actions = item.actions
    out: list[MenuEntry] = []
    if actions.can_bookmark:
        if actions.bookmarked:
            out.append(MenuEntry(MenuAction.UNBOOKMARK, "Remove bookmark", "B"))
        else:
            out.append(MenuEntry(MenuAction.BOOKMARK, "Bookmark", "B"))
    if actions.can_edit:
        out.append(MenuEntry(MenuAction.EDIT, "Edit post…", "E"))
    if actions.can_mute:
        out.append(MenuEntry(MenuAction.MUTE, "Mute"))
    if item.id:
        out.append(MenuEntry(MenuAction.COPY_LINK, "Copy link"))
    if can_delete:
        out.append(MenuEntry(MenuAction.DELETE, "Delete post…", "Del"))
    return out


def comment_entries(comment: Comment) -> list[MenuEntry]:
    """The menu of a comment: edit and delete, each when the comment allows it."""
    out: list[MenuEntry] = []
    if comment.actions.can_edit:
        out.append(MenuEntry(MenuAction.EDIT_COMMENT, "Edit comment…"))
    if comment.can_delete:
        out.append(MenuEntry(MenuAction.DELETE_COMMENT, "Delete comment…"))
    return out
