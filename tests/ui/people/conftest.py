"""Fixtures for the people and groups views: the app's style sheet, photos through the workers."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from desktop_app.ui.app.apiworker import ApiService
from desktop_app.ui.app.startup import resources_dir
from desktop_app.ui.shared.photos import PhotoLoader

TIMEOUT = 10_000


@pytest.fixture(autouse=True)
def _app_style(qapp: QApplication) -> Iterator[None]:
    """The style sheet the app runs with, so buttons and pictures look as they will."""
    before = qapp.styleSheet()
    qapp.setStyleSheet((resources_dir() / "style.qss").read_text(encoding="utf-8"))
    yield
    qapp.setStyleSheet(before)


@pytest.fixture
def photos(api_service: ApiService) -> PhotoLoader:
    """Photos loaded on the photo worker."""
    return PhotoLoader(api_service)


def settle(qtbot: QtBot, api: ApiService) -> None:
    """Wait until every call under way (photos included) has answered, before a picture is taken."""
    qtbot.wait_until(lambda: not api.busy, timeout=TIMEOUT)
