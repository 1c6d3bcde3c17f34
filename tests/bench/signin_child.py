"""One timed opening of the sign-in page, run as a child process: the app's dialog or a bare web view.

``python -m tests.bench.signin_child app|app-cold|bare LOGIN_URL CLIENT_ID`` prints ``FORM <seconds>``: the
time from creating the dialog (or the bare view) until the login form is shown. ``bare`` and ``app-cold``
include QtWebEngine's import and start; ``app`` opens the dialog as the app does when a sign-in is likely
(no account yet, or a session ended): the web engine was readied in idle time a moment before (as
``SignInController.warm_up_soon`` does), and the person asks to sign in a second later.
"""

from __future__ import annotations

import sys
import time

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication

from desktop_app.auth.request import AuthorizeRequest
from desktop_app.ui.app.startup import make_application

FORM_SCRIPT = "document.readyState === 'complete' && !!document.getElementById('username')"


# What the person does between the screen that invites a sign-in and clicking it: at least this long.
READING_MS = 1_000


def main() -> int:
    """Open, wait for the login form, print the time, quit."""
    mode, login_url, client_id = sys.argv[1:4]
    app = make_application()
    if mode == "app":
        from desktop_app.ui.signin.warmup import warm_up_web_engine

        warm_up_web_engine()
        QTimer.singleShot(READING_MS, lambda: measure(mode, login_url, client_id))
    else:
        QTimer.singleShot(0, lambda: measure(mode, login_url, client_id))
    QTimer.singleShot(60_000, QApplication.quit)
    app.exec()
    return 0


_OPEN: list[object] = []  # what is on screen, kept for the rest of the run


def measure(mode: str, login_url: str, client_id: str) -> None:
    """Open the dialog (or view) now and print the time once the login form is there."""
    started = time.perf_counter()
    if mode in ("app", "app-cold"):
        from desktop_app.ui.app.tasks import TaskRunner
        from desktop_app.ui.signin.signindialog import LoginHostChoice, SignInDialog

        tasks = TaskRunner()
        dialog = SignInDialog(
            hosts=[LoginHostChoice("Demo org", login_url)],
            client_id=client_id,
            tasks=tasks,
            initial_host=login_url,
        )
        dialog.show()
        _OPEN.extend((tasks, dialog))

        def page() -> object:
            return dialog.browser.page
    else:
        from PySide6.QtWebEngineWidgets import QWebEngineView

        view = QWebEngineView()
        view.resize(580, 700)
        view.load(AuthorizeRequest.new(login_url, client_id).url)
        view.show()
        _OPEN.append(view)

        def page() -> object:
            return view.page()

    def check() -> None:
        current = page()
        if current is None:
            QTimer.singleShot(5, check)
            return
        current.runJavaScript(FORM_SCRIPT, 0, answered)  # type: ignore[attr-defined]

    def answered(result: object) -> None:
        if result is True:
            print(f"FORM {time.perf_counter() - started:.4f}", flush=True)
            QApplication.quit()
        else:
            QTimer.singleShot(5, check)

    QTimer.singleShot(0, check)


if __name__ == "__main__":
    sys.exit(main())
