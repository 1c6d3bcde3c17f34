"""What the composer says about the post being written: its button, its character count, its message line.

Qt-free: one function turns the draft's state (where the last try stands, what is typed, uploads under way)
into words and switches, which the composer widget only applies.
"""

from __future__ import annotations

import msgspec

from desktop_app.api.writematch import normalize
from desktop_app.feed.richtext import plain_tooltip
from desktop_app.feed.writecheck import Phase

MAX_CHARS = 10_000
"""The longest post the Connect REST API takes, in characters."""
BUTTON_CHARS = 32
POST_TIP = "Post (Ctrl+Enter)"


class ComposerStatus(msgspec.Struct, frozen=True):
    """What the composer shows now."""

    busy: bool
    button_text: str
    button_enabled: bool
    button_tip: str
    count_text: str
    count_visible: bool
    over: bool
    message: str
    failing: bool
    message_tip: str


def _elided(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def _button_tip(phase: Phase, retry: bool, where: str) -> str:
    if phase is Phase.CHECKING:
        return "Your last post may have reached the org already: it can't be sent again until that's known."
    if phase is Phase.UNKNOWN:
        return "Check whether your last post reached the org, and send it only if it didn't (Ctrl+Enter)"
    if retry:
        return "Send it again (Ctrl+Enter)"
    # A group's or record's name is the server's text: never read as markup.
    return plain_tooltip(f"{where} (Ctrl+Enter)") if where else POST_TIP


def composer_status(
    *,
    phase: Phase | None,
    text: str,
    pending: str,
    where: str,
    error: str,
    notice: str,
    reason: str,
    uploading: bool,
    has_account: bool,
) -> ComposerStatus:
    """The composer's words and switches.

    ``phase`` is where the last try stands (None: nothing tried), ``pending`` the words of that try,
    ``where`` "Post to …" ("" for the person's own feed), ``error``/``notice`` the draft's message, and
    ``reason`` the lost answer's own words.
    """
    current = phase if phase is not None else Phase.IDLE
    busy = current in (Phase.SENDING, Phase.CHECKING) or uploading
    labels = {Phase.SENDING: "Posting…", Phase.CHECKING: "Checking…"}
    if uploading:
        current = Phase.SENDING  # for the button's words: the post is on its way, its files first
        labels[Phase.SENDING] = "Uploading…"
    # Retry while the words are those that did not go; new words are a new post.
    retry = phase is not None and (
        current is Phase.UNKNOWN or (current is Phase.NOT_STORED and normalize(text) == normalize(pending))
    )
    length = len(text)
    over = length > MAX_CHARS
    message = error or notice
    too_long = f"That's {length - MAX_CHARS:,} characters too long." if over else ""
    return ComposerStatus(
        busy=busy,
        button_text=labels.get(current, "Retry" if retry else _elided(where, BUTTON_CHARS) or "Post"),
        button_enabled=has_account and not busy and bool(text.strip()) and not over,
        button_tip=_button_tip(current, retry, where),
        count_text=f"{length:,} / {MAX_CHARS:,}",
        # While the app speaks, the count would only crowd it (unless the count is the problem).
        count_visible=over or not message,
        over=over,
        message=message or too_long,
        failing=bool(error) or (over and not notice),
        message_tip=reason if current is Phase.NOT_STORED else "",
    )
