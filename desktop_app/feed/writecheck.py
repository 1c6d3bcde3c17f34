"""Writes that must not happen twice: each is sent once, and when its answer is lost the org is asked first.

A post, a comment or a like sent to a flaky org can be stored while the answer to it never arrives in a
readable state. Sending it again then makes a duplicate; saying "not sent" is wrong. So a write goes:

    SENDING ──answer──▶ STORED
       │ ──refused, or never left (error.maybe_applied is False)──▶ FAILED
       └──answer lost (maybe_applied)──▶ CHECKING ──found──▶ STORED (found_by_check)
                                            │ ──not there──▶ NOT_STORED
                                            └──check failed──▶ UNKNOWN

From FAILED or NOT_STORED the next ``submit`` sends once. From UNKNOWN it checks again first and sends only
when the earlier write is still not there. Nothing is re-sent on its own, and nothing is sent while a send
or a check is under way.

A kind of write plugs in with two operations: the write, and a check built from the send time that answers
with what the org stored (the write's own result type) or None. Post/FindMyPost, AddComment/FindMyComment
and LikeElement/LikeState do; a poll vote (PATCH of the poll capability, checked by reading the poll's
``myChoiceId``) and a file upload (checked by the user's newest files) plug in as VOTE and FILE the same way.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from datetime import UTC, datetime
from enum import Enum, StrEnum
from typing import Any, Generic, Protocol, TypeVar

from desktop_app.api.errors import ApiError
from desktop_app.errors import describe

T = TypeVar("T")
T_co = TypeVar("T_co", covariant=True)


class WriteKind(Enum):
    """What is written: its noun, the word for "it is done", and whether people typed text for it."""

    POST = ("post", "posted", True)
    COMMENT = ("comment", "posted", True)
    LIKE = ("like", "saved", False)
    VOTE = ("vote", "counted", False)
    FILE = ("file", "uploaded", False)

    def __init__(self, noun: str, done: str, typed: bool) -> None:
        self.noun = noun
        self.done = done
        self.typed = typed


class Phase(StrEnum):
    """Where a write stands."""

    IDLE = "idle"
    SENDING = "sending"
    CHECKING = "checking"
    STORED = "stored"
    FAILED = "failed"
    NOT_STORED = "not stored"
    UNKNOWN = "unknown"


class Outcome(Protocol[T_co]):
    """A finished call: its value, or the error it ended with."""

    @property
    def value(self) -> T_co | None:
        """The call's result (None when it failed)."""
        ...

    @property
    def error(self) -> BaseException | None:
        """Why the call failed, or None."""
        ...


Run = Callable[[Any, Callable[[Any], None]], None]
"""Runs an operation off the GUI thread and calls back with its Outcome on the GUI thread."""


def answer_lost(error: BaseException | None) -> bool:
    """Whether a failed write may have been stored all the same (so it must be checked, not re-sent)."""
    return isinstance(error, ApiError) and error.maybe_applied


def _now() -> datetime:
    return datetime.now(UTC)


class CheckedWrite(Generic[T]):
    """One place people write from (the post box, a post's comment entry or like) and its last write's fate.

    ``run`` starts calls; ``on_change(self)`` is called after every change of phase. Not thread-safe: use it
    from the thread ``run`` calls back on.
    """

    def __init__(
        self,
        kind: WriteKind,
        run: Run,
        on_change: Callable[[CheckedWrite[T]], None],
        clock: Callable[[], datetime] = _now,
    ) -> None:
        self.kind = kind
        self.phase = Phase.IDLE
        self.value: T | None = None
        self.error: BaseException | None = None
        self.sent_at: datetime | None = None
        self.found_by_check = False
        self._run = run
        self._on_change = on_change
        self._clock = clock
        self._check: Any = None
        self._then: tuple[Any, Callable[[datetime], Any]] | None = None
        self._host = ""

    @property
    def busy(self) -> bool:
        """True while a send or a check is under way (a new submit is refused)."""
        return self.phase in (Phase.SENDING, Phase.CHECKING)

    @property
    def retrying(self) -> bool:
        """True when the last write's answer was lost and it is not known to be stored."""
        return self.phase in (Phase.NOT_STORED, Phase.UNKNOWN)

    @property
    def reason(self) -> str:
        """Why the last send or check failed, in words for people ("" when nothing failed)."""
        return describe(self.error) if self.error is not None else ""

    @property
    def host(self) -> str:
        """The host the lost answer was to come from ("" before any failure)."""
        return self._host

    def submit(self, send: Any, check: Callable[[datetime], Any]) -> bool:
        """Send ``send`` once; ``check(sent_at)`` is the operation that finds it if its answer is lost.

        After a failed check the earlier write is checked again first, and ``send`` goes only if it is still
        not there. False (and nothing started) while a send or a check is under way.
        """
        if self.busy:
            return False
        if self.phase is Phase.UNKNOWN and self._check is not None:
            self._start_check(then=(send, check))
        else:
            self._send(send, check)
        return True

    def forget(self) -> None:
        """Back to IDLE once people have seen the result (a stored write, or a failure they moved on from)."""
        if not self.busy:
            self.phase = Phase.IDLE
            self.value = self.error = None
            self._check = None
            self.found_by_check = False

    # Steps

    def _send(self, send: Any, check: Callable[[datetime], Any]) -> None:
        self.sent_at = self._clock()
        self._check = check(self.sent_at)
        self.value = self.error = None
        self.found_by_check = False
        self._set(Phase.SENDING)
        self._run(send, self._on_sent)

    def _on_sent(self, outcome: Outcome[T]) -> None:
        error = outcome.error
        if error is None:
            self.value = outcome.value
            self._check = None
            self._set(Phase.STORED)
        elif answer_lost(error):
            self.error = error
            self._host = error.host if isinstance(error, ApiError) else ""
            self._start_check(then=None)
        else:
            self.error = error
            self._check = None
            self._set(Phase.FAILED)

    def _start_check(self, then: tuple[Any, Callable[[datetime], Any]] | None) -> None:
        self._then = then
        self._set(Phase.CHECKING)
        self._run(self._check, self._on_checked)

    def _on_checked(self, outcome: Outcome[T | None]) -> None:
        then, self._then = self._then, None
        if outcome.error is not None:
            # The earlier write's fate stays unknown: its check is kept for the next submit.
            self.error = outcome.error
            self._set(Phase.UNKNOWN)
            return
        self._check = None
        if outcome.value is not None:
            self.value = outcome.value
            self.found_by_check = True
            self._set(Phase.STORED)
        elif then is not None:
            self._send(*then)
        else:
            self._set(Phase.NOT_STORED)

    def _set(self, phase: Phase) -> None:
        self.phase = phase
        self._on_change(self)

    # Words

    def message(self, org: str = "", hints: Mapping[Phase, str] | None = None) -> str:
        """What to tell people now; ``org`` names the org (else its host); ``hints`` say how to retry."""
        kind, where = self.kind, org or self._host or "Salesforce"
        reason = self.reason
        hint = (hints or {}).get(self.phase, "")
        if self.phase is Phase.CHECKING:
            text = f"Checking whether your {kind.noun} reached {where}…"
        elif self.phase is Phase.STORED and self.found_by_check:
            text = (
                f"{kind.done.capitalize()}: your {kind.noun} reached {where}; only the answer to it was lost."
            )
        elif self.phase is Phase.FAILED:
            text = f"Your {kind.noun} wasn't sent. {reason}"
        elif self.phase is Phase.NOT_STORED:
            text = f"Not {kind.done}: {where} doesn't have your {kind.noun}."
        elif self.phase is Phase.UNKNOWN:
            text = f"Couldn't check whether your {kind.noun} reached {where}. {reason}"
        else:
            text = ""
        return f"{text} {hint}" if text and hint else text


class CheckedWrites:
    """The CheckedWrite of each place and kind (a post's comment entry, its like), made on first use."""

    def __init__(self, run: Run) -> None:
        self._run = run
        self._writes: dict[tuple[str, WriteKind], CheckedWrite[Any]] = {}

    def get(
        self, place: str, kind: WriteKind, on_change: Callable[[str, CheckedWrite[Any]], None]
    ) -> CheckedWrite[Any]:
        """The write for ``place`` (an element id); ``on_change(place, write)`` follows it."""
        write = self._writes.get((place, kind))
        if write is None:
            write = CheckedWrite(kind, self._run, lambda changed: on_change(place, changed))
            self._writes[(place, kind)] = write
        return write

    def clear(self) -> None:
        """Forget every write (the account changed: answers still under way are dropped)."""
        self._writes.clear()
