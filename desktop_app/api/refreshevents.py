"""What listeners hear about an account's token refreshes (kept apart so the GUI can import it cheaply)."""

from __future__ import annotations

import enum


class RefreshEvent(enum.StrEnum):
    """What listeners hear about an account's refreshes."""

    STARTED = "started"
    FINISHED = "finished"
    FAILED = "failed"
    EXPIRED = "expired"
