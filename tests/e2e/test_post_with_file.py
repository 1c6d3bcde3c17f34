"""Through the real sign-in: post with a file and rich text, see it in the feed, download it, same bytes."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from desktop_app.demo_org import DemoOrg
from tests.e2e.files import click_download, files_to_attach_and_save
from tests.e2e.test_window_flow import demo_window, sign_in_through_the_dialog

pytestmark = pytest.mark.e2e

TIMEOUT = 20_000


def test_post_with_a_file_then_download_it(
    qtbot: QtBot, tmp_path: Path, demo: DemoOrg, monkeypatch: pytest.MonkeyPatch
) -> None:
    data, saved = files_to_attach_and_save(monkeypatch, tmp_path, "Launch plan.pdf", 700_000, "copy.pdf")
    with demo_window(qtbot, tmp_path, demo) as (window, _services, root):
        sign_in_through_the_dialog(qtbot, root, demo.users[0], window.welcome.sign_in_button.click)
        feed, composer = window.feed, window.composer
        qtbot.wait_until(lambda: feed.model.item_count >= 25, timeout=TIMEOUT)

        composer.format_bar.attach.trigger()
        assert [item.name for item in composer.attachments.items] == ["Launch plan.pdf"]
        composer.set_text("Plan attached")
        composer.format_bar.bold.trigger()  # the word at the cursor: "attached"
        qtbot.keyClick(composer.editor, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
        qtbot.wait_until(
            lambda: (first := feed.model.item_at(0)) is not None and first.body_text == "Plan attached",
            timeout=TIMEOUT,
        )
        post = feed.model.item_at(0)
        assert post is not None
        assert [f.title for f in post.capabilities.files] == ["Launch plan"]
        assert any(s.markup_type == "Bold" for s in post.body_segments)
        assert composer.attachments.items == []

        click_download(qtbot, feed, 0, TIMEOUT)
        assert saved.read_bytes() == data
