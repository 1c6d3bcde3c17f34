"""The composer's words and switches for each state of the post being written."""

from __future__ import annotations

from typing import Any

from hypothesis import given
from hypothesis import strategies as st

from desktop_app.feed.composerstatus import MAX_CHARS, POST_TIP, composer_status
from desktop_app.feed.writecheck import Phase


def _status(**changes: Any) -> Any:
    values: dict[str, Any] = {
        "phase": None,
        "text": "Hello",
        "pending": "",
        "where": "",
        "error": "",
        "notice": "",
        "reason": "",
        "uploading": False,
        "has_account": True,
    }
    values.update(changes)
    return composer_status(**values)


def test_a_fresh_draft_posts() -> None:
    status = _status()
    assert (status.button_text, status.button_enabled, status.button_tip) == ("Post", True, POST_TIP)
    assert status.count_text == "5 / 10,000"
    assert status.count_visible
    assert not status.busy
    assert status.message == ""


def test_nothing_to_send_without_words_or_an_account() -> None:
    assert not _status(text="   \n").button_enabled
    assert not _status(has_account=False).button_enabled


def test_posting_to_a_group_names_it_as_plain_text() -> None:
    status = _status(where="Post to <b>Crew</b> & Co")
    assert status.button_text == "Post to <b>Crew</b> & Co"
    assert "&lt;b&gt;" in status.button_tip
    long_name = _status(where="Post to " + "Very long group name " * 3)
    assert len(long_name.button_text) == 32
    assert long_name.button_text.endswith("…")


def test_sending_checking_and_uploading_lock_the_button() -> None:
    for phase, words in ((Phase.SENDING, "Posting…"), (Phase.CHECKING, "Checking…")):
        status = _status(phase=phase)
        assert status.busy
        assert status.button_text == words
        assert not status.button_enabled
    uploading = _status(uploading=True)
    assert uploading.busy
    assert uploading.button_text == "Uploading…"


def test_a_post_that_did_not_go_is_retried_only_with_the_same_words() -> None:
    failed = _status(phase=Phase.NOT_STORED, text="Hello  world", pending="Hello world", reason="HTTP 500")
    assert failed.button_text == "Retry"
    assert failed.button_tip == "Send it again (Ctrl+Enter)"
    assert failed.message_tip == "HTTP 500"
    assert _status(phase=Phase.NOT_STORED, text="Something new", pending="Hello world").button_text == "Post"
    unknown = _status(phase=Phase.UNKNOWN, text="anything")
    assert unknown.button_text == "Retry"
    assert unknown.button_tip.startswith("Check whether your last post reached the org")


def test_too_long_says_by_how_much_and_fails() -> None:
    status = _status(text="x" * (MAX_CHARS + 12))
    assert status.over
    assert status.failing
    assert not status.button_enabled
    assert status.message == "That's 12 characters too long."
    assert status.count_visible


def test_a_message_hides_the_count_unless_the_count_is_the_problem() -> None:
    assert not _status(error="The org refused the post.").count_visible
    noticed = _status(notice="Posted.", text="x" * (MAX_CHARS + 1))
    assert noticed.count_visible
    assert noticed.message == "Posted."
    assert not noticed.failing


@given(
    phase=st.one_of(st.none(), st.sampled_from(list(Phase))),
    text=st.text(max_size=40),
    uploading=st.booleans(),
    has_account=st.booleans(),
)
def test_the_button_never_sends_while_busy_or_empty(
    phase: Phase | None, text: str, uploading: bool, has_account: bool
) -> None:
    status = _status(phase=phase, text=text, uploading=uploading, has_account=has_account)
    if status.button_enabled:
        assert not status.busy
        assert has_account
        assert text.strip()
    assert status.busy == (uploading or phase in (Phase.SENDING, Phase.CHECKING))
