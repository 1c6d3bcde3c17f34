"""The README's "demo org on its own" section documents exactly the options the demo org's parser has."""

from __future__ import annotations

import re
from pathlib import Path

from desktop_app.demo_org.__main__ import build_parser

README = Path(__file__).resolve().parents[3] / "README.md"


def test_readme_synopsis_lists_every_demo_org_option_and_no_other() -> None:
    section = (
        README.read_text(encoding="utf-8").split("## The demo org on its own", 1)[1].split("\n## ", 1)[0]
    )
    synopsis = section.split("```sh", 1)[1].split("```", 1)[0]
    options = {
        option
        for action in build_parser()._actions
        for option in action.option_strings
        if option.startswith("--") and option != "--help"
    }
    assert set(re.findall(r"--[a-z-]+", synopsis)) == options
    for option in ("--data", "--reset"):
        assert f"`{option}" in section, f"{option} is explained, not only listed"
