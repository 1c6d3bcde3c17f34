"""The box where people write a post, with @mentions picked from the feed's authors and a people search."""

from __future__ import annotations

from dataclasses import dataclass, field

from PySide6.QtCore import QEvent, Qt, Signal, Slot
from PySide6.QtGui import QKeyEvent, QPalette, QTextCursor
from PySide6.QtWidgets import (
    QCompleter,
    QHBoxLayout,
    QLabel,
    QPlainTextEdit,
    QProgressBar,
    QPushButton,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from desktop_app.api.errors import ApiError
from desktop_app.api.models import FeedItem
from desktop_app.api.operations import Post, mentions_of
from desktop_app.errors import describe
from desktop_app.ui.app.apiworker import ApiOutcome, ApiService, Lane
from desktop_app.ui.composer.mentions import Mentions
from desktop_app.ui.feed.feedlayout import error_colour, soft
from desktop_app.ui.feed.feedmodel import FeedModel
from desktop_app.ui.shared.photos import PhotoLoader

MAX_CHARS = 10_000
MIN_LINES = 3
MAX_LINES = 8


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
        self._key: str | None = None
        self._drafts: dict[str, Draft] = {}
        self._draft = Draft()
        self._sending: set[str] = set()
        self._edit = PostEdit(self)
        self._edit.setPlaceholderText("Share an update…")
        self._edit.setAccessibleName("New post")
        self._edit.setToolTip("Type @ to mention someone. Ctrl+Enter posts.")
        self._mentions = Mentions(self._edit, api, photos, self)
        self._edit.completer = self._mentions.completer
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
        return self._mentions.completer

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
        self._mentions.set_feed_model(model)

    def set_account(self, account_key: str | None) -> None:
        """Write as another account: its own draft comes back; people from the old one are forgotten."""
        if account_key == self._key and account_key is not None:
            return
        if self._key is not None:
            self._draft.text = self.text
            self._drafts[self._key] = self._draft
        self._key = account_key
        self._draft = self._drafts.get(account_key, Draft()) if account_key else Draft()
        self._mentions.set_account(account_key, self._draft.mentions)
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
        self._mentions.dismiss()
        self._refresh_state()
        self._api.call(
            key,
            Post(text, mentions_of(self.mentions)),
            channel=f"compose:{key}",
            lane=Lane.WRITE,
            on_done=self._on_posted,
        )

    # Sending

    def _on_posted(self, outcome: ApiOutcome[FeedItem]) -> None:
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
            reason = describe(error)
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

    @Slot()
    def _update_completion(self) -> None:
        self._mentions.follow_cursor(enabled=not self.sending)
