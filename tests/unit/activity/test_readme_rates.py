"""The README's "How often Connect Desktop asks your org" says what the schedule's constants do."""

from __future__ import annotations

from pathlib import Path

from desktop_app.activity.schedule import (
    INTERVALS_S,
    MAX_BACKOFF_S,
    MAX_REQUESTS_PER_HOUR,
    SLOW_AT_USAGE,
    SLOW_FACTOR,
    STOP_AT_USAGE,
    Place,
    Watch,
)

README = Path(__file__).resolve().parents[3] / "README.md"


def test_the_readme_paragraph_matches_the_constants() -> None:
    text = README.read_text(encoding="utf-8").split("### How often Connect Desktop asks your org", 1)[1]
    paragraph = " ".join(text.split("\n## ", 1)[0].split())
    minutes = {key: None if value is None else round(value / 60) for key, value in INTERVALS_S.items()}
    assert f"To Me feed is asked every {minutes[(Place.BACKGROUND, Watch.TO_ME)]} minutes" in paragraph
    assert f"news feed every {minutes[(Place.BACKGROUND, Watch.NEWS)]}" in paragraph
    hidden = f"every {minutes[(Place.HIDDEN, Watch.TO_ME)]} and {minutes[(Place.HIDDEN, Watch.NEWS)]} minutes"
    assert hidden in paragraph
    assert f"more than {MAX_REQUESTS_PER_HOUR} times in any hour" in paragraph
    assert f"up to {round(MAX_BACKOFF_S / 60)} minutes" in paragraph
    assert f"above {round(SLOW_AT_USAGE * 100)} %" in paragraph
    assert f"above {round(STOP_AT_USAGE * 100)} %" in paragraph
    assert {2: "twice", 4: "four times"}[int(SLOW_FACTOR)] in paragraph
