"""The box where people write a post, with @mentions picked from the feed's authors and a people search.

A post goes out once. When the org's answer to it is lost (``CheckedWrite``), the box says it is checking,
looks for the post in the org, and then shows it as posted (clearing the text) or says it was not posted
(keeping the text, with Retry). The same text cannot be sent while the check is under way.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from functools import partial

import msgspec
from PySide6.QtCore import QEvent, Qt, Signal, Slot
from PySide6.QtGui import QPalette, QTextCursor
from PySide6.QtWidgets import (
    QCompleter,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QProgressBar,
    QPushButton,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from desktop_app.api.errors import ApiError
from desktop_app.api.models import FeedItem
from desktop_app.api.multipart import UploadCancelled
from desktop_app.api.operations import FindMyPost
from desktop_app.api.writematch import normalize
from desktop_app.feed.composerstatus import MAX_CHARS, composer_status
from desktop_app.feed.places import News, Place
from desktop_app.feed.richcompose import post_input
from desktop_app.feed.writecheck import CheckedWrite, Phase, WriteKind
from desktop_app.ui.app.apiworker import AnyOperation, ApiOutcome, ApiService, Lane
from desktop_app.ui.composer.attachments import Attachment, AttachmentTray, NotStored, upload_failure
from desktop_app.ui.composer.formatbar import FormatBar
from desktop_app.ui.composer.mentions import Mentions
from desktop_app.ui.composer.postedit import PostEdit
from desktop_app.ui.feed.feedlayout import error_colour, soft
from desktop_app.ui.feed.feedmodel import FeedModel
from desktop_app.ui.shared.photos import PhotoLoader

MIN_LINES = 3
MAX_LINES = 8
HINTS = {
    Phase.NOT_STORED: "Your text is kept; Retry sends it once.",
    Phase.UNKNOWN: "Your text is kept; Retry checks again before sending anything.",
}


class Draft(msgspec.Struct):
    """Unsent text of one account, the people picked in it, and what became of the last try."""

    text: str = ""
    mentions: dict[str, str] = msgspec.field(default_factory=dict)
    error: str = ""
    notice: str = ""
    write: CheckedWrite[FeedItem] | None = None
    # What was typed when Post was pressed, and the text of the post whose fate is being found out.
    submitted: str = ""
    pending: str = ""
    attachments: list[Attachment] = msgspec.field(default_factory=list)


class Composer(QWidget):
    """Writes and sends posts for the current account.

    Signals: posted(FeedItem), error(ApiError) for a post that was not sent, phase_changed(Phase) as the
    current account's post is sent, checked, stored or not.
    """

    posted = Signal(object)
    error = Signal(object)
    phase_changed = Signal(object)

    def __init__(
        self, api: ApiService, photos: PhotoLoader | None = None, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self._api = api
        self._key: str | None = None
        self._drafts: dict[str, Draft] = {}
        self._draft = Draft()
        self._feed_model: FeedModel | None = None
        self._place: Place = News()
        self._quiet = False
        # The org's name for an account key, for "Checking whether your post reached <org>" (else its host).
        self.org_name_of: Callable[[str], str] | None = None
        self._edit = PostEdit(self)
        self._edit.setPlaceholderText("Share an update…")
        self._edit.setAccessibleName("New post")
        self._edit.setToolTip("Type @ to mention someone. Ctrl+Enter posts.")
        self._mentions = Mentions(self._edit, api, photos, self)
        self._edit.completer = self._mentions.completer
        self.format_bar = FormatBar(self._edit, self)
        self.attachments = AttachmentTray(api, self)
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
        controls = QHBoxLayout()
        controls.setContentsMargins(0, 0, 0, 0)
        controls.addWidget(self._count)
        controls.addWidget(self._busy)
        controls.addWidget(self._button)
        row = QHBoxLayout()
        row.setContentsMargins(0, 0, 0, 0)
        # A message of several lines grows downwards from the button's level; the button stays where it is.
        row.addWidget(self._error, 1, Qt.AlignmentFlag.AlignTop)
        row.addLayout(controls)
        row.setAlignment(controls, Qt.AlignmentFlag.AlignTop)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(8, 8, 8, 4)
        layout.setSpacing(6)
        layout.addWidget(self.format_bar)
        layout.addWidget(self._edit)
        layout.addWidget(self.attachments)
        layout.addLayout(row)

    def _connect_signals(self) -> None:
        self._edit.textChanged.connect(self._on_text_changed)
        self._edit.cursorPositionChanged.connect(self._update_completion)
        self._edit.submit_requested.connect(self.submit)
        self._button.clicked.connect(self.submit)
        self._edit.files_dropped.connect(self.attach)
        self.format_bar.attach_requested.connect(self.choose_files)
        self.attachments.changed.connect(self._refresh_state)

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
    def notice_text(self) -> str:
        """What is shown next to the text that is not a failure (a check under way, its result), or ""."""
        return self._draft.notice

    @property
    def phase(self) -> Phase:
        """Where the current account's last post stands."""
        write = self._draft.write
        return write.phase if write is not None else Phase.IDLE

    @property
    def mentions(self) -> dict[str, str]:
        """People picked in the current text: display name → user id."""
        text = self.text
        return {name: ident for name, ident in self._draft.mentions.items() if f"@{name}" in text}

    @property
    def sending(self) -> bool:
        """True while the current account's post is on its way."""
        return self.phase is Phase.SENDING

    @property
    def checking(self) -> bool:
        """True while the app asks the org whether a post whose answer was lost is there."""
        return self.phase is Phase.CHECKING

    @property
    def busy(self) -> bool:
        """True while a post (or its files) is sent or checked: the text is locked, nothing goes twice."""
        return self.attachments.uploading or (self._draft.write is not None and self._draft.write.busy)

    def set_feed_model(self, model: FeedModel | None) -> None:
        """Offer the authors in this feed as people to mention (its posts also tell earlier posts apart)."""
        self._feed_model = model
        self._mentions.set_feed_model(model)

    @property
    def place(self) -> Place:
        """Where a post goes: the news feed (the person's own profile), a group, a record or a person."""
        return self._place

    @property
    def subject_id(self) -> str:
        """Where posts go: "me" (the person's own feed), or a group's, record's or person's id."""
        return self._place.subject_id or "me"

    @property
    def where(self) -> str:
        """Where the composer posts, in words ("Post to Sales Team"); "" for the person's own feed."""
        return self._place.posting_to

    def set_place(self, place: Place) -> None:
        """Post to another place from now on (the draft stays); the box says where."""
        self._place = place
        where = self.where
        self._edit.setPlaceholderText(f"{where}…" if where else "Share an update…")
        self._edit.setAccessibleName(where or "New post")
        self._refresh_state()

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
        self.attachments.account_key = account_key
        self.attachments.set_items(self._draft.attachments)
        self._refresh_state()

    @Slot()
    def submit(self) -> None:
        """Send the text as a post with the picked mentions (after a failed check: check, then send)."""
        text = self.text.strip()
        if self._key is None or not text or self.busy or len(text) > MAX_CHARS:
            return
        key = self._key
        draft = self._draft
        if self.attachments.over_limit:
            draft.error = f"This org takes at most {self.attachments.limit} files on a post: remove some."
            self._refresh_state()
            return
        if self.attachments.pending:
            draft.error = draft.notice = ""
            self.attachments.upload(key, partial(self._uploaded, key))
            self._refresh_state()
            return
        write = draft.write or self._new_write(key, draft)
        draft.submitted = text
        known = self._known_ids(key, text)
        self._mentions.dismiss()
        blocks, files = self._edit.blocks(), self.attachments.file_ids
        subject = self.subject_id
        feed = self._place.feed_path if subject != "me" and self._place.feed_path else None
        operation = post_input(text, blocks, self.mentions, files, subject)
        write.submit(
            operation,
            lambda sent_at: (
                FindMyPost(text, sent_at, known, feed) if feed else FindMyPost(text, sent_at, known)
            ),
        )

    @Slot()
    def choose_files(self) -> None:
        """Pick files to attach (a file dialog)."""
        paths, _filter = QFileDialog.getOpenFileNames(self, "Attach files")
        self.attach(paths)

    @Slot(list)
    def attach(self, paths: list[str]) -> None:
        """Attach files to the next post; files that can't go are named with the reason."""
        if self._key is None or self.busy:
            return
        problems = self.attachments.add(paths)
        self._draft.error = " ".join(problems)
        self._refresh_state()

    def _uploaded(self, key: str, error: BaseException | None, name: str) -> None:
        draft = self._draft if key == self._key else self._drafts.setdefault(key, Draft())
        if error is None:
            if key == self._key:
                self.submit()
            return
        draft.error = upload_failure(error, name)
        failure = error.cause if isinstance(error, NotStored) else error
        if isinstance(failure, ApiError) and not isinstance(failure, UploadCancelled):
            self.error.emit(failure)
        if key == self._key:
            self._refresh_state()

    # Sending

    def _new_write(self, key: str, draft: Draft) -> CheckedWrite[FeedItem]:
        def run(operation: AnyOperation, done: Callable[[ApiOutcome[object]], None]) -> None:
            self._api.call(key, operation, channel=f"compose:{key}", lane=Lane.WRITE, on_done=done)

        draft.write = CheckedWrite(WriteKind.POST, run, lambda write: self._on_write(key, write))
        return draft.write

    def _known_ids(self, key: str, text: str) -> frozenset[str]:
        """Posts of this person with the same words already shown: a check must not take them for this one."""
        me = key.rpartition("/")[2]
        wanted = normalize(text)
        items = self._feed_model or ()
        return frozenset(i.id for i in items if i.actor.id == me and normalize(i.body_text) == wanted)

    def _on_write(self, key: str, write: CheckedWrite[FeedItem]) -> None:
        current = key == self._key
        draft = self._draft if current else self._drafts.setdefault(key, Draft())
        org = (self.org_name_of(key) if self.org_name_of is not None else "") or write.host
        phase = write.phase
        draft.error = draft.notice = ""
        if phase is Phase.SENDING:
            draft.pending = draft.submitted
        elif phase is Phase.CHECKING:
            draft.notice = write.message(org)
        elif phase is Phase.STORED:
            self._stored(draft, write, org, current)
        elif phase in (Phase.FAILED, Phase.NOT_STORED, Phase.UNKNOWN):
            draft.error = write.message(org, HINTS)
            if phase is Phase.FAILED and isinstance(write.error, ApiError):
                self.error.emit(write.error)
        if current:
            self._refresh_state()
            self.phase_changed.emit(phase)

    def _stored(self, draft: Draft, write: CheckedWrite[FeedItem], org: str, current: bool) -> None:
        typed = self.text if current else draft.text
        # After a failed check people may have changed the words: a found earlier post leaves them be.
        if not write.found_by_check or normalize(typed) == normalize(draft.pending):
            draft.text = ""
            draft.mentions.clear()
            draft.attachments.clear()
            if current:
                self.attachments.clear()
                self._quiet = True
                self._edit.clear()
                self._quiet = False
        if write.found_by_check:
            draft.notice = write.message(org)
        if current and isinstance(write.value, FeedItem):
            self.posted.emit(write.value)

    def _refresh_state(self) -> None:
        write = self._draft.write
        status = composer_status(
            phase=write.phase if write is not None else None,
            text=self.text,
            pending=self._draft.pending,
            where=self.where,
            error=self._draft.error,
            notice=self._draft.notice,
            reason=write.reason if write is not None else "",
            uploading=self.attachments.uploading,
            has_account=self._key is not None,
        )
        self._edit.setEnabled(self._key is not None)
        self._edit.setReadOnly(status.busy)
        self._busy.setVisible(status.busy and not self.attachments.uploading)  # uploads show their own bar
        self._button.setText(status.button_text)
        self._button.setEnabled(status.button_enabled)
        self._button.setToolTip(status.button_tip)
        self._count.setText(status.count_text)
        base = self.palette()
        secondary = soft(base.color(QPalette.ColorRole.WindowText), 160)
        # Locked text reads as locked (softer, as in a disabled box) while it keeps focus and selection.
        editor = self._edit.palette()
        editor.setColor(
            QPalette.ColorRole.Text, secondary if status.busy else base.color(QPalette.ColorRole.Text)
        )
        self._edit.setPalette(editor)
        for label, colour in (
            (self._count, error_colour(base) if status.over else secondary),
            (
                self._error,
                error_colour(base) if status.failing else base.color(QPalette.ColorRole.WindowText),
            ),
        ):
            palette = label.palette()
            palette.setColor(QPalette.ColorRole.WindowText, colour)
            label.setPalette(palette)
        self._error.setText(status.message)
        self._error.setAccessibleName("Posting error" if status.failing else "Posting status")
        # The lost answer's own words, for whoever wants them; the message says what matters.
        self._error.setToolTip(status.message_tip)
        self._count.setVisible(status.count_visible)
        self._error.setMinimumHeight(self._button.sizeHint().height())
        self._fit_height()

    def _fit_height(self) -> None:
        """Three lines tall when empty, growing with the text up to eight."""
        spacing = max(1, self._edit.fontMetrics().lineSpacing())
        margin = 2 * self._edit.document().documentMargin()
        lines = math.ceil((self._edit.document().size().height() - margin) / spacing)
        shown = max(MIN_LINES, min(MAX_LINES, lines))
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
        write = self._draft.write
        if not self._quiet and write is not None and write.phase is Phase.STORED:
            # People moved on from "Posted": the next post starts afresh.
            write.forget()
            self._draft.notice = ""
        self._refresh_state()
        self._update_completion()

    @Slot()
    def _update_completion(self) -> None:
        self._mentions.follow_cursor(enabled=not self.busy)
