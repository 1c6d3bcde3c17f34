"""The main window: accounts on the left, the feed in the centre, the profile on the right; menus.

The window lays out its views, offers the menu actions (as signals) and shows one account at a time; the
composition root decides what an action does across views and accounts.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING

from PySide6.QtCore import QRect, Qt, QTimer, Signal, Slot
from PySide6.QtGui import QAction, QCloseEvent, QKeySequence, QShortcut, QShowEvent
from PySide6.QtWidgets import QMainWindow, QSplitter, QStackedWidget, QVBoxLayout, QWidget

from desktop_app import APP_NAME
from desktop_app.accounts.status import AccountState
from desktop_app.auth.account import Account
from desktop_app.storage import settings as keys
from desktop_app.storage.settings import Settings
from desktop_app.ui.app.apiworker import ApiService
from desktop_app.ui.composer.host import ComposerHost
from desktop_app.ui.feed.feedview import FeedView
from desktop_app.ui.feed.placebar import PlaceBar
from desktop_app.ui.feed.placenav import PlaceNavigation
from desktop_app.ui.shared.photos import PhotoLoader
from desktop_app.ui.window.messagebar import MessageBar
from desktop_app.ui.window.profilepanel import ProfilePanel
from desktop_app.ui.window.sidebar import AccountSidebar
from desktop_app.ui.window.statusbar import ConnectionStatus
from desktop_app.ui.window.welcome import WelcomePage

if TYPE_CHECKING:
    from desktop_app.ui.composer.composer import Composer  # made after the first paint (ComposerHost)
    from desktop_app.ui.feed.timelineview import TimelineView  # made on first use, not at start-up

WELCOME, FEED = 0, 1


class MainWindow(QMainWindow):
    """Owns the views and shows one account (signals: the menu actions, closing())."""

    add_account_requested = Signal()
    settings_requested = Signal()
    open_in_salesforce_requested = Signal()
    about_requested = Signal()
    closing = Signal()
    all_accounts_requested = Signal()

    def __init__(self, api: ApiService, settings: Settings, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._settings = settings
        self.setWindowTitle(APP_NAME)
        self.setObjectName("mainWindow")
        self.resize(1180, 760)
        self.photos = PhotoLoader(api, self)
        self.messages = MessageBar(self)
        self.sidebar = AccountSidebar(self.photos, self)
        self.welcome = WelcomePage(self)
        reserved = settings.get(keys.COMPOSER_HEIGHT, 0)
        self.composer_host = ComposerHost(
            api, self.photos, self, reserved=reserved if isinstance(reserved, int) else 0
        )
        self.feed = FeedView(api, self.photos, self)
        self.profile = ProfilePanel(api, self.photos, self)
        self.places = PlaceBar(self)
        self.navigation = PlaceNavigation(self.places, self.feed, self.composer_host, settings, self)
        self.status = ConnectionStatus(self.statusBar())
        self._api = api
        self.timeline: TimelineView | None = None
        self._current: Account | None = None
        self._pending_splitter: list[int] = []
        # Asked when the window is closed: True keeps the app running in the tray (the window only hides).
        self.keep_in_tray: Callable[[], bool] | None = None
        self._quitting = False
        self._build_layout()
        self._build_actions()

    # -- construction -------------------------------------------------------------------------------------

    def _build_layout(self) -> None:
        feed_page = QWidget(self)
        feed_layout = QVBoxLayout(feed_page)
        feed_layout.setContentsMargins(0, 0, 0, 0)
        feed_layout.setSpacing(6)
        feed_layout.addWidget(self.places)
        feed_layout.addWidget(self.composer_host)
        feed_layout.addWidget(self.feed, 1)
        self.stack = QStackedWidget(self)
        self.stack.addWidget(self.welcome)
        self.stack.addWidget(feed_page)
        self.splitter = QSplitter(Qt.Orientation.Horizontal, self)
        self.splitter.setObjectName("mainSplitter")
        self.splitter.addWidget(self.sidebar)
        self.splitter.addWidget(self.stack)
        self.splitter.addWidget(self.profile)
        self.splitter.setStretchFactor(1, 1)
        # Explicit minimums keep the window usable on small screens (down to about 800 pixels wide).
        self.sidebar.setMinimumWidth(150)
        self.stack.setMinimumWidth(340)
        self.profile.setMinimumWidth(230)
        self.splitter.setSizes([240, 620, 300])
        self.splitter.setChildrenCollapsible(False)
        central = QWidget(self)
        layout = QVBoxLayout(central)
        layout.setContentsMargins(6, 6, 6, 0)
        layout.addWidget(self.messages)
        layout.addWidget(self.splitter, 1)
        self.setCentralWidget(central)

    def _build_actions(self) -> None:
        menu = self.menuBar()
        file_menu = menu.addMenu("&File")
        self.add_account_action = self._action(
            "&Add Account…", QKeySequence.StandardKey.New, self.add_account_requested.emit
        )
        self.settings_action = self._action(
            "&Settings…", QKeySequence.StandardKey.Preferences, self.settings_requested.emit
        )
        self.settings_action.setShortcuts(
            [QKeySequence("Ctrl+,"), QKeySequence(QKeySequence.StandardKey.Preferences)]
        )
        self.quit_action = self._action("&Quit", QKeySequence.StandardKey.Quit, self.quit)
        self.quit_action.setShortcut(QKeySequence("Ctrl+Q"))
        file_menu.addActions([self.add_account_action, self.settings_action])
        file_menu.addSeparator()
        file_menu.addAction(self.quit_action)
        view_menu = menu.addMenu("&View")
        self.refresh_action = self._action("&Refresh", QKeySequence(Qt.Key.Key_F5), self.refresh)
        self.open_action = self._action(
            "&Open in Salesforce", QKeySequence("Ctrl+Shift+O"), self.open_in_salesforce_requested.emit
        )
        view_menu.addActions([self.refresh_action, self.open_action])
        help_menu = menu.addMenu("&Help")
        help_menu.addAction(self._action("&About Connect Desktop", None, self.about_requested.emit))
        # Ctrl+1 .. Ctrl+5 are the feeds of the switcher (ui.feed.placenav); accounts go with Alt.
        for index in range(9):
            shortcut = QShortcut(QKeySequence(f"Alt+{index + 1}"), self)
            shortcut.activated.connect(lambda i=index: self.sidebar.select_index(i))
        all_accounts = QShortcut(QKeySequence("Ctrl+0"), self)
        all_accounts.activated.connect(self.all_accounts_requested)

    def _action(
        self, text: str, shortcut: QKeySequence | QKeySequence.StandardKey | None, slot: Callable[[], object]
    ) -> QAction:
        action = QAction(text, self)
        if shortcut is not None:
            action.setShortcut(shortcut)
        action.triggered.connect(slot)
        self.addAction(action)
        return action

    @property
    def composer(self) -> Composer:
        """The composer (made now if the window has not been painted yet)."""
        return self.composer_host.composer

    # -- state across restarts ---------------------------------------------------------------------------

    def restore_geometry(self) -> None:
        """Window geometry and splitter sizes from the previous run."""
        geometry = self._settings.get(keys.WINDOW_GEOMETRY, {})
        if isinstance(geometry, dict):
            self._restore_geometry(geometry)
        sizes = self._settings.get(keys.SPLITTER, [])
        if isinstance(sizes, list) and len(sizes) == 3 and all(isinstance(s, int) and s > 0 for s in sizes):
            # The splitter shares out its width again when the window first takes its size, so the saved
            # sizes are applied once the window is shown.
            self._pending_splitter = sizes

    def _restore_geometry(self, geometry: dict[str, object]) -> None:
        values = [geometry.get(k) for k in ("x", "y", "width", "height")]
        if not all(isinstance(v, int) for v in values):
            return
        x, y, width, height = (int(v) for v in values)  # type: ignore[call-overload]
        screen = self.screen().availableGeometry()
        width, height = max(480, min(width, screen.width())), max(360, min(height, screen.height()))
        self.resize(width, height)
        # Only move onto a position that is still on a screen (a monitor may have gone away).
        if screen.intersects(QRect(x, y, width, height)):
            self.move(x, y)
        if geometry.get("maximized") is True:
            self.setWindowState(self.windowState() | Qt.WindowState.WindowMaximized)

    def save_state(self) -> None:
        """Remember geometry and splitter sizes."""
        normal = self.normalGeometry() if self.isMaximized() else self.geometry()
        self._settings.set(
            keys.WINDOW_GEOMETRY,
            {
                "x": normal.x(),
                "y": normal.y(),
                "width": normal.width(),
                "height": normal.height(),
                "maximized": self.isMaximized(),
            },
        )
        self._settings.set(keys.SPLITTER, self.splitter.sizes())
        if self.composer_host.is_built and self.composer_host.isVisible():
            # The room the composer is given next time, before it is made.
            self._settings.set(keys.COMPOSER_HEIGHT, self.composer_host.height())

    def showEvent(self, event: QShowEvent) -> None:
        """Apply the saved splitter sizes now that the window has its size."""
        super().showEvent(event)
        if self._pending_splitter:
            # After the layouts have given the splitter its full width, which happens on the next turn.
            QTimer.singleShot(0, self._apply_pending_splitter)

    @Slot()
    def _apply_pending_splitter(self) -> None:
        if self._pending_splitter:
            self.splitter.setSizes(self._pending_splitter)
            self._pending_splitter = []

    @Slot()
    def quit(self) -> None:
        """Close the window and end the app, even when closing it would keep the app in the tray."""
        self._quitting = True
        self.close()

    def closeEvent(self, event: QCloseEvent) -> None:
        """Save state before the window goes (or hide it in the tray, when the person chose that)."""
        if self.keep_in_tray is not None and not self._quitting and self.keep_in_tray():
            self.save_state()
            event.ignore()
            self.hide()
            return
        self.save_state()
        self.closing.emit()
        super().closeEvent(event)

    # -- showing an account -------------------------------------------------------------------------------

    @property
    def current_account(self) -> Account | None:
        """The account whose feed is shown."""
        return self._current

    def show_account(self, account: Account | None, state: AccountState, *, has_accounts: bool) -> None:
        """Show an account's feed, composer draft and profile, or the welcome page for None."""
        self._current = account
        for action in (self.refresh_action, self.open_action):
            action.setEnabled(account is not None)
        self.sidebar.setVisible(has_accounts)
        if account is None:
            self.stack.setCurrentIndex(WELCOME)
            self.profile.setVisible(False)
            self.navigation.show_account(None)
            self.feed.set_account(None, None)
            self.composer_host.set_account(None)
            self.status.show_no_account()
            self.setWindowTitle(APP_NAME)
            return
        self.stack.setCurrentIndex(FEED)
        self.profile.setVisible(True)
        self.setWindowTitle(f"{account.display_name} · {account.org_name} — {APP_NAME}")
        self.composer_host.set_account(account.key)
        self.navigation.show_account(account.key)
        self.feed.set_account(account.key, account.user_id)
        self.profile.set_account(account)
        self.status.show_state(state)

    def showing_feed_of(self, key: str) -> bool:
        """True when this account's feed is on screen."""
        return self._current is not None and self._current.key == key and self.stack.currentIndex() == FEED

    def show_timeline(self, accounts: Sequence[Account]) -> TimelineView:
        """Show every account's feed merged ("All accounts"); the view is made the first time."""
        if self.timeline is None:
            # The merged timeline loads when first opened, not at start-up.
            from desktop_app.ui.feed.timelineview import TimelineView

            self.timeline = TimelineView(self._api, self.photos, self)
            self.stack.addWidget(self.timeline)
        self._current = None
        self.open_action.setEnabled(False)
        self.refresh_action.setEnabled(True)
        self.sidebar.setVisible(True)
        self.profile.setVisible(False)
        # Focus goes to the timeline's list before the page changes: else the stack hands the focus of the
        # page going away to the next widget in the chain, the accounts list, which then selects its first.
        self.timeline.list_view.setFocus()
        self.stack.setCurrentWidget(self.timeline)
        self.setWindowTitle(f"All accounts — {APP_NAME}")
        self.timeline.set_accounts(accounts)
        return self.timeline

    @property
    def showing_timeline(self) -> bool:
        """True while "All accounts" is on screen."""
        return self.timeline is not None and self.stack.currentWidget() is self.timeline

    @Slot()
    def refresh(self) -> None:
        """F5: new posts and the profile."""
        if self.showing_timeline and self.timeline is not None:
            self.photos.forget_failures()
            self.timeline.refresh()
            return
        if self._current is None:
            return
        self.photos.forget_failures()
        self.feed.refresh()
        self.profile.refresh()

    def bring_to_front(self) -> None:
        """Show, un-minimise and focus the window."""
        self.setWindowState(self.windowState() & ~Qt.WindowState.WindowMinimized)
        self.show()
        self.raise_()
        self.activateWindow()
