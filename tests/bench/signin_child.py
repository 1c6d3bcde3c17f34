"""One timed opening of the sign-in page, run as a child process: the app's dialog or a bare web view.

``python -m tests.bench.signin_child app|bare LOGIN_URL CLIENT_ID`` prints ``FORM <seconds>``: the time
from creating the dialog (or the bare view), QtWebEngine's import included, until the login form is shown.
"""

from __future__ import annotations

import sys
import time

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication

from desktop_app.auth.request import AuthorizeRequest
from desktop_app.ui.app.startup import make_application

FORM_SCRIPT = "document.readyState === 'complete' && !!document.getElementById('username')"


def main() -> int:
    """Open, wait for the login form, print the time, quit."""
    mode, login_url, client_id = sys.argv[1:4]
    app = make_application()
    started = time.perf_counter()
    if mode == "app":
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

        def page() -> object:
            return dialog.browser.page
    else:
        from PySide6.QtWebEngineWidgets import QWebEngineView

        view = QWebEngineView()
        view.resize(580, 700)
        view.load(AuthorizeRequest.new(login_url, client_id).url)
        view.show()

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
    QTimer.singleShot(60_000, QApplication.quit)
    app.exec()
    return 0


if __name__ == "__main__":
    sys.exit(main())
