"""Files in end-to-end tests: random bytes to attach, the file dialogs answered, a Download clicked."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFileDialog
from pytestqt.qtbot import QtBot

from desktop_app.ui.feed.feedview import FeedView
from desktop_app.ui.feed.targets import Target


def files_to_attach_and_save(
    monkeypatch: pytest.MonkeyPatch, folder: Path, name: str, size: int, saved_name: str
) -> tuple[bytes, Path]:
    """A file ``name`` of ``size`` random bytes that the Open dialog picks, and where the Save dialog saves:
    the file's bytes and that path."""
    source = folder / name
    data = os.urandom(size)
    source.write_bytes(data)
    saved = folder / "downloads" / saved_name
    saved.parent.mkdir()
    monkeypatch.setattr(QFileDialog, "getOpenFileNames", lambda *_a, **_k: ([str(source)], ""))
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *_a, **_k: (str(saved), ""))
    return data, saved


def click_download(qtbot: QtBot, feed: FeedView, row: int, timeout: int) -> None:
    """Click the post's Download and wait until the feed says the file was saved."""
    view = feed.list_view
    index = feed.model.index(row)
    view.scrollTo(index)
    area = view.feed_delegate.target_rect(
        index, view.visualRect(index), Target.DOWNLOAD, view.font(), view.palette()
    )
    assert not area.isEmpty()
    with qtbot.wait_signal(
        feed.status, timeout=timeout, check_params_cb=lambda text: text.startswith("Saved")
    ):
        qtbot.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, pos=area.center())
