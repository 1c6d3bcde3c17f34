"""What can be clicked or keyed in a feed row, and a hit on it with its value."""

from __future__ import annotations

from enum import StrEnum

import msgspec


class Target(StrEnum):
    """Something in a row that reacts to a click or a key."""

    LINK = "link"
    LIKE = "like"
    COMMENTS = "comments"
    COMMENT = "comment"
    DELETE = "delete"
    MORE = "more"
    RETRY = "retry"
    VOTE = "vote"
    DOWNLOAD = "download"
    SALESFORCE = "salesforce"
    BUNDLE = "bundle"
    PERSON = "person"
    MENU = "menu"
    COMMENT_MENU = "comment_menu"
    BOOKMARK = "bookmark"
    EDIT = "edit"


class Hit(msgspec.Struct, frozen=True):
    """A target under the pointer, with its value (a link's href, a poll choice's id, a file's key)."""

    target: Target
    value: str = ""
