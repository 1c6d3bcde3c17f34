"""Files attached to the next post: names and sizes, the upload with its progress and Cancel, Remove.

Files are uploaded when the post is sent, one after another, on the file transfer worker; each keeps its
069 id once stored, so a post that fails afterwards is sent again without sending the bytes twice. A failed
or stopped upload leaves the list as it was: nothing people picked is lost. An upload whose answer was lost
(the org may have stored the file) is looked for in the person's Files before it is sent again, so a retry
never stores the file twice.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from functools import partial
from pathlib import Path

from PySide6.QtCore import Qt, QTimer, Signal, Slot
from PySide6.QtWidgets import QHBoxLayout, QLabel, QProgressBar, QPushButton, QVBoxLayout, QWidget

from desktop_app.api.capabilities import FileAttachment
from desktop_app.api.errors import ApiError
from desktop_app.api.multipart import UploadCancelled
from desktop_app.api.uploads import (
    MAX_FILES_PER_POST,
    FindMyUpload,
    PostFileLimit,
    UploadFile,
    UploadProgress,
    human_size,
    size_problem,
    upload_title,
)
from desktop_app.errors import describe
from desktop_app.ui.app.apiworker import ApiOutcome, ApiService, Lane

REPAINT_MS = 100


class NotStored(Exception):
    """An upload whose answer was lost, and the org was asked: the file is not there."""

    def __init__(self, cause: BaseException) -> None:
        super().__init__(str(cause))
        self.cause = cause


def upload_failure(error: BaseException | None, name: str) -> str:
    """What the composer says when a file did not go up (the text and files always stay)."""
    kept = "Your text and files are kept."
    if isinstance(error, UploadCancelled):
        return f"Upload stopped. {kept}"
    if isinstance(error, NotStored):
        return f"Couldn't upload {name}: {describe(error.cause)} The org doesn't have it. {kept}"
    if isinstance(error, ApiError) and error.maybe_applied:
        return (
            f"Couldn't tell whether {name} reached the org: {describe(error)} "
            f"Retry looks for it there before sending it again. {kept}"
        )
    return f"Couldn't upload {name}: {describe(error)} {kept}"


def uploads_channel(account_key: str) -> str:
    """The ApiService channel of an account's uploads."""
    return f"uploads:{account_key}"


def _drop_answers(api: ApiService, channels: set[str], *_destroyed: object) -> None:
    for channel in channels:
        api.bump(channel)


@dataclass
class Attachment:
    """A file picked for the next post; ``file_id`` once the org stored it.

    ``sent_at`` is when an upload whose answer was lost was sent: the next try looks for the file first.
    """

    path: str
    name: str
    size: int
    file_id: str | None = None
    progress: UploadProgress | None = field(default=None, repr=False)
    sent_at: datetime | None = None


class AttachmentTray(QWidget):
    """The attached files under the editor (signals: changed())."""

    changed = Signal()

    def __init__(self, api: ApiService, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._api = api
        self.items: list[Attachment] = []
        self._rows = QVBoxLayout()
        self._rows.setContentsMargins(0, 0, 0, 0)
        self._rows.setSpacing(2)
        self.bar = QProgressBar(self)
        self.bar.setRange(0, 1000)
        self.bar.setAccessibleName("Upload progress")
        self.bar.setFormat("%p%")
        self.cancel_button = QPushButton("Cancel upload", self)
        self.cancel_button.setToolTip("Stop uploading; your text and files stay here")
        progress = QHBoxLayout()
        progress.setContentsMargins(0, 0, 0, 0)
        progress.addWidget(self.bar, 1)
        progress.addWidget(self.cancel_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(self._rows)
        layout.addLayout(progress)
        self._timer = QTimer(self)
        self._timer.setInterval(REPAINT_MS)
        self._timer.timeout.connect(self._tick)
        self.cancel_button.clicked.connect(self.cancel)
        self._current: Attachment | None = None
        self._limits: dict[str, int] = {}
        self.account_key: str | None = None
        # Answers still on their way when the tray goes are dropped, not delivered to deleted widgets.
        self._channels: set[str] = set()
        self.destroyed.connect(partial(_drop_answers, api, self._channels))
        self._rebuild()

    # What is attached

    def set_items(self, items: list[Attachment]) -> None:
        """Show another draft's files (the list is shared with the draft, not copied)."""
        self.items = items
        self._rebuild()

    @property
    def limit(self) -> int:
        """How many files a post may carry in the current account's org (Salesforce's most until it says)."""
        return self._limits.get(self.account_key or "", MAX_FILES_PER_POST)

    def know_limit(self, account_key: str, limit: int) -> None:
        """The org told how many files a post may carry (it was asked for other reasons): no need to ask."""
        self._limits[account_key] = limit
        if account_key == self.account_key:
            self._rebuild()

    def _learn_limit(self) -> None:
        """Ask the org once per account, on the first attach (never at start-up)."""
        key = self.account_key
        if key is None or key in self._limits:
            return
        self._limits[key] = MAX_FILES_PER_POST

        def done(outcome: ApiOutcome[int]) -> None:
            if outcome.value is not None:
                self._limits[key] = outcome.value
                self._rebuild()

        self._channels.add(uploads_channel(key))
        self._api.call(key, PostFileLimit(), channel=uploads_channel(key), on_done=done)

    def add(self, paths: list[str]) -> list[str]:
        """Attach files; returns a sentence for each that can't be (too big, empty, unreadable, too many)."""
        self._learn_limit()
        problems: list[str] = []
        for raw in paths:
            path = str(Path(raw))
            name = Path(path).name
            if any(item.path == path for item in self.items):
                continue
            if len(self.items) >= self.limit:
                problems.append(self._too_many(name))
                continue
            try:
                size = os.stat(path).st_size
            except OSError as exc:
                problems.append(f"Couldn't read {name}: {exc.strerror or type(exc).__name__}.")
                continue
            problem = size_problem(name, size) if Path(path).is_file() else f"{name} is not a file."
            if problem is not None:
                problems.append(problem)
                continue
            self.items.append(Attachment(path, name, size))
        self._rebuild()
        return problems

    def _too_many(self, name: str) -> str:
        if self.limit == 0:
            return f"This org doesn't take files on posts; {name} was left out."
        return f"A post can have up to {self.limit} files here; {name} was left out."

    @property
    def over_limit(self) -> bool:
        """True when more files are attached than the org takes (it said so after they were picked)."""
        return len(self.items) > self.limit

    def remove(self, index: int) -> None:
        """Take a file off the post (not while it is being uploaded)."""
        if 0 <= index < len(self.items) and self.items[index] is not self._current:
            del self.items[index]
            self._rebuild()

    def clear(self) -> None:
        """No files any more (the post went out)."""
        self.items.clear()
        self._rebuild()

    @property
    def pending(self) -> bool:
        """True when some file still has to be uploaded."""
        return any(item.file_id is None for item in self.items)

    @property
    def uploading(self) -> bool:
        """True while a file is on its way."""
        return self._current is not None

    @property
    def file_ids(self) -> tuple[str, ...]:
        """The 069 ids of the uploaded files, in the order they were attached."""
        return tuple(item.file_id for item in self.items if item.file_id)

    # Uploading

    def upload(self, account_key: str, done: Callable[[BaseException | None, str], None]) -> None:
        """Upload the files not stored yet, one by one; then ``done(error, name)``, error None if all went."""
        waiting = next((item for item in self.items if item.file_id is None), None)
        if waiting is None:
            self._stop(done, None, "")
            return
        if waiting.sent_at is not None:
            self._look_for(account_key, waiting, done)
            return
        operation = UploadFile(waiting.path)
        waiting.progress = operation.progress
        self._current = waiting
        self._timer.start()
        self._rebuild()
        on_done = partial(self._uploaded, account_key, waiting, done, datetime.now(UTC))
        self._channels.add(uploads_channel(account_key))
        self._api.call(
            account_key, operation, channel=uploads_channel(account_key), lane=Lane.DOWNLOAD, on_done=on_done
        )

    def _uploaded(
        self,
        account_key: str,
        item: Attachment,
        done: Callable[[BaseException | None, str], None],
        sent_at: datetime,
        outcome: ApiOutcome[FileAttachment],
    ) -> None:
        item.progress = None
        stored = outcome.value
        if stored is None or not stored.id:
            if isinstance(outcome.error, ApiError) and outcome.error.maybe_applied:
                # The org may have stored it: look before saying it failed (or sending it again).
                item.sent_at = sent_at
                self._look_for(account_key, item, done, outcome.error)
            else:
                self._stop(done, outcome.error, item.name)
            return
        item.file_id = stored.id
        self.upload(account_key, done)

    def _stop(
        self, done: Callable[[BaseException | None, str], None], error: BaseException | None, name: str
    ) -> None:
        """Nothing is on its way any more: ``done(error, name)`` (error None when every file went)."""
        self._current = None
        self._timer.stop()
        self._rebuild()
        done(error, name)

    def _look_for(
        self,
        account_key: str,
        item: Attachment,
        done: Callable[[BaseException | None, str], None],
        failure: BaseException | None = None,
    ) -> None:
        """Ask the person's Files for a file whose upload answer was lost; ``failure`` is that upload's."""
        assert item.sent_at is not None
        check = FindMyUpload(upload_title(item.path), item.size, item.sent_at, frozenset(self.file_ids))
        self._current = item
        self._timer.start()
        self._rebuild()
        on_done = partial(self._looked_for, account_key, item, done, failure)
        self._api.call(account_key, check, channel=uploads_channel(account_key), on_done=on_done)

    def _looked_for(
        self,
        account_key: str,
        item: Attachment,
        done: Callable[[BaseException | None, str], None],
        failure: BaseException | None,
        outcome: ApiOutcome[FileAttachment | None],
    ) -> None:
        if outcome.error is not None:
            # Still unknown: said so, and the next try looks again before sending anything.
            self._stop(done, failure if failure is not None else outcome.error, item.name)
            return
        item.sent_at = None
        if outcome.value is not None and outcome.value.id:
            item.file_id = outcome.value.id
            self.upload(account_key, done)
        elif failure is not None:
            self._stop(done, NotStored(failure), item.name)
        else:
            self.upload(account_key, done)

    @Slot()
    def cancel(self) -> None:
        """Stop the upload under way (the worker stops after the piece it is sending)."""
        if self._current is not None and self._current.progress is not None:
            self._current.progress.cancel()
            self.cancel_button.setEnabled(False)

    # Showing

    def _rebuild(self) -> None:
        while self._rows.count():
            entry = self._rows.takeAt(0)
            widget = entry.widget() if entry is not None else None
            if widget is not None:
                widget.deleteLater()
        for index, item in enumerate(self.items):
            self._rows.addWidget(self._row(index, item))
        self.bar.setVisible(self.uploading)
        self.cancel_button.setVisible(self.uploading)
        self.cancel_button.setEnabled(True)
        self._tick()
        self.setVisible(bool(self.items))
        self.changed.emit()

    def _row(self, index: int, item: Attachment) -> QWidget:
        row = QWidget(self)
        layout = QHBoxLayout(row)
        layout.setContentsMargins(0, 0, 0, 0)
        state = "uploaded" if item.file_id else ""
        if item is self._current:
            state = "looking for it in the org…" if item.sent_at is not None else "uploading…"
        label = QLabel(f"{item.name} · {human_size(item.size)}" + (f" · {state}" if state else ""), row)
        label.setTextFormat(Qt.TextFormat.PlainText)
        label.setAccessibleName("Attached file")
        remove = QPushButton("Remove", row)
        remove.setAccessibleName(f"Remove {item.name}")
        remove.setEnabled(item is not self._current)
        remove.clicked.connect(partial(self.remove, index))
        layout.addWidget(label, 1)
        layout.addWidget(remove)
        return row

    @Slot()
    def _tick(self) -> None:
        progress = self._current.progress if self._current is not None else None
        fraction = progress.fraction if progress is not None else -1.0
        if fraction < 0:
            self.bar.setRange(0, 0)
        else:
            self.bar.setRange(0, 1000)
            self.bar.setValue(round(fraction * 1000))
        if self._current is not None:
            doing = "Looking for" if self._current.sent_at is not None else "Uploading"
            self.bar.setToolTip(f"{doing} {self._current.name} ({human_size(self._current.size)})")
