"""The composer is made after the window's first paint: until then its host keeps its room and everything it
is told, and hands all of it to the composer once made (or when first asked for)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QVBoxLayout, QWidget
from pytestqt.qtbot import QtBot

from desktop_app.demo_org import DemoOrg
from desktop_app.feed.places import Group, News
from desktop_app.storage import settings as keys
from desktop_app.ui.app.apiworker import ApiService
from desktop_app.ui.app.startup import after_first_paint
from desktop_app.ui.composer.host import RESERVED_HEIGHT, ComposerHost
from desktop_app.ui.feed.feedmodel import FeedModel
from tests.ui.windowing import make_services, open_root, save_account, shoot


def _host(qtbot: QtBot, reserved: int = 0) -> tuple[ComposerHost, ApiService, QWidget]:
    api = ApiService(lambda key: None)
    parent = QWidget()
    qtbot.addWidget(parent)
    parent.resize(600, 300)
    host = ComposerHost(api, None, parent, reserved=reserved)
    QVBoxLayout(parent).addWidget(host, 0, Qt.AlignmentFlag.AlignTop)
    parent.show()
    return host, api, parent


def test_what_the_host_is_told_before_reaches_the_composer(qtbot: QtBot) -> None:
    host, api, parent = _host(qtbot)
    model = FeedModel()
    host.set_feed_model(model)
    host.set_account("acct-a")
    host.set_place(Group("0F9000000000001", "Release Crew"))
    host.offer_files(False)
    host.know_file_limit("acct-a", 3)
    assert not host.is_built
    assert host.minimumHeight() == RESERVED_HEIGHT
    shoot(parent, "composer-host-before")

    with qtbot.wait_signal(host.built, timeout=2_000) as built:
        composer = host.build()
    assert built.args == [composer]
    assert host.build() is composer
    assert host.composer is composer
    assert composer.where == "Post to Release Crew"
    assert composer.editor.placeholderText() == "Post to Release Crew…"
    assert composer.attachments.account_key == "acct-a"
    assert composer.attachments.limit == 3
    assert not composer.format_bar.attach.isVisible()
    assert composer.isVisible()
    assert host.minimumHeight() == 0

    # Afterwards the host passes everything straight on.
    host.set_place(News())
    host.offer_files(True)
    host.know_file_limit("acct-a", 7)
    host.set_account("acct-b")
    assert composer.where == ""
    assert composer.format_bar.attach.isVisible()
    assert composer.attachments.account_key == "acct-b"
    host.set_account("acct-a")
    assert composer.attachments.limit == 7
    api.shutdown()


def test_asking_for_the_composer_makes_it(qtbot: QtBot) -> None:
    host, api, _parent = _host(qtbot, reserved=131)
    assert host.minimumHeight() == 131
    composer = host.composer
    assert host.is_built
    assert composer.parentWidget() is host
    api.shutdown()


def test_the_window_makes_its_composer_after_the_first_paint_and_remembers_its_height(
    qtbot: QtBot, tmp_path: Path, demo: DemoOrg
) -> None:
    services = make_services(tmp_path / "p", demo)
    save_account(services, demo, demo.users[0])
    with open_root(qtbot, services) as root:
        window = root.window
        assert not window.composer_host.is_built
        after_first_paint(services, root)
        assert window.composer_host.is_built
        composer = window.composer
        # Wired by the composition root once made: a post goes into the feed.
        qtbot.wait_until(lambda: window.feed.model.item_count > 0, timeout=15_000)
        composer.set_text("Posted through the composer made after the first paint")
        with qtbot.wait_signal(composer.posted, timeout=15_000):
            composer.submit()
        first = window.feed.model.item_at(0)
        assert first is not None
        assert first.body_text.startswith("Posted through the composer")
        height = window.composer_host.height()
        window.save_state()
    assert services.settings.get(keys.COMPOSER_HEIGHT) == height


def test_the_window_modules_leave_the_composer_unloaded() -> None:
    code = (
        "import sys, desktop_app.ui.app.composition\n"
        "print(sorted(m for m in sys.modules if m.startswith('desktop_app.ui.composer.')"
        " or m in ('desktop_app.api.uploads', 'desktop_app.ui.feed.elementedits')))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "['desktop_app.ui.composer.host']"
