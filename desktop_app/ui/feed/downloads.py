"""Saving a post's files: a save dialog, the bytes fetched on a worker with progress, and Cancel.

The file is fetched by the app itself with the account's bearer header (`DownloadFile`), never by handing a
URL to a browser or another program, so the token stays in this process. Progress lives in a thread-safe
`DownloadProgress` the worker writes and the row reads when it is painted, a few times a second.
"""

from __future__ import annotations

import re
from functools import partial
from pathlib import Path

from PySide6.QtCore import QObject, QTimer, Signal, Slot
from PySide6.QtWidgets import QWidget

from desktop_app.api.models import FeedItem
from desktop_app.api.operations import Downloaded, DownloadFile, DownloadProgress
from desktop_app.errors import describe
from desktop_app.feed.rowparts import row_parts
from desktop_app.ui.app.apiworker import ApiOutcome, ApiService, Lane
from desktop_app.ui.feed.feedmodel import FeedModel

REPAINT_MS = 100
_UNSAFE = re.compile(r'[\x00-\x1f/\\:*?"<>|]+')


def downloads_channel(account_key: str) -> str:
    """The ApiService channel of an account's downloads (left alone when the feed changes account)."""
    return f"downloads:{account_key}"


def safe_file_name(name: str) -> str:
    """A file name the save dialog can offer: no folders, no characters file systems refuse."""
    cleaned = _UNSAFE.sub("_", name).strip(" .")
    return cleaned[:200] or "download"


def stop_all(active: dict[tuple[str, str], DownloadProgress], *_destroyed: object) -> None:
    """Ask every download under way to stop (the view showing them is going)."""
    for progress in active.values():
        progress.cancel()


class FileDownloads(QObject):
    """Downloads of files on feed posts (signals: status(str), failed(error), changed(item_id))."""

    status = Signal(str)
    failed = Signal(object)
    changed = Signal(str)

    def __init__(self, model: FeedModel, api: ApiService, parent: QWidget) -> None:
        super().__init__(parent)
        self._model = model
        self._api = api
        self.active: dict[tuple[str, str], DownloadProgress] = {}
        self._timer = QTimer(self)
        self._timer.setInterval(REPAINT_MS)
        self._timer.timeout.connect(self._tick)

    def progress(self, item_id: str, key: str) -> float | None:
        """How far the download of a post's file is (0 to 1, -1 if unknown), or None if none is."""
        progress = self.active.get((item_id, key))
        return progress.fraction if progress is not None else None

    def toggle(self, account_key: str, item: FeedItem, key: str) -> None:
        """Download a post's file (asking where to save it), or stop the download under way."""
        progress = self.active.get((item.id, key))
        if progress is not None:
            progress.cancel()
            self.status.emit("Stopping the download…")
            return
        part = next((part for part in row_parts(item, "").files if part.key == key), None)
        if part is None or not part.download_url:
            return
        # Loaded with the first download: their enums cost start-up about a millisecond in all.
        from PySide6.QtCore import QStandardPaths
        from PySide6.QtWidgets import QFileDialog

        folder = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.DownloadLocation)
        suggested = str(Path(folder or Path.home()) / safe_file_name(part.file_name))

        path, _filter = QFileDialog.getSaveFileName(self._dialog_parent(), "Save file", suggested)
        if not path:
            return
        operation = DownloadFile(part.download_url, path)
        self.active[(item.id, key)] = operation.progress
        self._model.update_state(item.id, note="")
        done = partial(self._done, item.id, key, Path(path).name)
        self._api.call(
            account_key, operation, channel=downloads_channel(account_key), lane=Lane.DOWNLOAD, on_done=done
        )
        self._timer.start()
        self.changed.emit(item.id)
        self.status.emit(f"Downloading {Path(path).name}…")

    def _dialog_parent(self) -> QWidget | None:
        parent = self.parent()
        return parent if isinstance(parent, QWidget) else None

    def _done(self, item_id: str, key: str, name: str, outcome: ApiOutcome[Downloaded]) -> None:
        self.active.pop((item_id, key), None)
        self.changed.emit(item_id)
        result = outcome.value
        if result is not None:
            self.status.emit(f"Saved {name}." if result.complete else "Download stopped; nothing was saved.")
            return
        self._model.update_state(item_id, note=f"Couldn't download {name}: {describe(outcome.error)}")
        self.failed.emit(outcome.error)

    @Slot()
    def _tick(self) -> None:
        if not self.active:
            self._timer.stop()
        for item_id in {item_id for item_id, _key in self.active}:
            self.changed.emit(item_id)
