"""What listeners hear about an account's token refreshes (kept apart so the GUI can import it cheaply)."""

from __future__ import annotations

import enum


class RefreshEvent(enum.StrEnum):
    """What listeners hear about an account's refreshes.

    A refresh that starts sends STARTED, then exactly one of FINISHED, FAILED or EXPIRED (EXPIRED also comes
    alone when there was nothing left to refresh). NOT_SAVED follows FINISHED when the new tokens could not be
    saved: they are used from memory for this run.
    """

    STARTED = "started"
    FINISHED = "finished"
    FAILED = "failed"
    EXPIRED = "expired"
    NOT_SAVED = "not_saved"
