"""One-shot background tasks: run a plain function on a pool thread, get its result back as a signal."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import msgspec
from PySide6.QtCore import QObject, QRunnable, QThreadPool, Signal, Slot

from desktop_app import log


class TaskResult(msgspec.Struct, frozen=True):
    """What a finished task returned (``value``) or raised (``error``)."""

    value: Any = None
    error: BaseException | None = None


class Task(QObject):
    """A handle on one background call (signals: finished(TaskResult)).

    The handle lives on the GUI thread; the call runs on a pool thread and its outcome crosses back through
    a queued signal, so slots connected to ``finished`` always run on the GUI thread.
    """

    finished = Signal(object)

    def __init__(self, fn: Callable[[], Any], parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._fn = fn
        self.cancelled = False

    def cancel(self) -> None:
        """Drop the outcome when it arrives (the call itself cannot be interrupted)."""
        self.cancelled = True

    def _run(self) -> None:
        try:
            result = TaskResult(value=self._fn())
        except Exception as exc:  # every failure is handed to the caller, who turns it into words
            log.ui.debug("background task failed: %s", type(exc).__name__)
            result = TaskResult(error=exc)
        self._deliver.emit(result)

    _deliver = Signal(object)

    @Slot(object)
    def _on_deliver(self, result: TaskResult) -> None:
        if not self.cancelled:
            self.finished.emit(result)
        self.deleteLater()


class _Runnable(QRunnable):
    def __init__(self, task: Task) -> None:
        super().__init__()
        self._task = task

    def run(self) -> None:
        self._task._run()


class TaskRunner(QObject):
    """Runs tasks on a private thread pool; ``wait()`` joins them at shutdown."""

    def __init__(self, parent: QObject | None = None, max_threads: int = 4) -> None:
        super().__init__(parent)
        self._pool = QThreadPool(self)
        self._pool.setMaxThreadCount(max_threads)
        self._held: list[_Runnable] | None = None

    def run(self, fn: Callable[[], Any], on_finished: Callable[[TaskResult], None]) -> Task:
        """Start ``fn`` in the background; ``on_finished`` is called on the GUI thread with its outcome."""
        task = Task(fn, self)
        task._deliver.connect(task._on_deliver)
        task.finished.connect(on_finished)
        if self._held is not None:
            self._held.append(_Runnable(task))
        else:
            self._pool.start(_Runnable(task))
        return task

    def hold(self) -> None:
        """Start no task until ``release`` (while the window is first painted; see ``ApiService.hold``)."""
        if self._held is None:
            self._held = []

    def release(self) -> None:
        """Start the tasks held back, in the order they were asked for."""
        held, self._held = self._held or [], None
        for runnable in held:
            self._pool.start(runnable)

    def wait(self, msecs: int = 10_000) -> bool:
        """Block until every running task is done (used when quitting); tasks held back are not waited for."""
        return bool(self._pool.waitForDone(msecs))
