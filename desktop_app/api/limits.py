"""Org API usage reported by Salesforce in the Sforce-Limit-Info response header."""

from __future__ import annotations

import re

import msgspec

_API_USAGE = re.compile(r"(?:^|[;\s])api-usage\s*=\s*(\d{1,12})\s*/\s*(\d{1,12})", re.IGNORECASE)
_PER_APP_USAGE = re.compile(
    r"(?:^|[;\s])per-app-api-usage\s*=\s*(\d{1,12})\s*/\s*(\d{1,12})(?:\s*\(\s*appName\s*=\s*([^)]*)\))?",
    re.IGNORECASE,
)


class ApiUsage(msgspec.Struct, frozen=True):
    """API requests used and allowed in the current 24-hour window, org-wide and for this app."""

    used: int
    limit: int
    per_app_used: int | None = None
    per_app_limit: int | None = None
    app_name: str | None = None

    @property
    def fraction(self) -> float:
        """Share of the org-wide allowance already used (0.0 to 1.0 or more)."""
        return self.used / self.limit if self.limit > 0 else 0.0


def parse_limit_info(header: str | None) -> ApiUsage | None:
    """Parse `api-usage=18/5000; per-app-api-usage=17/250(appName=x)`; None when absent or unreadable."""
    if not header or not isinstance(header, str):
        return None
    match = _API_USAGE.search(header)
    if match is None:
        return None
    used, limit = int(match.group(1)), int(match.group(2))
    per_app = _PER_APP_USAGE.search(header)
    if per_app is None:
        return ApiUsage(used, limit)
    name = per_app.group(3)
    return ApiUsage(
        used,
        limit,
        int(per_app.group(1)),
        int(per_app.group(2)),
        name.strip() if name and name.strip() else None,
    )
