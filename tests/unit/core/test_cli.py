"""The command line: --version, --help, and a README that documents exactly the options the parser has."""

from __future__ import annotations

import argparse
import configparser
import re
import shlex
import subprocess
import sys
from pathlib import Path

import pytest

from desktop_app import __version__
from desktop_app.cli import build_parser

ROOT = Path(__file__).resolve().parents[3]
README = ROOT / "README.md"
DESKTOP_ENTRY = ROOT / "resources" / "connect-desktop.desktop"
# What a desktop environment puts in place of each field code of an Exec line (Desktop Entry Specification).
FIELD_CODES = {
    "%U": ["https://acme.my.salesforce.com/", "file:///home/someone/notes.txt"],
    "%u": ["https://acme.my.salesforce.com/"],
    "%F": ["/home/someone/notes.txt"],
    "%f": ["/home/someone/notes.txt"],
    "%i": ["--icon", "connect-desktop"],
    "%c": ["Connect Desktop"],
    "%k": [str(DESKTOP_ENTRY)],
}


def _parser_options() -> set[str]:
    """The options people use (not --help, nor the hidden one the app starts its page reader with)."""
    return {
        option
        for action in build_parser()._actions
        for option in action.option_strings
        if option.startswith("--") and option != "--help" and action.help != argparse.SUPPRESS
    }


def test_the_page_reader_option_is_hidden_and_takes_a_descriptor() -> None:
    assert "--page-reader" not in build_parser().format_help()
    assert build_parser().parse_args(["--page-reader", "7"]).page_reader == 7


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


def test_the_desktop_entry_launches_with_arguments_the_command_line_accepts() -> None:
    entry = configparser.ConfigParser(interpolation=None)
    entry.read(DESKTOP_ENTRY, encoding="utf-8")
    program, *arguments = shlex.split(entry["Desktop Entry"]["Exec"])
    assert program == "connect-desktop"
    expanded = [value for argument in arguments for value in FIELD_CODES.get(argument, [argument])]
    build_parser().parse_args(expanded)  # SystemExit (exit code 2) if the launcher passed anything it rejects


@pytest.mark.parametrize("level", ["debug", "DEBUG", "Info", "warning", "ERROR"])
def test_log_level_in_any_case(level: str) -> None:
    assert build_parser().parse_args(["--log-level", level]).log_level == level.upper()


def test_unknown_log_levels_are_still_refused(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit):
        build_parser().parse_args(["--log-level", "verbose"])
    assert "invalid choice" in capsys.readouterr().err
