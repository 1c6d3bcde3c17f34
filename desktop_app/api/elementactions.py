"""What the person may do to a post or comment, read from its capabilities: bookmark, edit, mute, delete.

Salesforce says a capability *present* on an element means the feature is available there. `edit` is
special: `isEditRestricted` true means no; false means maybe, and `isEditableByMeUrl` gives the final word.
Everything is read with a type check; an element without capability data offers none of these actions.
"""

from __future__ import annotations

import msgspec

from desktop_app.api.jsonfields import as_object, field_bool, field_str, field_value


class ElementActions(msgspec.Struct, frozen=True):
    """The actions a feed element or comment offers, and the state they toggle.

    `can_edit` is None when Salesforce says "maybe" without a check URL worth asking (then the app tries);
    `edit_check_url` is the `isEditableByMeUrl` to ask before offering Edit when there is one.
    """

    can_bookmark: bool = False
    bookmarked: bool = False
    can_mute: bool = False
    muted: bool = False
    can_edit: bool = False
    edit_check_url: str | None = None
    last_edited: str | None = None

    def edited(self, when: str | None) -> ElementActions:
        """The same actions after an edit the app made (Salesforce sets the date; this is only shown)."""
        return ElementActions(
            self.can_bookmark, self.bookmarked, self.can_mute, self.muted, self.can_edit,
            self.edit_check_url, when or self.last_edited,
        )  # fmt: skip


NO_ACTIONS = ElementActions()
"""What an element without capability data offers."""


def parse_actions(capabilities: object) -> ElementActions:
    """ElementActions from a feed element's or comment's `capabilities` object (none for anything else)."""
    obj = as_object(capabilities)
    if obj is None:
        return NO_ACTIONS
    bookmarks = as_object(field_value(obj, "bookmarks"))
    mute = as_object(field_value(obj, "mute"))
    edit = as_object(field_value(obj, "edit"))
    restricted = field_bool(edit, "isEditRestricted")
    return ElementActions(
        can_bookmark=bookmarks is not None,
        bookmarked=field_bool(bookmarks, "isBookmarkedByCurrentUser") is True,
        can_mute=mute is not None,
        muted=field_bool(mute, "isMutedByMe") is True,
        # Absent or restricted: no. Unrestricted (false, or missing from an edit object): maybe.
        can_edit=edit is not None and restricted is not True,
        edit_check_url=field_str(edit, "isEditableByMeUrl") if edit is not None else None,
        last_edited=field_str(edit, "lastEditedDate"),
    )
