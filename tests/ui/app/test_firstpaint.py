"""Work left for after the first paint runs once, after the window painted (or after a fallback wait)."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QStringListModel
from PySide6.QtWidgets import QApplication, QLabel, QListView
from pytestqt.qtbot import QtBot

from desktop_app.demo_org import DemoOrg
from desktop_app.ui.app.firstpaint import AfterFirstPaint
from desktop_app.ui.app.startup import wait_for_first_view
from desktop_app.ui.app.tasks import TaskResult, TaskRunner
from tests.ui.windowing import make_services, open_root, save_account


def test_runs_once_after_the_first_paint(qtbot: QtBot) -> None:
    label = QLabel("posts")
    qtbot.addWidget(label)
    calls: list[bool] = []
    waiter = AfterFirstPaint(label, lambda: calls.append(label.isVisible()), fallback_ms=60_000)
    assert waiter.pending
    label.show()
    qtbot.wait_until(lambda: bool(calls), timeout=5_000)
    label.repaint()
    label.repaint()
    qtbot.wait_until(lambda: not waiter.pending, timeout=5_000)
    assert calls == [True]


def test_a_window_that_never_paints_still_gets_its_work_done(qtbot: QtBot) -> None:
    label = QLabel("never shown")
    qtbot.addWidget(label)
    calls: list[int] = []
    waiter = AfterFirstPaint(label, lambda: calls.append(1), fallback_ms=50)
    qtbot.wait_until(lambda: bool(calls), timeout=5_000)
    assert calls == [1]
    assert not waiter.pending


def test_held_tasks_start_only_when_released(qtbot: QtBot) -> None:
    runner = TaskRunner()
    ran: list[str] = []
    results: list[TaskResult] = []
    runner.hold()
    runner.run(lambda: ran.append("keyring") or "checked", results.append)
    assert runner.wait(5_000)  # joins what runs: the held task has not started
    assert ran == []
    runner.release()
    qtbot.wait_until(lambda: bool(results), timeout=5_000)
    assert ran == ["keyring"]
    assert results[0].value == "checked"


def test_a_readiness_check_lets_only_a_paint_with_posts_count(qtbot: QtBot) -> None:
    model = QStringListModel()
    view = QListView()
    view.setModel(model)
    qtbot.addWidget(view)
    calls: list[int] = []
    waiter = AfterFirstPaint(
        view.viewport(),
        lambda: calls.append(model.rowCount()),
        fallback_ms=60_000,
        ready=lambda: model.rowCount() > 0,
    )
    view.show()
    qtbot.wait_exposed(view)
    view.viewport().repaint()
    QApplication.processEvents()
    assert waiter.pending  # painted, but empty
    model.setStringList(["first post", "second post"])
    view.viewport().repaint()
    qtbot.wait_until(lambda: bool(calls), timeout=5_000)
    assert calls == [2]


def test_the_window_waits_for_the_posts_of_a_page_it_asked_for(
    qtbot: QtBot, tmp_path: Path, demo: DemoOrg
) -> None:
    services = make_services(tmp_path / "p", demo)
    save_account(services, demo, demo.users[0])
    with open_root(qtbot, services) as root:
        window = root.window
        seen: list[int] = []
        waiter = wait_for_first_view(
            window, lambda: seen.append(window.feed.model.item_count), page_asked=True
        )
        qtbot.wait_until(lambda: bool(seen), timeout=15_000)
        assert seen[0] > 0  # ran only once posts were on screen
        assert isinstance(waiter, AfterFirstPaint)
        assert not waiter.pending
        other: list[bool] = []
        wait_for_first_view(window, lambda: other.append(True), page_asked=False)
        window.repaint()
        qtbot.wait_until(lambda: bool(other), timeout=5_000)
