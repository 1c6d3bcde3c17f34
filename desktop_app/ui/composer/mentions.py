"""@mention completion for a text entry: people (feed authors, a people search) and groups."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, QRect, Qt, QTimer, Slot
from PySide6.QtGui import QIcon, QStandardItem, QStandardItemModel, QTextCursor
from PySide6.QtWidgets import QCompleter, QListView, QPlainTextEdit, QTextEdit, QWidget

from desktop_app.api.models import UserSummary
from desktop_app.api.operations import SearchUsers
from desktop_app.feed.richtext import plain_tooltip
from desktop_app.ui.app.apiworker import ApiOutcome, ApiService
from desktop_app.ui.feed.feedmodel import FeedModel
from desktop_app.ui.shared.photos import PhotoLoader, placeholder

if TYPE_CHECKING:
    from desktop_app.api.peopleops import MentionCompletion

SEARCH_DELAY_MS = 250
_MAX_PREFIX = 40
_ID_ROLE = Qt.ItemDataRole.UserRole + 1


class Mentions(QObject):
    """Suggests people while an @name is typed and writes the picked one in; picks go into ``chosen``."""

    def __init__(
        self, edit: QPlainTextEdit | QTextEdit, api: ApiService, photos: PhotoLoader | None, parent: QWidget
    ) -> None:
        super().__init__(parent)
        self._edit = edit
        self._api = api
        self._photos = photos
        self._key: str | None = None
        self._feed: FeedModel | None = None
        self._people: dict[str, str] = {}
        self.chosen: dict[str, str] = {}
        self._suggestions = QStandardItemModel(self)
        self._completer = QCompleter(self._suggestions, self)
        self._completer.setWidget(edit)
        self._completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        self._completer.setFilterMode(Qt.MatchFlag.MatchContains)
        self._completer.setCompletionMode(QCompleter.CompletionMode.PopupCompletion)
        self._popup = QListView(parent)
        self._popup.setAccessibleName("People to mention")
        self._popup.setEditTriggers(QListView.EditTrigger.NoEditTriggers)
        self._completer.setPopup(self._popup)
        self._search_timer = QTimer(self)
        self._search_timer.setSingleShot(True)
        self._search_timer.setInterval(SEARCH_DELAY_MS)
        self._completer.activated.connect(self._on_picked)
        self._search_timer.timeout.connect(self._search)

    @property
    def completer(self) -> QCompleter:
        """The suggestions and their popup."""
        return self._completer

    def set_feed_model(self, model: FeedModel | None) -> None:
        """Offer the authors in this feed."""
        self._feed = model

    def set_account(self, account_key: str | None, chosen: dict[str, str]) -> None:
        """Suggest people of another account; ``chosen`` is where its draft keeps the people picked."""
        self._key = account_key
        self.chosen = chosen
        self._people.clear()
        self._suggestions.clear()
        self.dismiss()

    def dismiss(self) -> None:
        """Hide the suggestions and forget a pending search."""
        self._search_timer.stop()
        self._popup.hide()

    def _prefix(self) -> tuple[int, str] | None:
        """Where the @ being typed is, and what follows it up to the cursor."""
        cursor = self._edit.textCursor()
        if cursor.hasSelection():
            return None
        block = cursor.block().text()[: cursor.positionInBlock()]
        at = block.rfind("@")
        if at < 0 or (at > 0 and not (block[at - 1].isspace() or block[at - 1] in "([{\"'")):
            return None
        prefix = block[at + 1 :]
        if len(prefix) > _MAX_PREFIX or prefix.count(" ") > 2 or prefix.startswith(" "):
            return None
        if prefix.endswith(" ") and prefix.rstrip() in self.chosen:
            return None
        return cursor.block().position() + at, prefix

    def follow_cursor(self, *, enabled: bool) -> None:
        """Show, narrow or hide the suggestions for the text around the cursor."""
        found = self._prefix() if enabled and self._key is not None else None
        if found is None:
            self.dismiss()
            return
        prefix = found[1]
        if self._feed is not None:
            self._learn(self._feed.authors())
        if len(prefix.strip()) >= 2:
            self._search_timer.start()
        self._show(prefix)

    def _show(self, prefix: str) -> None:
        self._completer.setCompletionPrefix(prefix)
        if self._completer.completionCount() == 0:
            self._popup.hide()
            return
        popup = self._popup
        popup.setCurrentIndex(self._completer.completionModel().index(0, 0))
        rect = QRect(self._edit.cursorRect())
        rect.setWidth(
            max(220, popup.sizeHintForColumn(0) + popup.verticalScrollBar().sizeHint().width() + 12)
        )
        self._completer.complete(rect)

    def _learn(self, people: list[UserSummary]) -> None:
        for person in people:
            name = person.display_name.strip()
            if not name or name in self._people or not person.id:
                continue
            self._add_suggestion(
                name, person.id, person.title, person.photo.best_small if person.photo else None
            )

    def _add_suggestion(self, name: str, record_id: str, tooltip: str | None, photo_url: str | None) -> None:
        """Offer a person or a group; picking it mentions ``record_id``."""
        self._people[name] = record_id
        item = QStandardItem(name)
        item.setData(record_id, _ID_ROLE)
        item.setEditable(False)
        if tooltip:
            item.setToolTip(plain_tooltip(tooltip))
        pixmap = (
            self._photos.pixmap(self._key, photo_url, 20)
            if (self._photos is not None and self._key and photo_url)
            else None
        )
        item.setIcon(QIcon(pixmap if pixmap is not None else placeholder(name, 20)))
        self._suggestions.appendRow(item)

    @Slot()
    def _search(self) -> None:
        found = self._prefix()
        if found is None or self._key is None:
            return
        self._api.call(
            self._key, SearchUsers(found[1].strip()), channel=f"people:{self._key}", on_done=self._on_people
        )
        # Loaded with the first search, not with the composer at start-up.
        from desktop_app.api.peopleops import MentionCompletions

        # Groups can be mentioned too; Salesforce completes their names from two characters.
        groups = MentionCompletions(found[1].strip(), kind="Group")
        self._api.call(self._key, groups, channel=f"mention-groups:{self._key}", on_done=self._on_groups)

    def _on_groups(self, outcome: ApiOutcome[list[MentionCompletion]]) -> None:
        if outcome.call.account_key != self._key or outcome.value is None:
            return
        for group in outcome.value:
            name = group.name.strip()
            if not name or name in self._people or not group.is_group:
                continue
            self._add_suggestion(name, group.record_id, "Group", group.photo_url)
        found = self._prefix()
        if found is not None and self._edit.isVisible():
            self._show(found[1])

    def _on_people(self, outcome: ApiOutcome[list[UserSummary]]) -> None:
        if outcome.call.account_key != self._key or outcome.value is None:
            return
        self._learn(outcome.value)
        found = self._prefix()
        if found is not None and self._edit.isVisible():
            self._show(found[1])

    @Slot(str)
    def _on_picked(self, name: str) -> None:
        user_id = self._people.get(name)
        found = self._prefix()
        if not name or user_id is None or found is None:
            return
        cursor = self._edit.textCursor()
        cursor.setPosition(found[0])
        cursor.setPosition(self._edit.textCursor().position(), QTextCursor.MoveMode.KeepAnchor)
        self.chosen[name] = user_id
        cursor.insertText(f"@{name} ")
        self._edit.setTextCursor(cursor)
        self._popup.hide()
