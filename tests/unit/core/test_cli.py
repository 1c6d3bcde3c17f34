"""The command line: --version, --help, and a README that documents exactly the options the parser has."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

from desktop_app import __version__
from desktop_app.cli import build_parser

README = Path(__file__).resolve().parents[3] / "README.md"


def _parser_options() -> set[str]:
    return {
        option
        for action in build_parser()._actions
        for option in action.option_strings
        if option.startswith("--") and option != "--help"
    }


def test_readme_documents_every_option_and_no_other() -> None:
    text = README.read_text(encoding="utf-8")
    table = set(re.findall(r"^\| `(--[a-z-]+)", text, flags=re.MULTILINE))
    assert table == _parser_options()
    synopsis = next(line for line in text.splitlines() if line.startswith("connect-desktop ["))
    assert set(re.findall(r"--[a-z-]+", synopsis)) == _parser_options()


def test_readme_quick_start_is_make_demo_then_make_test() -> None:
    text = README.read_text(encoding="utf-8")
    block = text.split("## Quick start", 1)[1].split("```", 2)[1]
    commands = [line.split("#")[0].strip() for line in block.splitlines()[1:] if line.strip()]
    assert commands == ["make demo", "make test"]


def test_version_and_help_run_without_qt() -> None:
    out = subprocess.run(
        [sys.executable, "-m", "desktop_app", "--version"], capture_output=True, text=True, check=True
    )
    assert out.stdout.strip() == f"connect-desktop {__version__}"
    help_text = subprocess.run(
        [sys.executable, "-m", "desktop_app", "--help"], capture_output=True, text=True, check=True
    ).stdout
    for option in _parser_options():
        assert option in help_text
