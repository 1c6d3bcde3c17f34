"""Start-up: command line, logging, environment for Qt and QtWebEngine, services, the main window."""

from __future__ import annotations

import os
import sys
from collections.abc import Sequence

from desktop_app import APP_NAME, __version__, gcpolicy, log
from desktop_app.cli import build_parser
from desktop_app.paths import Paths


def prepare_environment() -> None:
    """Environment QtWebEngine reads when it starts: it must be set before any Qt module loads."""
    if hasattr(os, "geteuid") and os.geteuid() == 0 and not os.environ.get("QTWEBENGINE_DISABLE_SANDBOX"):
        # Chromium refuses to run as root with its sandbox on ("Running as root without --no-sandbox").
        os.environ["QTWEBENGINE_DISABLE_SANDBOX"] = "1"
        log.app.warning("running as root: the web engine's sandbox is off for this run")


def main(argv: Sequence[str] | None = None) -> int:
    """Run Connect Desktop; returns the process exit code."""
    gcpolicy.pause_during_start_up()
    args = build_parser().parse_args(argv)
    paths = Paths.for_profile(args.profile) if args.profile else Paths.default()
    paths.ensure()
    log.setup_logging(args.log_level, paths.log_dir)
    log.app.info("%s %s starting (profile: %s)", APP_NAME, __version__, paths.profile_dir or "default")
    prepare_environment()

    from desktop_app.ui.app.startup import run  # Qt loads only after the environment is ready

    return run(args, paths)


if __name__ == "__main__":
    sys.exit(main())
