"""Moving between places in the window: the switcher, the shortcuts and mouse buttons, history, the composer.

One ``PlaceNavigation`` per window. It keeps each account's history (``feed.navigation.Navigator``), shows
a move in the switcher, the feed and the composer, and takes requests from anywhere through
``open_place(Place)`` (a link in a post, a group list, a person's header).
"""

from __future__ import annotations

from collections.abc import Callable
from functools import partial

from PySide6.QtCore import QEvent, QObject, Qt, Signal, Slot
from PySide6.QtGui import QKeySequence, QMouseEvent, QShortcut
from PySide6.QtWidgets import QWidget

from desktop_app.feed.navigation import Navigator, PlaceMemory
from desktop_app.feed.places import FEEDS, Place
from desktop_app.storage.settings import Settings
from desktop_app.ui.composer.host import ComposerHost
from desktop_app.ui.feed.feedview import FeedView
from desktop_app.ui.feed.placebar import PlaceBar, feed_shortcut

SEARCH_SHORTCUTS = ("Ctrl+F", "Ctrl+K")


class PlaceNavigation(QObject):
    """Where the shown account is, and every way of going elsewhere.

    Signals: moved(Place) when the person goes somewhere; showing(str key, Place) whenever a place is put on
    screen, an account switch included.
    """

    moved = Signal(object)
    showing = Signal(str, object)

    def __init__(
        self,
        bar: PlaceBar,
        feed: FeedView,
        composer: ComposerHost,
        settings: Settings | None,
        parent: QWidget,
    ) -> None:
        super().__init__(parent)
        self.bar = bar
        self.feed = feed
        self.composer = composer
        self.navigator = Navigator(PlaceMemory(settings) if settings is not None else None)
        self._withheld: frozenset[str] = frozenset()
        self._key: str | None = None
        self._window = parent
        # Asked to open a record, group or person in Salesforce (by id): the window's owner does it.
        self.open_in_salesforce: Callable[[str], None] | None = None
        feed.place_for = self.navigator.current
        self._connect_signals()
        self._install_shortcuts(parent)

    def _connect_signals(self) -> None:
        self.bar.place_requested.connect(self.open_place)
        self.bar.back_requested.connect(self.back)
        self.bar.forward_requested.connect(self.forward)
        self.bar.salesforce_requested.connect(self._open_in_salesforce)
        self.feed.open_place.connect(self.open_place)

    def _install_shortcuts(self, window: QWidget) -> None:
        self.shortcuts: dict[str, QShortcut] = {}
        for index, place in enumerate(FEEDS):
            self._shortcut(window, feed_shortcut(index), partial(self.open_place, place))
        self._shortcut(window, "Alt+Left", self.back)
        self._shortcut(window, "Alt+Right", self.forward)
        for keys in SEARCH_SHORTCUTS:
            self._shortcut(window, keys, self.bar.focus_search)
        # The mouse's back and forward buttons: on the posts, and anywhere else whose widget lets the press
        # through to the window (a filter on the whole application would run Python for every event).
        window.installEventFilter(self)
        self.feed.list_view.viewport().installEventFilter(self)

    def _shortcut(self, window: QWidget, keys: str, slot: Callable[[], object]) -> None:
        shortcut = QShortcut(QKeySequence(keys), window)
        shortcut.activated.connect(slot)
        self.shortcuts[keys] = shortcut

    @property
    def account_key(self) -> str | None:
        """The account moved about."""
        return self._key

    @property
    def place(self) -> Place | None:
        """Where the account shown is (None with no account)."""
        return self.navigator.current(self._key) if self._key is not None else None

    def show_account(self, account_key: str | None) -> None:
        """Another account is shown: the switcher and composer follow its place (the feed asks for it)."""
        self._key = account_key
        for shortcut in self.shortcuts.values():
            shortcut.setEnabled(account_key is not None)
        if account_key is not None:
            self._show(self.navigator.current(account_key))

    def forget_account(self, account_key: str) -> None:
        """An account was removed: its history and remembered place go with it."""
        self.navigator.forget(account_key)

    def withhold(self, kinds: frozenset[str]) -> None:
        """Places the org has turned off (its groups, its people): their buttons go and nothing opens them."""
        self._withheld = kinds
        self.bar.withhold(kinds)

    @Slot(object)
    def open_place(self, place: object) -> None:
        """Go to a place (from the switcher, a link, a shortcut, or another view's signal)."""
        if not isinstance(place, Place) or place.kind in self._withheld:
            return
        if self._key is not None and self.navigator.visit(self._key, place):
            self._go(place)

    @Slot()
    def back(self) -> None:
        """Back to the place before (Alt+Left, the mouse's back button)."""
        if self._key is not None and self.navigator.back(self._key):
            self._go(self.navigator.current(self._key))

    @Slot()
    def forward(self) -> None:
        """Forward again (Alt+Right, the mouse's forward button)."""
        if self._key is not None and self.navigator.forward(self._key):
            self._go(self.navigator.current(self._key))

    def _go(self, place: Place) -> None:
        self._show(place)
        self.feed.show_place(self._key, place)
        self.feed.list_view.setFocus(Qt.FocusReason.OtherFocusReason)
        self.moved.emit(place)

    def _show(self, place: Place) -> None:
        assert self._key is not None
        history = self.navigator.history(self._key)
        self.bar.show_place(place, can_go_back=history.can_go_back, can_go_forward=history.can_go_forward)
        self.composer.set_place(place)
        self.composer.setVisible(place.accepts_posts)
        # Searching applies to feeds; a list place (groups, people) has its own Find box.
        for keys in SEARCH_SHORTCUTS:
            self.shortcuts[keys].setEnabled(place.feed_path is not None)
        self.showing.emit(self._key, place)

    def _open_in_salesforce(self, entity_id: str) -> None:
        if self.open_in_salesforce is not None:
            self.open_in_salesforce(entity_id)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        """The mouse's back and forward buttons move through the history of the account shown."""
        if event.type() != QEvent.Type.MouseButtonPress or not isinstance(event, QMouseEvent):
            return False
        button = event.button()
        if button not in (Qt.MouseButton.BackButton, Qt.MouseButton.ForwardButton):
            return False
        if button == Qt.MouseButton.BackButton:
            self.back()
        else:
            self.forward()
        return True
