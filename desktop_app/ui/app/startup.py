"""The Qt side of start-up: QApplication, single instance, services, the main window; and --self-check."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtGui import QIcon
from PySide6.QtWidgets import QApplication

from desktop_app import APP_NAME, __version__, gcpolicy, log
from desktop_app.paths import Paths
from desktop_app.storage import settings as keys

if TYPE_CHECKING:
    from collections.abc import Callable

    from PySide6.QtCore import QObject

    from desktop_app.accounts.earlypage import EarlyPage
    from desktop_app.ui.app.composition import Composition
    from desktop_app.ui.app.parts import AppParts
    from desktop_app.ui.app.singleinstance import SingleInstance
    from desktop_app.ui.window.mainwindow import MainWindow

RESOURCES = Path(__file__).resolve().parents[3] / "resources"
# How long start-up without a kept page lets the page's worker load the HTTP stack and the keyring before
# building the window (ApiService.wait_for_a_client): about a tenth of a second; longer only on a slow disk.
FIRST_CLIENT_WAIT_S = 0.5


def resources_dir() -> Path:
    """Where icons and the style sheet are: beside the package, or inside a frozen build."""
    frozen = getattr(sys, "_MEIPASS", None)
    return Path(frozen) / "resources" if frozen else RESOURCES


def make_application() -> QApplication:
    """The QApplication, prepared so QtWebEngine can still be loaded later on demand.

    It has no style sheet: the app's few accents are set on their own widgets (see ``ui/shared/accents``).
    """
    existing = QApplication.instance()
    if isinstance(existing, QApplication):
        return existing
    # QtWebEngine needs shared OpenGL contexts set before the application exists; importing it here instead
    # would cost start-up time and memory that only the sign-in dialog needs.
    QCoreApplication.setAttribute(Qt.ApplicationAttribute.AA_ShareOpenGLContexts)
    app = QApplication(sys.argv[:1])
    app.setApplicationName(APP_NAME)
    app.setApplicationDisplayName(APP_NAME)
    app.setApplicationVersion(__version__)
    app.setOrganizationName("Connect Desktop")
    app.setDesktopFileName("connect-desktop")
    icon = resources_dir() / "icons" / "connect-desktop.svg"
    if icon.exists():
        app.setWindowIcon(QIcon(str(icon)))
    return app


def prefetch_first_page(parts: AppParts, early: EarlyPage | None = None) -> bool:
    """Ask for the first account's first feed page now, while the window is being built, if none was kept;
    True when it was asked for.

    With a page kept from the last run the window shows that at once, and the live page is asked for when
    the feed comes up; asking earlier would only compete with building the window. ``early`` is the helper
    process start-up forked for the same page, if any: its answer is taken instead of asking again.
    """
    # Loaded after the QApplication exists, in the order start-up needs them (see startupreport).
    from desktop_app.feed.firstpage import first_page_read

    key = parts.book.first_to_open()
    read = first_page_read(key, parts.settings, parts.feed_cache)
    if early is not None and (early.account_key != key or early.read != read):
        early.cancel()
        early = None
    if key is None or read is None:
        return False
    parts.api.prefetch(key, read, early=early)
    return True


def wait_for_first_view(window: MainWindow, then: Callable[[], None], *, page_asked: bool) -> QObject:
    """Run ``then`` once the window first shows what it opens on: the feed's first posts when their page was
    just asked for (what waits would compete with that page until its posts are on screen), else the
    window's first paint."""
    # Loaded with the window modules, once the first page has been asked for.
    from desktop_app.ui.app.firstpaint import AfterFirstPaint

    if page_asked:
        rows = window.feed.list_view
        return AfterFirstPaint(rows.viewport(), then, ready=lambda: window.feed.model.item_count > 0)
    return AfterFirstPaint(window, then)


def after_first_paint(parts: AppParts, root: Composition) -> None:
    """What waited for the window to be on screen: the composer, the workers' calls, and with no account yet
    (a sign-in is what comes next) the web engine's warm-up."""
    root.window.composer_host.build()
    parts.start_reader()
    parts.release_held_work()
    if not parts.book.accounts:
        root.sign_in.warm_up_soon()


def quit_app(window: MainWindow, app: QApplication) -> None:
    """Close the window (it saves its state) and end the event loop, even with the tray keeping it."""
    window.quit()
    app.quit()


def _start_demo(parts: AppParts, activity_s: float | None) -> str:
    """Start the built-in demo org (and its other people's activity if asked); what went wrong, or ""."""
    try:
        demo = parts.start_demo()
    except OSError as exc:  # its saved ports are taken, most likely by another copy of the demo org
        return f"The demo org could not start: {exc}"
    if activity_s:
        demo.start_activity(activity_s)
    return ""


def _single_instance(args: argparse.Namespace, paths: Paths) -> SingleInstance | None:
    """This profile's single instance, not listening yet; None when another instance runs and took over."""
    # Imported after the QApplication exists and only when the window is wanted.
    from desktop_app.ui.app.singleinstance import SingleInstance

    instance = SingleInstance(paths.instance_socket_name)
    if instance.hand_over({"sign_in": args.sign_in}):
        print(f"{APP_NAME} is already running for this profile; switched to it.")
        return None
    return instance


def run(args: argparse.Namespace, paths: Paths, early: EarlyPage | None = None) -> int:
    """Show the main window and run the event loop; ``early``: the first page's helper, if one was forked."""
    # Start-up is measured from here; Qt and the window modules load below, in order.
    from desktop_app.ui.app import startupreport

    startupreport.mark("qt_loaded")
    app = make_application()
    if args.self_check:
        # --self-check only: it loads the web engine, which a normal start defers.
        from desktop_app.ui.app.selfcheck import self_check

        return self_check(paths)

    instance = _single_instance(args, paths)
    if instance is None:
        if early is not None:
            early.cancel()
        return 0
    # Before listening: once anything can find this instance, SIGTERM or Ctrl+C ends it cleanly.
    from desktop_app.ui.app.quitsignals import QuitOnSignals

    signals = QuitOnSignals(app.quit)
    instance.listen()

    # The parts import the worker and task modules: only after the single-instance check.
    from desktop_app.ui.app.parts import AppParts

    parts = AppParts.open(paths, client_id=args.client_id, parent=app)
    demo_problem = _start_demo(parts, args.demo_activity) if args.demo else ""
    asked = prefetch_first_page(parts, early)
    if asked and (early is None or early.cancelled):
        parts.api.wait_for_a_client(FIRST_CLIENT_WAIT_S)
    # All accounts shows no single feed: its posts come with every account's pages.
    page_asked = asked and parts.settings.get(keys.SHOW_ALL_ACCOUNTS) is not True
    startupreport.mark("first_page_asked")
    # Everything else the workers and tasks are asked for starts once the window has painted.
    parts.api.hold()
    parts.tasks.hold()
    # The window modules load last, once the first page has been asked for.
    from desktop_app.ui.app.composition import Composition

    startupreport.mark("window_modules_loaded")
    root = Composition(parts)
    window = root.window
    startupreport.mark("window_built")
    instance.activated.connect(root.handle_second_launch)
    if startupreport.enabled():
        startupreport.watch(window.feed)
    root.restore()
    startupreport.mark("restored")
    if demo_problem:
        window.messages.show_error(demo_problem)
    wait_for_first_view(window, lambda: after_first_paint(parts, root), page_asked=page_asked)
    signals.quit_app = lambda: quit_app(window, app)
    window.show()
    startupreport.mark("window_shown")
    gcpolicy.tune_after_start_up()
    if args.sign_in:
        root.open_sign_in(args.sign_in)
    elif args.demo and not demo_problem and not parts.book.accounts:
        root.try_demo()
    code = app.exec()
    log.app.info("quitting")
    signals.close()
    instance.close()
    parts.close()
    return int(code)
