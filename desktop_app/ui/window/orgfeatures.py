"""What each org has turned off (read once per account from /connect/organization), applied to the window
whenever that account is shown: no Groups or People without Chatter, no attaching files without Files."""

from __future__ import annotations

from functools import partial
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject

from desktop_app.feed.places import MyGroups, People

if TYPE_CHECKING:
    from desktop_app.api.organization import Organization, Section
    from desktop_app.ui.app.apiworker import ApiOutcome, ApiService
    from desktop_app.ui.composer.host import ComposerHost
    from desktop_app.ui.feed.placenav import PlaceNavigation


class OrgFeatures(QObject):
    """Asks each account's org once which Chatter features are on, and shows only what it offers."""

    def __init__(self, api: ApiService, navigation: PlaceNavigation, composer: ComposerHost) -> None:
        super().__init__(navigation)
        self._api = api
        self._navigation = navigation
        self._composer = composer
        self._key: str | None = None
        self._offered: dict[str, frozenset[Section]] = {}
        self._asked: set[str] = set()

    def offered(self, key: str) -> frozenset[Section] | None:
        """What the org of an account offers, once known."""
        return self._offered.get(key)

    def show_account(self, key: str | None) -> None:
        """An account is shown: apply what its org offers (everything until its answer is in)."""
        # The organization model loads with the first account shown, after the window is up.
        from desktop_app.api.organization import OrganizationInfo, Section

        self._key = key
        if key is None:
            return
        self._apply(self._offered.get(key, frozenset(Section)))
        if key not in self._asked:
            self._asked.add(key)
            channel = f"organization:{key}"
            self._api.call(key, OrganizationInfo(), channel=channel, on_done=partial(self._on_answer, key))

    def forget(self, key: str) -> None:
        """An account was removed."""
        self._offered.pop(key, None)
        self._asked.discard(key)

    def _on_answer(self, key: str, outcome: ApiOutcome[Organization]) -> None:
        # Loaded by show_account before any answer can come; uploads, with the first answer.
        from desktop_app.api.organization import Section, offered_sections
        from desktop_app.api.uploads import files_per_post

        if outcome.value is None:
            # Not known (an old org, a refusal): everything stays offered, and the next run asks again.
            self._offered[key] = frozenset(Section)
        else:
            self._offered[key] = offered_sections(outcome.value)
            # The same answer says how many files a post may carry: attaching need not ask again.
            self._composer.know_file_limit(key, files_per_post(outcome.value))
        if key == self._key:
            self._apply(self._offered[key])

    def _apply(self, sections: frozenset[Section]) -> None:
        # Loaded by show_account before anything is applied.
        from desktop_app.api.organization import Section

        withheld = set()
        if Section.GROUPS not in sections:
            withheld.add(MyGroups.kind)
        if Section.PEOPLE not in sections:
            withheld.add(People.kind)
        self._navigation.withhold(frozenset(withheld))
        self._composer.offer_files(Section.FILES in sections)
