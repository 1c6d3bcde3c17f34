"""Fixtures for the people and groups views: photos through the workers."""

from __future__ import annotations

import pytest
from pytestqt.qtbot import QtBot

from desktop_app.ui.app.apiworker import ApiService
from desktop_app.ui.shared.photos import PhotoLoader

TIMEOUT = 10_000


@pytest.fixture
def photos(api_service: ApiService) -> PhotoLoader:
    """Photos loaded on the photo worker."""
    return PhotoLoader(api_service)


def settle(qtbot: QtBot, api: ApiService) -> None:
    """Wait until every call under way (photos included) has answered, before a picture is taken."""
    qtbot.wait_until(lambda: not api.busy, timeout=TIMEOUT)
