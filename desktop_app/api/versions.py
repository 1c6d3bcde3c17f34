"""Which Connect REST API version to speak: the newest an org offers within the range this app knows."""

from __future__ import annotations

from urllib.parse import quote

from desktop_app.api.models import ApiVersion

MAX_API_VERSION = "66.0"
MIN_API_VERSION = "43.0"


def pick_version(versions: list[ApiVersion], maximum: str = MAX_API_VERSION) -> str | None:
    """The highest offered version between MIN_API_VERSION and `maximum`, or None."""
    usable = [v for v in versions if float(MIN_API_VERSION) <= v.number <= float(maximum)]
    return max(usable, key=lambda v: v.number).version if usable else None


def segment_id(value: str, what: str) -> str:
    """An id as one URL path segment (quoted); ValueError when empty."""
    if not value or not value.strip():
        raise ValueError(f"{what} is empty")
    return quote(value, safe="")
