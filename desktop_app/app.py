"""Start-up: command line, logging, environment for Qt and QtWebEngine, services, the main window."""

from __future__ import annotations

import os
import sys
from collections.abc import Sequence
from typing import TYPE_CHECKING

from desktop_app import APP_NAME, __version__, gcpolicy, log
from desktop_app.cli import build_parser
from desktop_app.paths import Paths

if TYPE_CHECKING:
    from desktop_app.accounts.earlypage import EarlyPage


def prepare_environment() -> None:
    """Environment QtWebEngine reads when it starts: it must be set before any Qt module loads."""
    if hasattr(os, "geteuid") and os.geteuid() == 0 and not os.environ.get("QTWEBENGINE_DISABLE_SANDBOX"):
        # Chromium refuses to run as root with its sandbox on ("Running as root without --no-sandbox").
        os.environ["QTWEBENGINE_DISABLE_SANDBOX"] = "1"
        log.app.warning("running as root: the web engine's sandbox is off for this run")


def start_early_page(paths: Paths, client_id_override: str | None) -> EarlyPage | None:
    """Fork the helper that asks for the first feed page while the window is built, when this start has
    no page kept from the last run and may fork (``accounts/earlypage.py``); else None."""
    # Loaded only for a normal start: the accounts, the feed's places and the caches the window needs anyway.
    from desktop_app.accounts import earlypage
    from desktop_app.feed.firstpage import first_page_read

    if not earlypage.can_fork(paths):
        return None
    book = earlypage.open_book(paths, client_id_override)
    key = book.first_to_open()
    read = first_page_read(key, book.settings, book.feed_cache)
    if key is None or read is None:
        return None
    return earlypage.fork_helper(book, key, read)


def main(argv: Sequence[str] | None = None) -> int:
    """Run Connect Desktop; returns the process exit code."""
    gcpolicy.pause_during_start_up()
    args = build_parser().parse_args(argv)
    if args.page_reader is not None:
        # The app started this process as its page reader: no window, no logging, no profile of its own.
        from desktop_app.accounts import pagereader

        return pagereader.serve(args.page_reader)
    paths = Paths.for_profile(args.profile) if args.profile else Paths.default()
    paths.ensure()
    log.setup_logging(args.log_level, paths.log_dir)
    log.app.info("%s %s starting (profile: %s)", APP_NAME, __version__, paths.profile_dir or "default")
    prepare_environment()
    # Forked before Qt loads and before any thread starts.
    early = None if args.demo or args.sign_in or args.self_check else start_early_page(paths, args.client_id)

    # Qt loads only after the environment is ready. PySide6 looks at every module imported after it; its
    # look is made cheap before Qt's own modules and the window's load (see importcheck).
    import PySide6  # noqa: F401

    from desktop_app.ui.app import importcheck

    importcheck.install()
    # Qt and the window's modules.
    from desktop_app.ui.app.startup import run

    return run(args, paths, early)


if __name__ == "__main__":
    sys.exit(main())
