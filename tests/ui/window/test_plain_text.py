"""Server text never becomes markup: an account named like a link shows as the literal text everywhere."""

from __future__ import annotations

from pathlib import Path

import pytest
import requests
from msgspec.structs import replace
from PySide6.QtCore import QAbstractTableModel, QModelIndex, Qt
from PySide6.QtGui import Qt as GuiQt
from PySide6.QtWidgets import QAbstractItemView, QLabel, QMessageBox, QWidget
from pytestqt.qtbot import QtBot

from desktop_app.accounts.status import AccountState
from desktop_app.demo_org import DemoOrg
from desktop_app.ui.settings.dialog import SettingsDialog
from tests.ui.windowing import make_services, open_root, save_account

HOSTILE = '<a href="file:///etc">x</a><b>'


def markup_shown(widget: QWidget) -> list[str]:
    """Every place under ``widget`` where text holding the hostile title could be read as rich text."""
    found = []
    for label in [w for w in widget.findChildren(QLabel) if isinstance(w, QLabel)]:
        text = label.text()
        if HOSTILE in text and label.textFormat() is not Qt.TextFormat.PlainText:
            found.append(f"label {label.objectName() or label.accessibleName()!r}: {text!r}")
    for view in widget.findChildren(QAbstractItemView):
        model = view.model()
        if model is None:
            continue
        columns = model.columnCount(QModelIndex()) if isinstance(model, QAbstractTableModel) else 1
        for row in range(model.rowCount(QModelIndex())):
            for column in range(columns):
                tip = model.index(row, column).data(Qt.ItemDataRole.ToolTipRole)
                if isinstance(tip, str) and "<a href" in tip:
                    found.append(f"tooltip in {view.accessibleName()!r}: {tip!r}")
    return found


def test_an_account_titled_like_markup_is_shown_literally_everywhere(
    qtbot: QtBot, tmp_path: Path, demo: DemoOrg, monkeypatch: pytest.MonkeyPatch
) -> None:
    services = make_services(tmp_path / "p", demo)
    account = save_account(services, demo, demo.users[5])
    account = replace(account, display_name=HOSTILE, org_name=HOSTILE)
    services.registry.upsert(account)
    boxes: list[tuple[Qt.TextFormat, str]] = []

    def answer(box: QMessageBox) -> int:
        boxes.append((box.textFormat(), box.text()))
        return int(QMessageBox.StandardButton.No)

    monkeypatch.setattr(QMessageBox, "exec", answer)
    tokens = services.secrets.get(account.key)
    assert tokens is not None
    assert tokens.refresh_token is not None
    revoke = f"{demo.login_url}/services/oauth2/revoke"
    requests.post(
        revoke, data={"token": tokens.refresh_token}, timeout=10
    )  # so the session-ended message shows
    with open_root(qtbot, services) as root:
        window = root.window
        qtbot.wait_until(
            lambda: window.sidebar.state(account.key) == AccountState.NEEDS_SIGN_IN, timeout=15_000
        )
        qtbot.wait_until(lambda: HOSTILE in window.messages.text, timeout=10_000)
        assert HOSTILE in window.windowTitle()
        assert markup_shown(window) == []
        item = window.sidebar.list.item(0)
        assert "<a href" not in item.toolTip()
        assert GuiQt.mightBeRichText(item.toolTip())  # escaped text in a rich tooltip: shown literally
        root.open_settings()
        dialog = window.findChild(SettingsDialog)
        assert dialog is not None
        qtbot.wait_until(dialog.isVisible, timeout=5_000)
        assert markup_shown(dialog) == []
        dialog.sessions.select_key(account.key)
        dialog.sessions.revoke_button.click()
        qtbot.wait_until(lambda: bool(boxes), timeout=5_000)
        assert boxes[0][0] is Qt.TextFormat.PlainText
        assert HOSTILE in boxes[0][1]
        dialog.close()
