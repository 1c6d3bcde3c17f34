"""The command line: one parser, used by ``connect-desktop`` and quoted by the README."""

from __future__ import annotations

import argparse
from pathlib import Path

from desktop_app import APP_NAME, __version__

LOG_LEVELS = ("DEBUG", "INFO", "WARNING", "ERROR")


def build_parser() -> argparse.ArgumentParser:
    """The parser for ``connect-desktop``."""
    parser = argparse.ArgumentParser(
        prog="connect-desktop",
        description=f"{APP_NAME}: your Salesforce Chatter feed and profile, across every org you use.",
    )
    parser.add_argument(
        "--demo",
        action="store_true",
        help="start the built-in demo org on 127.0.0.1 and offer it as a login host (no org needed)",
    )
    parser.add_argument(
        "--demo-activity",
        metavar="SECONDS",
        type=float,
        default=None,
        help="with --demo: every SECONDS other demo users post, comment and @-mention you",
    )
    parser.add_argument(
        "--sign-in",
        metavar="HOST",
        help="open the sign-in dialog at start: 'production', 'sandbox', 'demo' or a My Domain URL",
    )
    parser.add_argument(
        "--profile",
        metavar="DIR",
        type=Path,
        help="keep all state under DIR, with a keyring namespace of its own (portable use, tests)",
    )
    parser.add_argument("--client-id", metavar="ID", help="the consumer key of your connected app")
    parser.add_argument(
        "--log-level",
        metavar="LEVEL",
        type=str.upper,  # applied before the choices are checked, so "debug" is DEBUG
        choices=LOG_LEVELS,
        default="INFO",
        help="DEBUG, INFO, WARNING or ERROR (any case)",
    )
    parser.add_argument(
        "--self-check",
        action="store_true",
        help=(
            "print a JSON report (versions, keyring backend, web engine, page reader) "
            "and exit 0 only if all is well"
        ),
    )
    # The app starts itself with this to read feed pages in a process of their own (accounts/pagereader.py).
    parser.add_argument("--page-reader", metavar="FD", type=int, help=argparse.SUPPRESS)
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    return parser
