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

if TYPE_CHECKING:
    from desktop_app.ui.app.parts import AppParts

RESOURCES = Path(__file__).resolve().parents[3] / "resources"


def resources_dir() -> Path:
    """Where icons and the style sheet are: beside the package, or inside a frozen build."""
    frozen = getattr(sys, "_MEIPASS", None)
    return Path(frozen) / "resources" if frozen else RESOURCES


def make_application() -> QApplication:
    """The QApplication, prepared so QtWebEngine can still be loaded later on demand."""
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
    style = resources_dir() / "style.qss"
    if style.exists():
        app.setStyleSheet(style.read_text(encoding="utf-8"))
    return app


def prefetch_first_page(parts: AppParts) -> None:
    """Ask for the first account's first feed page now, while the window is being built, if none was kept.

    With a page kept from the last run the window shows that at once, and the live page is asked for when
    the feed comes up; asking earlier would only compete with building the window.
    """
    # Loaded after the QApplication exists, in the order start-up needs them (see startupreport).
    from desktop_app.api.models import FEED_PAGE_SIZE
    from desktop_app.api.operations import NewsFeed
    from desktop_app.auth.network import ProxyMode
    from desktop_app.storage.networksettings import load_network

    saved = load_network(parts.settings)
    if saved.proxy.mode is not ProxyMode.SYSTEM or saved.extra_ca_file:
        return  # a proxy or CA of the person's own applies with the window; the feed asks for its page then
    key = parts.book.first_to_open()
    if key is not None and not parts.feed_cache.path(key).exists():
        parts.api.prefetch(key, NewsFeed(None, FEED_PAGE_SIZE))


def run(args: argparse.Namespace, paths: Paths) -> int:
    """Show the main window and run the event loop."""
    # Start-up is measured from here; Qt and the window modules load below, in order.
    from desktop_app.ui.app import startupreport

    startupreport.mark("qt_loaded")
    app = make_application()
    if args.self_check:
        # --self-check only: it loads the web engine, which a normal start defers.
        from desktop_app.ui.app.selfcheck import self_check

        return self_check(paths)

    # Imported after the QApplication exists and only when the window is wanted.
    from desktop_app.ui.app.singleinstance import SingleInstance

    instance = SingleInstance(paths.instance_socket_name)
    if instance.hand_over({"sign_in": args.sign_in}):
        print(f"{APP_NAME} is already running for this profile; switched to it.")
        return 0
    instance.listen()

    # The parts import the worker and task modules: only after the single-instance check.
    from desktop_app.ui.app.parts import AppParts

    parts = AppParts.open(paths, client_id=args.client_id, parent=app)
    demo_problem = ""
    if args.demo:
        try:
            demo = parts.start_demo()
        except OSError as exc:  # its saved ports are taken, most likely by another copy of the demo org
            demo_problem = f"The demo org could not start: {exc}"
        else:
            if args.demo_activity:
                demo.start_activity(args.demo_activity)
    prefetch_first_page(parts)
    startupreport.mark("first_page_asked")
    # The window modules load last, once the first page has been asked for.
    from desktop_app.ui.app.composition import Composition

    root = Composition(parts)
    window = root.window
    startupreport.mark("window_built")
    instance.activated.connect(root.handle_second_launch)
    if startupreport.enabled():
        startupreport.watch(window.feed)
    root.restore()
    if demo_problem:
        window.messages.show_error(demo_problem)
    window.show()
    startupreport.mark("window_shown")
    gcpolicy.tune_after_start_up()
    if args.sign_in:
        root.open_sign_in(args.sign_in)
    elif args.demo and not demo_problem and not parts.book.accounts:
        root.try_demo()
    code = app.exec()
    log.app.info("quitting")
    instance.close()
    parts.close()
    return int(code)
