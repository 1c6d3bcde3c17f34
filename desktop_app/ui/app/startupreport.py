"""Start-up measurement for ``make bench``: report when the first feed page is painted, then quit.

Enabled only by the environment variable CONNECT_DESKTOP_STARTUP_REPORT=1. The report is one line on stdout,
``STARTUP {json}``, with the seconds since the process started, the peak resident memory, and whether
QtWebEngine was loaded; CONNECT_DESKTOP_STARTUP_LINGER_MS keeps the app running that much longer.
"""

from __future__ import annotations

import json
import os
import resource
import sys
import time

from PySide6.QtCore import QCoreApplication, QEvent, QObject, QTimer
from PySide6.QtWidgets import QAbstractItemView, QApplication, QWidget

ENV = "CONNECT_DESKTOP_STARTUP_REPORT"
LINGER_ENV = "CONNECT_DESKTOP_STARTUP_LINGER_MS"


def enabled() -> bool:
    """True when the benchmark asked for a report."""
    return os.environ.get(ENV) == "1"


def process_age_s() -> float:
    """Seconds since this process started (Linux: from /proc; elsewhere: since this module loaded)."""
    try:
        with open("/proc/self/stat", encoding="ascii") as stat:
            start_ticks = int(stat.read().rsplit(")", 1)[1].split()[19])
        with open("/proc/uptime", encoding="ascii") as uptime:
            up = float(uptime.read().split()[0])
        return up - start_ticks / os.sysconf("SC_CLK_TCK")
    except (OSError, ValueError, IndexError):
        return time.monotonic() - _LOADED


_LOADED = time.monotonic()
# The process's age has the kernel clock's resolution (10 ms); marks count on from it with a finer clock.
_AGE_AT_LOAD = process_age_s()
_PERF_AT_LOAD = time.perf_counter()


_MARKS: dict[str, float] = {}


def mark(name: str) -> None:
    """Note how far start-up has come (reported with the first paint when a report was asked for)."""
    if enabled():
        _MARKS[name] = round(_AGE_AT_LOAD + time.perf_counter() - _PERF_AT_LOAD, 4)


def peak_rss_mib() -> float:
    """Peak resident set size of this process in MiB.

    Linux: VmHWM, this program's own peak. ru_maxrss would do elsewhere, but on Linux it carries over the
    RSS of the process that forked this one, which a benchmark running many children would report instead.
    """
    try:
        with open("/proc/self/status", encoding="ascii") as status:
            for line in status:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1]) / 1024
    except (OSError, ValueError, IndexError):
        pass
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


class FirstPaintReporter(QObject):
    """Watches a list view's viewport; on its first paint with rows, prints the report and quits."""

    def __init__(self, view: QAbstractItemView, minimum_rows: int = 2) -> None:
        super().__init__(view)
        self._view = view
        self._minimum_rows = minimum_rows
        self._done = False
        view.viewport().installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        """Report after the first paint that shows feed rows."""
        model = self._view.model()
        if (
            not self._done
            and event.type() == QEvent.Type.Paint
            and model is not None
            and model.rowCount() >= self._minimum_rows
        ):
            self._done = True
            # Off the viewport at once: a filter left on it would be called while the window is torn down
            # at exit, when its Python side may already be gone.
            watched.removeEventFilter(self)
            # Paint now, then report: the report marks the moment the posts are on screen, not whatever work
            # follows the paint (the live page replacing the saved one, photos).
            # Through sendEvent, so the scroll area's own viewport filter paints the rows (this filter now
            # lets the event pass, being done).
            QCoreApplication.sendEvent(watched, event)
            mark("first_feed_paint")
            self._report()
            return True
        return False

    def _report(self) -> None:
        report = {
            "first_feed_painted_s": round(process_age_s(), 4),
            "peak_rss_mib": round(peak_rss_mib(), 1),
            "webengine_loaded": any(m.startswith("PySide6.QtWebEngine") for m in sys.modules),
            "marks": _MARKS,
        }
        sys.stdout.write("STARTUP " + json.dumps(report) + "\n")
        sys.stdout.flush()
        # Lingering lets work started by the first paint (photos) finish before quitting.
        QTimer.singleShot(int(os.environ.get(LINGER_ENV, "0") or 0), QApplication.quit)


def watch(feed: QWidget) -> None:
    """Attach the reporter to the feed's list view."""
    view = feed.findChild(QAbstractItemView)
    if view is not None:
        FirstPaintReporter(view)
