"""Work left for after the first paint runs once, after the window painted (or after a fallback wait)."""

from __future__ import annotations

from PySide6.QtWidgets import QLabel
from pytestqt.qtbot import QtBot

from desktop_app.ui.app.firstpaint import AfterFirstPaint
from desktop_app.ui.app.tasks import TaskResult, TaskRunner


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
