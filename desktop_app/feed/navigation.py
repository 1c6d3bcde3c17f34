"""Moving between places: each account's Back/Forward history, and the place each account comes back to.

The history is bounded (``MAX_HISTORY`` places back) and lives for the run; what survives a restart is only
the current place of each account, kept in the settings file by ``PlaceMemory``.
"""

from __future__ import annotations

from collections.abc import Callable

from desktop_app.feed.places import News, Place, place_from_json
from desktop_app.storage import settings as keys
from desktop_app.storage.settings import Settings

MAX_HISTORY = 50


class History:
    """One account's places: where it is, where Back and Forward go; visiting a new place drops Forward."""

    def __init__(self, start: Place | None = None, limit: int = MAX_HISTORY) -> None:
        if limit < 1:
            raise ValueError("a history keeps at least one place back")
        self._limit = limit
        self._back: list[Place] = []
        self._forward: list[Place] = []
        self.current: Place = start or News()

    @property
    def can_go_back(self) -> bool:
        """True when Back has somewhere to go."""
        return bool(self._back)

    @property
    def can_go_forward(self) -> bool:
        """True when Forward has somewhere to go."""
        return bool(self._forward)

    @property
    def back_places(self) -> tuple[Place, ...]:
        """The places Back goes through, nearest first."""
        return tuple(reversed(self._back))

    @property
    def forward_places(self) -> tuple[Place, ...]:
        """The places Forward goes through, nearest first."""
        return tuple(reversed(self._forward))

    def visit(self, place: Place) -> bool:
        """Go somewhere new (False, and nothing changes, when it is where the account already is)."""
        if place == self.current:
            return False
        self._back.append(self.current)
        del self._back[: -self._limit]
        self._forward.clear()
        self.current = place
        return True

    def back(self) -> Place | None:
        """Go back one place; None when there is none."""
        if not self._back:
            return None
        self._forward.append(self.current)
        self.current = self._back.pop()
        return self.current

    def forward(self) -> Place | None:
        """Go forward one place; None when there is none."""
        if not self._forward:
            return None
        self._back.append(self.current)
        self.current = self._forward.pop()
        return self.current


class PlaceMemory:
    """Each account's current place in the settings file, so the app opens where the person left off."""

    def __init__(self, settings: Settings) -> None:
        self._settings = settings

    def _all(self) -> dict[str, object]:
        stored = self._settings.get(keys.CURRENT_PLACES, {})
        return dict(stored) if isinstance(stored, dict) else {}

    def load(self, account_key: str) -> Place:
        """Where the account was last (the news feed when nothing readable was kept)."""
        return place_from_json(self._all().get(account_key)) or News()

    def save(self, account_key: str, place: Place) -> None:
        """Remember where the account is now (only when it changed: each save rewrites the file)."""
        stored = self._all()
        value = place.to_json()
        if stored.get(account_key) != value:
            stored[account_key] = value
            self._settings.set(keys.CURRENT_PLACES, stored)

    def forget(self, account_key: str) -> None:
        """Drop an account's place (the account was removed)."""
        stored = self._all()
        if stored.pop(account_key, None) is not None:
            self._settings.set(keys.CURRENT_PLACES, stored)


class Navigator:
    """Every account's history, created on first use from the remembered place; saves each move."""

    def __init__(self, memory: PlaceMemory | None = None, limit: int = MAX_HISTORY) -> None:
        self._memory = memory
        self._limit = limit
        self._histories: dict[str, History] = {}
        self.on_move: Callable[[str, Place], None] | None = None

    def history(self, account_key: str) -> History:
        """The account's history (starting at its remembered place)."""
        history = self._histories.get(account_key)
        if history is None:
            start = self._memory.load(account_key) if self._memory is not None else News()
            history = self._histories[account_key] = History(start, self._limit)
        return history

    def forget(self, account_key: str) -> None:
        """Drop an account's history and remembered place (the account was removed)."""
        self._histories.pop(account_key, None)
        if self._memory is not None:
            self._memory.forget(account_key)

    def current(self, account_key: str) -> Place:
        """Where the account is."""
        return self.history(account_key).current

    def visit(self, account_key: str, place: Place) -> bool:
        """Go to a place; True when the account moved."""
        return self._moved(account_key, place if self.history(account_key).visit(place) else None)

    def back(self, account_key: str) -> bool:
        """Go back; True when the account moved."""
        return self._moved(account_key, self.history(account_key).back())

    def forward(self, account_key: str) -> bool:
        """Go forward; True when the account moved."""
        return self._moved(account_key, self.history(account_key).forward())

    def _moved(self, account_key: str, place: Place | None) -> bool:
        if place is None:
            return False
        if self._memory is not None:
            self._memory.save(account_key, place)
        if self.on_move is not None:
            self.on_move(account_key, place)
        return True
