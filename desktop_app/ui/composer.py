"""The box where people write a post, with @mentions picked from the feed's authors and a people search."""

from __future__ import annotations

from dataclasses import dataclass, field

from PySide6.QtCore import QEvent, QRect, Qt, QTimer, Signal, Slot
from PySide6.QtGui import QIcon, QKeyEvent, QPalette, QStandardItem, QStandardItemModel, QTextCursor
from PySide6.QtWidgets import (
    QCompleter,
    QHBoxLayout,
    QLabel,
    QListView,
    QPlainTextEdit,
    QProgressBar,
    QPushButton,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from desktop_app.api.errors import ApiError
from desktop_app.api.models import FeedItem, UserSummary
from desktop_app.ui.feeddelegate import error_colour, soft
from desktop_app.ui.feedmodel import FeedModel
from desktop_app.ui.photos import PhotoLoader, placeholder
from desktop_app.ui.worker import ApiOutcome, ApiService, Lane

MAX_CHARS = 10_000
MIN_LINES = 3
MAX_LINES = 8
SEARCH_DELAY_MS = 250
_MAX_PREFIX = 40
_ID_ROLE = Qt.ItemDataRole.UserRole + 1


@dataclass
class Draft:
    """Unsent text of one account, the people picked in it, and why the last try failed."""

    text: str = ""
    mentions: dict[str, str] = field(default_factory=dict)
    error: str = ""


class PostEdit(QPlainTextEdit):
    """Multi-line entry that sends on Ctrl+Enter and leaves completion keys to an open popup."""

    submit_requested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.completer: QCompleter | None = None
        self.setTabChangesFocus(True)

    def _completing(self) -> bool:
        popup = self.completer.popup() if self.completer is not None else None
        return popup is not None and popup.isVisible()

    def focusNextPrevChild(self, next: bool) -> bool:
        """Tab picks the highlighted person while suggestions show, and moves focus otherwise."""
        return False if self._completing() else super().focusNextPrevChild(next)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        """Ctrl+Enter posts; Enter/Tab/Esc pick or dismiss a suggestion while the list is open."""
        key = event.key()
        if self._completing() and key in (
            Qt.Key.Key_Return,
            Qt.Key.Key_Enter,
            Qt.Key.Key_Tab,
            Qt.Key.Key_Escape,
            Qt.Key.Key_Backtab,
        ):
            event.ignore()
            return
        if (
            key in (Qt.Key.Key_Return, Qt.Key.Key_Enter)
            and event.modifiers() & Qt.KeyboardModifier.ControlModifier
        ):
            self.submit_requested.emit()
            event.accept()
            return
        super().keyPressEvent(event)


class Composer(QWidget):
    """Writes and sends posts for the current account (signals: posted(FeedItem), error(ApiError))."""

    posted = Signal(object)
    error = Signal(object)

    def __init__(
        self, api: ApiService, photos: PhotoLoader | None = None, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self._api = api
        self._photos = photos
        self._key: str | None = None
        self._drafts: dict[str, Draft] = {}
        self._draft = Draft()
        self._sending: set[str] = set()
        self._feed: FeedModel | None = None
        self._people: dict[str, str] = {}
        self._edit = PostEdit(self)
        self._edit.setPlaceholderText("Share an update…")
        self._edit.setAccessibleName("New post")
        self._edit.setToolTip("Type @ to mention someone. Ctrl+Enter posts.")
        self._suggestions = QStandardItemModel(self)
        self._completer = QCompleter(self._suggestions, self)
        self._completer.setWidget(self._edit)
        self._completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        self._completer.setFilterMode(Qt.MatchFlag.MatchContains)
        self._completer.setCompletionMode(QCompleter.CompletionMode.PopupCompletion)
        self._popup = QListView(self)
        self._popup.setAccessibleName("People to mention")
        self._popup.setEditTriggers(QListView.EditTrigger.NoEditTriggers)
        self._completer.setPopup(self._popup)
        self._edit.completer = self._completer
        self._search_timer = QTimer(self)
        self._search_timer.setSingleShot(True)
        self._search_timer.setInterval(SEARCH_DELAY_MS)
        self._error = QLabel(self)
        self._error.setTextFormat(Qt.TextFormat.PlainText)
        self._error.setWordWrap(True)
        self._error.setAccessibleName("Posting error")
        self._count = QLabel(self)
        self._count.setAccessibleName("Characters used")
        self._busy = QProgressBar(self)
        self._busy.setRange(0, 0)
        self._busy.setTextVisible(False)
        self._busy.setFixedWidth(72)
        self._busy.setAccessibleName("Posting")
        self._button = QPushButton("Post", self)
        self._button.setSizePolicy(QSizePolicy.Policy.Fixed, QSizePolicy.Policy.Fixed)
        self._button.setToolTip("Post (Ctrl+Enter)")
        self._button.setAccessibleName("Post")
        self._build_layout()
        self._connect_signals()
        self.set_account(None)

    def _build_layout(self) -> None:
        row = QHBoxLayout()
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(self._error, 1)
        row.addWidget(self._count, 0, Qt.AlignmentFlag.AlignTop)
        row.addWidget(self._busy)
        row.addWidget(self._button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(8, 8, 8, 4)
        layout.setSpacing(6)
        layout.addWidget(self._edit)
        layout.addLayout(row)

    def _connect_signals(self) -> None:
        self._edit.textChanged.connect(self._on_text_changed)
        self._edit.cursorPositionChanged.connect(self._update_completion)
        self._edit.submit_requested.connect(self.submit)
        self._button.clicked.connect(self.submit)
        self._completer.activated.connect(self._on_picked)
        self._search_timer.timeout.connect(self._search)

    # Public API

    @property
    def text(self) -> str:
        """What is typed now."""
        return self._edit.toPlainText()

    def set_text(self, text: str) -> None:
        """Replace what is typed (the cursor goes to the end)."""
        self._edit.setPlainText(text)
        self._edit.moveCursor(QTextCursor.MoveOperation.End)

    @property
    def editor(self) -> PostEdit:
        """The text entry."""
        return self._edit

    @property
    def completer(self) -> QCompleter:
        """The @mention suggestions."""
        return self._completer

    @property
    def error_text(self) -> str:
        """The failure shown next to the text, or ""."""
        return self._draft.error

    @property
    def mentions(self) -> dict[str, str]:
        """People picked in the current text: display name → user id."""
        text = self.text
        return {name: ident for name, ident in self._draft.mentions.items() if f"@{name}" in text}

    @property
    def sending(self) -> bool:
        """True while the current account's post is on its way."""
        return self._key is not None and self._key in self._sending

    def set_feed_model(self, model: FeedModel | None) -> None:
        """Offer the authors in this feed as people to mention."""
        self._feed = model

    def set_account(self, account_key: str | None) -> None:
        """Write as another account: its own draft comes back; people from the old one are forgotten."""
        if account_key == self._key and account_key is not None:
            return
        if self._key is not None:
            self._draft.text = self.text
            self._drafts[self._key] = self._draft
        self._key = account_key
        self._draft = self._drafts.get(account_key, Draft()) if account_key else Draft()
        self._people.clear()
        self._suggestions.clear()
        self._search_timer.stop()
        self._popup.hide()
        self._edit.blockSignals(True)
        self.set_text(self._draft.text)
        self._edit.blockSignals(False)
        self._refresh_state()

    @Slot()
    def submit(self) -> None:
        """Send the text as a post with the picked mentions."""
        text = self.text.strip()
        if self._key is None or not text or self.sending or len(text) > MAX_CHARS:
            return
        key = self._key
        self._sending.add(key)
        self._draft.error = ""
        self._popup.hide()
        self._refresh_state()
        self._api.call(
            key,
            "post",
            text,
            self.mentions or None,
            channel=f"compose:{key}",
            lane=Lane.WRITE,
            on_done=self._on_posted,
        )

    # Sending

    def _on_posted(self, outcome: ApiOutcome) -> None:
        key = outcome.call.account_key
        self._sending.discard(key)
        current = key == self._key
        draft = self._draft if current else self._drafts.setdefault(key, Draft())
        if outcome.ok:
            draft.text, draft.error = "", ""
            draft.mentions.clear()
            if current:
                self._edit.clear()
                if isinstance(outcome.value, FeedItem):
                    self.posted.emit(outcome.value)
        else:
            error = outcome.error
            reason = error.user_message if isinstance(error, ApiError) else "Something went wrong."
            draft.error = f"Your post wasn't sent. {reason}"
            if isinstance(error, ApiError):
                self.error.emit(error)
        if current:
            self._refresh_state()

    def _refresh_state(self) -> None:
        sending = self.sending
        length = len(self.text)
        enabled = self._key is not None
        self._edit.setEnabled(enabled)
        self._edit.setReadOnly(sending)
        self._busy.setVisible(sending)
        self._button.setText("Posting…" if sending else "Post")
        self._button.setEnabled(enabled and not sending and bool(self.text.strip()) and length <= MAX_CHARS)
        self._count.setText(f"{length:,} / {MAX_CHARS:,}")
        over = length > MAX_CHARS
        base = self.palette()
        secondary = soft(base.color(QPalette.ColorRole.WindowText), 160)
        for label, colour in (
            (self._count, error_colour(base) if over else secondary),
            (self._error, error_colour(base)),
        ):
            palette = label.palette()
            palette.setColor(QPalette.ColorRole.WindowText, colour)
            label.setPalette(palette)
        self._error.setText(
            self._draft.error or (f"That's {length - MAX_CHARS:,} characters too long." if over else "")
        )
        self._fit_height()

    def _fit_height(self) -> None:
        """Three lines tall when empty, growing with the text up to eight."""
        lines = self._edit.document().documentLayout().documentSize().height()
        shown = max(MIN_LINES, min(MAX_LINES, int(lines)))
        margins = self._edit.contentsMargins().top() + self._edit.contentsMargins().bottom()
        extra = margins + 2 * int(self._edit.document().documentMargin())
        self._edit.setFixedHeight(shown * self._edit.fontMetrics().lineSpacing() + extra)

    def changeEvent(self, event: QEvent) -> None:
        """Pick colours that read on a new palette."""
        super().changeEvent(event)
        if event.type() in (QEvent.Type.PaletteChange, QEvent.Type.FontChange):
            self._refresh_state()

    @Slot()
    def _on_text_changed(self) -> None:
        self._refresh_state()
        self._update_completion()

    # Mentions

    def _mention_prefix(self) -> tuple[int, str] | None:
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
        if prefix.endswith(" ") and prefix.rstrip() in self._draft.mentions:
            return None
        return cursor.block().position() + at, prefix

    @Slot()
    def _update_completion(self) -> None:
        found = self._mention_prefix() if self._key is not None and not self.sending else None
        if found is None:
            self._search_timer.stop()
            self._popup.hide()
            return
        prefix = found[1]
        if self._feed is not None:
            self._learn(self._feed.authors())
        if len(prefix.strip()) >= 2:
            self._search_timer.start()
        self._show_suggestions(prefix)

    def _show_suggestions(self, prefix: str) -> None:
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
            self._people[name] = person.id
            item = QStandardItem(name)
            item.setData(person.id, _ID_ROLE)
            item.setEditable(False)
            if person.title:
                item.setToolTip(person.title)
            pixmap = (
                self._photos.pixmap(self._key, person.photo.best_small, 20)
                if (self._photos is not None and self._key and person.photo)
                else None
            )
            item.setIcon(QIcon(pixmap if pixmap is not None else placeholder(name, 20)))
            self._suggestions.appendRow(item)

    @Slot()
    def _search(self) -> None:
        found = self._mention_prefix()
        if found is None or self._key is None:
            return
        self._api.call(
            self._key,
            "search_users",
            found[1].strip(),
            channel=f"people:{self._key}",
            on_done=self._on_people,
        )

    def _on_people(self, outcome: ApiOutcome) -> None:
        if outcome.call.account_key != self._key or not outcome.ok or not isinstance(outcome.value, list):
            return
        self._learn([person for person in outcome.value if isinstance(person, UserSummary)])
        found = self._mention_prefix()
        if found is not None and self.isVisible():
            self._show_suggestions(found[1])

    @Slot(str)
    def _on_picked(self, name: str) -> None:
        user_id = self._people.get(name)
        found = self._mention_prefix()
        if not name or user_id is None or found is None:
            return
        cursor = self._edit.textCursor()
        cursor.setPosition(found[0])
        cursor.setPosition(self._edit.textCursor().position(), QTextCursor.MoveMode.KeepAnchor)
        self._draft.mentions[name] = user_id
        cursor.insertText(f"@{name} ")
        self._edit.setTextCursor(cursor)
        self._popup.hide()
