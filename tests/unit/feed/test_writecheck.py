"""A write is sent once; a lost answer leads to a check; only a check that finds nothing allows a resend."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from desktop_app.api.errors import ApiError, ConnectionDropped, NetworkError, RateLimited
from desktop_app.feed.writecheck import CheckedWrite, CheckedWrites, Phase, WriteKind, answer_lost

URL = "https://acme.my.salesforce.com/services/data/v66.0/chatter/feed-elements"
SENT = datetime(2026, 1, 5, 11, 6, 7, tzinfo=UTC)


@dataclass(frozen=True)
class Done:
    value: Any = None
    error: BaseException | None = None


@dataclass(frozen=True)
class Send:
    text: str


@dataclass(frozen=True)
class Check:
    text: str
    sent_at: datetime


class Org:
    """Runs operations when the test says so; keeps what was asked, in order."""

    def __init__(self) -> None:
        self.asked: list[Any] = []
        self._waiting: list[Callable[[Done], None]] = []

    def run(self, operation: Any, done: Callable[[Done], None]) -> None:
        self.asked.append(operation)
        self._waiting.append(done)

    def answer(self, value: Any = None, error: BaseException | None = None) -> None:
        self._waiting.pop(0)(Done(value, error))

    @property
    def sends(self) -> list[Send]:
        return [op for op in self.asked if isinstance(op, Send)]


LOST = ConnectionDropped(None, "dropped", "RemoteDisconnected", URL, maybe_applied=True)
REFUSED = NetworkError(None, "network", "ConnectionRefusedError", URL)
LIMIT = RateLimited(503, "REQUEST_LIMIT_EXCEEDED", "limit", URL)


def make() -> tuple[CheckedWrite[str], Org, list[Phase]]:
    org = Org()
    phases: list[Phase] = []
    write: CheckedWrite[str] = CheckedWrite(
        WriteKind.POST, org.run, lambda w: phases.append(w.phase), clock=lambda: SENT
    )
    return write, org, phases


def submit(write: CheckedWrite[str], text: str) -> bool:
    return write.submit(Send(text), lambda sent_at: Check(text, sent_at))


def test_an_answered_write_is_stored_with_no_check() -> None:
    write, org, phases = make()
    assert submit(write, "hi")
    org.answer("0D5a")
    assert phases == [Phase.SENDING, Phase.STORED]
    assert write.value == "0D5a"
    assert not write.found_by_check
    assert org.asked == [Send("hi")]


def test_a_definite_failure_is_failed_and_the_next_submit_sends() -> None:
    write, org, _phases = make()
    submit(write, "hi")
    org.answer(error=REFUSED)
    assert write.phase is Phase.FAILED
    assert write.message() == f"Your post wasn't sent. {REFUSED.user_message}"
    submit(write, "hi")
    assert org.asked == [Send("hi"), Send("hi")]


def test_a_lost_answer_is_checked_and_a_found_write_is_stored() -> None:
    write, org, phases = make()
    submit(write, "hi")
    org.answer(error=LOST)
    assert write.phase is Phase.CHECKING
    assert write.message() == "Checking whether your post reached acme.my.salesforce.com…"
    assert write.message(org="Acme") == "Checking whether your post reached Acme…"
    assert not submit(write, "hi"), "nothing is sent while a check is under way"
    org.answer("0D5found")
    assert phases == [Phase.SENDING, Phase.CHECKING, Phase.STORED]
    assert write.found_by_check
    assert write.value == "0D5found"
    assert org.asked == [Send("hi"), Check("hi", SENT)]
    assert write.message(org="Acme").startswith("Posted: your post reached Acme")


def test_a_lost_write_not_found_is_not_stored_and_retry_sends_once() -> None:
    write, org, _ = make()
    submit(write, "hi")
    org.answer(error=LOST)
    org.answer(None)
    assert write.phase is Phase.NOT_STORED
    assert write.retrying
    assert write.message("Acme", {Phase.NOT_STORED: "Retry sends it once."}) == (
        "Not posted: Acme doesn't have your post. Retry sends it once."
    )
    assert write.reason == LOST.user_message
    submit(write, "hi")
    org.answer("0D5b")
    assert org.sends == [Send("hi"), Send("hi")]
    assert write.phase is Phase.STORED
    assert not write.found_by_check


def test_a_failed_check_keeps_the_fate_unknown_and_retry_checks_before_sending() -> None:
    write, org, _ = make()
    submit(write, "hi")
    org.answer(error=LOST)
    org.answer(error=LIMIT)
    assert write.phase is Phase.UNKNOWN
    assert write.message("Acme") == f"Couldn't check whether your post reached Acme. {LIMIT.user_message}"
    submit(write, "hi")
    assert org.asked[-1] == Check("hi", SENT), "the earlier write is looked for first"
    org.answer("0D5found")
    assert write.phase is Phase.STORED
    assert write.found_by_check
    assert org.sends == [Send("hi")]


def test_after_an_unknown_fate_a_write_that_is_not_there_is_sent_then() -> None:
    write, org, _ = make()
    submit(write, "hi")
    org.answer(error=LOST)
    org.answer(error=LIMIT)
    submit(write, "hi again")
    org.answer(None)
    assert write.phase is Phase.SENDING
    assert org.sends == [Send("hi"), Send("hi again")]
    org.answer(error=LOST)
    assert org.asked[-1] == Check("hi again", SENT)


@pytest.mark.parametrize(
    ("error", "lost"),
    [
        (LOST, True),
        (REFUSED, False),
        (LIMIT, False),
        (ApiError(500, None, "", URL, maybe_applied=True), True),
    ],
)
def test_only_errors_that_may_hide_a_stored_write_are_checked(error: ApiError, lost: bool) -> None:
    assert answer_lost(error) is lost
    assert not answer_lost(ValueError("a bug"))


answers = st.lists(st.sampled_from(["ok", "lost", "refused", "found", "absent", "check fails"]), max_size=30)


@given(answers)
def test_never_two_sends_without_knowing_the_first_is_not_stored(script: list[str]) -> None:
    """Whatever the org does, a send follows a send only once the first is known not to be stored."""
    write, org, _ = make()
    maybe_stored = False  # an earlier send's answer was lost and nobody found out yet
    for step in script:
        before, risky = len(org.sends), maybe_stored
        if not write.busy:
            submit(write, "same words")
        elif write.phase is Phase.SENDING:
            if step in ("lost", "found", "absent", "check fails"):
                maybe_stored = True
                org.answer(error=LOST)
            else:
                org.answer(error=REFUSED) if step == "refused" else org.answer("0D5")
        elif step == "check fails":
            org.answer(error=LIMIT)
        else:
            risky = maybe_stored = False  # the check tells: stored and shown, or not there
            org.answer("0D5" if step == "found" else None)
        if len(org.sends) > before:
            assert not risky, "sent again while an earlier send may be stored"


def test_places_keep_their_own_writes_until_cleared() -> None:
    org = Org()
    seen: list[tuple[str, Phase]] = []
    writes = CheckedWrites(org.run)
    like = writes.get("0D5a", WriteKind.LIKE, lambda place, w: seen.append((place, w.phase)))
    assert writes.get("0D5a", WriteKind.LIKE, lambda place, w: None) is like
    assert writes.get("0D5a", WriteKind.COMMENT, lambda place, w: None) is not like
    like.submit(Send("like"), lambda sent_at: Check("like", sent_at))
    assert seen == [("0D5a", Phase.SENDING)]
    writes.clear()
    assert writes.get("0D5a", WriteKind.LIKE, lambda place, w: None) is not like
