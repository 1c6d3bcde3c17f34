"""Builds a main window on a temporary profile whose secrets live in memory, for window tests."""

from __future__ import annotations

import os
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from msgspec.structs import replace
from PySide6.QtGui import QColor, QPalette
from PySide6.QtWidgets import QApplication, QWidget
from pytestqt.qtbot import QtBot

from desktop_app.api.feedcache import FeedCache
from desktop_app.api.photos import PhotoCache
from desktop_app.auth.account import Account
from desktop_app.demo_org import DemoOrg, DemoUser
from desktop_app.paths import Paths
from desktop_app.storage import settings as keys
from desktop_app.storage.registry import AccountRegistry
from desktop_app.storage.secrets import MemorySecretStore
from desktop_app.storage.settings import Settings
from desktop_app.ui.app.composition import Composition
from desktop_app.ui.app.parts import AppParts, RefreshBridge
from desktop_app.ui.app.tasks import TaskRunner
from desktop_app.ui.window.mainwindow import MainWindow
from tests.ui.conftest import signed_in_account

# Where screenshots go, to be looked at (tests write them on every run; nothing asserts on pixels).
SHOTS = Path(os.environ.get("CONNECT_SHOTS_DIR", Path(tempfile.gettempdir()) / "shots"))


def make_services(profile: Path, demo: DemoOrg | None = None) -> AppParts:
    """The app's parts on a fresh profile, tokens in memory; the demo org's consumer key saved when given."""
    paths = Paths.for_profile(profile)
    paths.ensure()
    services = AppParts(
        paths=paths,
        settings=Settings(paths.settings_file),
        registry=AccountRegistry(paths.accounts_file),
        secrets=MemorySecretStore(),
        photo_cache=PhotoCache(paths.photo_dir),
        feed_cache=FeedCache(paths.feed_cache_dir),
        tasks=TaskRunner(),
        refresh_bridge=RefreshBridge(),
    )
    if demo is not None:
        services.settings.set(keys.CLIENT_ID, demo.client_id)
    return services


def save_account(services: AppParts, demo: DemoOrg, user: DemoUser) -> Account:
    """A signed-in demo account saved in the window's registry and secret store."""
    assert isinstance(services.secrets, MemorySecretStore)
    account = signed_in_account(demo, user, services.secrets)
    account = replace(account, client_id=demo.client_id)
    services.registry.upsert(account)
    return account


@contextmanager
def open_window(qtbot: QtBot, services: AppParts) -> Iterator[MainWindow]:
    """The main window, built by the composition root, restored and shown; closed and joined afterwards."""
    with open_root(qtbot, services) as root:
        yield root.window


@contextmanager
def open_root(qtbot: QtBot, services: AppParts) -> Iterator[Composition]:
    """The composition root with its window restored and shown; closed and its workers joined afterwards."""
    root = Composition(services)
    window = root.window
    qtbot.addWidget(window)
    root.restore()
    window.show()
    try:
        yield root
    finally:
        window.close()
        services.close()


def dark_palette() -> QPalette:
    """A dark palette like the desktop's dark themes."""
    palette = QPalette()
    roles = {
        QPalette.ColorRole.Window: "#202124",
        QPalette.ColorRole.WindowText: "#e8eaed",
        QPalette.ColorRole.Base: "#171717",
        QPalette.ColorRole.AlternateBase: "#262626",
        QPalette.ColorRole.Text: "#e8eaed",
        QPalette.ColorRole.Button: "#2d2e30",
        QPalette.ColorRole.ButtonText: "#e8eaed",
        QPalette.ColorRole.Highlight: "#1b6fd6",
        QPalette.ColorRole.HighlightedText: "#ffffff",
        QPalette.ColorRole.ToolTipBase: "#2d2e30",
        QPalette.ColorRole.ToolTipText: "#e8eaed",
        QPalette.ColorRole.PlaceholderText: "#9aa0a6",
        QPalette.ColorRole.Link: "#8ab4f8",
        QPalette.ColorRole.Mid: "#3c4043",
        QPalette.ColorRole.Dark: "#111111",
        QPalette.ColorRole.Light: "#3c4043",
    }
    for role, colour in roles.items():
        palette.setColor(role, QColor(colour))
    return palette


def shoot(widget: QWidget, name: str) -> Path:
    """Save a picture of a widget in the light and the dark palette; returns the light one's path."""
    SHOTS.mkdir(parents=True, exist_ok=True)
    app = QApplication.instance()
    assert isinstance(app, QApplication)
    original = app.palette()
    light = SHOTS / f"{name}-light.png"
    widget.grab().save(str(light))
    sheet = app.styleSheet()
    for palette, path in ((dark_palette(), SHOTS / f"{name}-dark.png"), (original, None)):
        app.setPalette(palette)
        app.setStyleSheet(sheet)  # a style sheet keeps the palette it polished with until set again
        app.processEvents()
        if path is not None:
            widget.grab().save(str(path))
    return light
