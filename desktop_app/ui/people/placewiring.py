"""Groups and people in the window: the lists shown for the Groups and People places, and a group's or
person's details above its feed.

Every widget here is made the first time its place is shown: nothing of it loads at start-up.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Slot
from PySide6.QtWidgets import QWidget

from desktop_app.feed.places import Group, MyGroups, People, Person
from desktop_app.storage import settings as keys

if TYPE_CHECKING:
    from desktop_app.storage.settings import Settings
    from desktop_app.ui.app.apiworker import ApiService
    from desktop_app.ui.feed.listpages import ListPages
    from desktop_app.ui.feed.placebar import PlaceBar
    from desktop_app.ui.feed.placenav import PlaceNavigation
    from desktop_app.ui.people.groupheader import GroupHeader
    from desktop_app.ui.people.groupspanel import GroupsPanel
    from desktop_app.ui.people.peoplesearch import PeopleSearch
    from desktop_app.ui.people.personheader import PersonHeader
    from desktop_app.ui.shared.photos import PhotoLoader


class PeoplePlaces(QObject):
    """Connects the groups and people widgets to the places: opening a group or a person goes there."""

    def __init__(
        self,
        navigation: PlaceNavigation,
        *,
        bar: PlaceBar,
        pages: ListPages,
        api: ApiService,
        photos: PhotoLoader,
        settings: Settings,
        user_id_of: Callable[[str], str | None],
    ) -> None:
        super().__init__(navigation)
        self._navigation = navigation
        self._bar = bar
        self._api = api
        self._photos = photos
        self._settings = settings
        self._user_id_of = user_id_of
        self._key: str | None = None
        self.groups: GroupsPanel | None = None
        self.people: PeopleSearch | None = None
        self.group_header: GroupHeader | None = None
        self.person_header: PersonHeader | None = None
        pages.register(MyGroups.kind, self._make_groups)
        pages.register(People.kind, self._make_people)
        navigation.showing.connect(self._on_showing)

    def _open_group(self, group_id: str, name: str) -> None:
        self._navigation.open_place(Group(group_id, name))

    def _open_person(self, user_id: str, name: str) -> None:
        self._navigation.open_place(Person(user_id, name))

    def _make_groups(self) -> QWidget:
        # Loaded the first time the groups are shown: no part of start-up.
        from desktop_app.ui.people.groupspanel import MY_GROUPS, GroupsPanel

        panel = self.groups = GroupsPanel(self._api, self._photos)
        scope = self._settings.get(keys.GROUPS_SCOPE)
        panel.set_scope(scope if isinstance(scope, int) else MY_GROUPS)
        panel.scope_changed.connect(self._remember_scope)
        panel.open_group.connect(self._open_group)
        panel.set_account(self._key)
        return panel

    def _make_people(self) -> QWidget:
        # Loaded the first time People is shown: no part of start-up.
        from desktop_app.ui.people.peoplesearch import PeopleSearch

        search = self.people = PeopleSearch(self._api, self._photos)
        search.open_person.connect(self._open_person)
        search.set_account(self._key)
        return search

    @Slot(int)
    def _remember_scope(self, scope: int) -> None:
        self._settings.set(keys.GROUPS_SCOPE, scope)

    def _group_header(self) -> GroupHeader:
        if self.group_header is None:
            # Loaded the first time a group is shown: no part of start-up.
            from desktop_app.ui.people.groupheader import GroupHeader

            header = self.group_header = GroupHeader(self._api, self._photos)
            header.open_person.connect(self._open_person)
            header.membership_changed.connect(self._membership_changed)
        return self.group_header

    def _person_header(self) -> PersonHeader:
        if self.person_header is None:
            # Loaded the first time a person is shown: no part of start-up.
            from desktop_app.ui.people.personheader import PersonHeader

            self.person_header = PersonHeader(self._api, self._photos)
        return self.person_header

    @Slot(str)
    def _membership_changed(self, _group_id: str) -> None:
        if self.groups is not None:
            self.groups.reload()

    @Slot(str, object)
    def _on_showing(self, key: str, place: object) -> None:
        """A place is on screen: the lists follow the account, and a group or person gets its details."""
        if key != self._key:
            self._key = key
            for widget in (self.groups, self.people):
                if widget is not None:
                    widget.set_account(key)
        header: QWidget | None = None
        if isinstance(place, Group):
            group = self._group_header()
            group.set_group(key, place.id, place.name)
            header = group
        elif isinstance(place, Person):
            person = self._person_header()
            person.set_person(key, self._user_id_of(key), place.id, place.name)
            header = person
        self._bar.set_header_widget(header)
