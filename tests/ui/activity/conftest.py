"""Fixtures for the activity tests: the application's style sheet put back after each test."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from PySide6.QtWidgets import QApplication


@pytest.fixture(autouse=True)
def _keep_style_sheet(qapp: QApplication) -> Iterator[None]:
    """open_root sets the app's style sheet; later test modules expect the one they found."""
    sheet = qapp.styleSheet()
    yield
    qapp.setStyleSheet(sheet)
