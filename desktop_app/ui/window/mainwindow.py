"""The main window: accounts on the left, the news feed in the centre, the profile on the right."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from datetime import UTC, datetime

from PySide6.QtCore import QRect, Qt, QTimer, QUrl, Slot
from PySide6.QtGui import QAction, QCloseEvent, QDesktopServices, QKeySequence, QShortcut, QShowEvent
from PySide6.QtWidgets import (
    QLabel,
    QMainWindow,
    QMessageBox,
    QSplitter,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from desktop_app import APP_NAME, log
from desktop_app.api.errors import ApiError, NetworkError, SessionExpired, Timeout
from desktop_app.api.limits import ApiUsage
from desktop_app.api.operations import FrontdoorUrl
from desktop_app.auth.account import Account
from desktop_app.errors import AppError, describe
from desktop_app.storage import settings as keys
from desktop_app.ui.app.apiworker import ApiOutcome, Lane
from desktop_app.ui.app.services import Services
from desktop_app.ui.app.tasks import TaskResult
from desktop_app.ui.composer.composer import Composer
from desktop_app.ui.feed.feedview import FeedView
from desktop_app.ui.shared.photos import PhotoLoader
from desktop_app.ui.signin.controller import SignInController
from desktop_app.ui.window.messagebar import MessageBar
from desktop_app.ui.window.profilepanel import ProfilePanel
from desktop_app.ui.window.sidebar import AccountSidebar, AccountState
from desktop_app.ui.window.welcome import WelcomePage

WELCOME, FEED = 0, 1


class MainWindow(QMainWindow):
    """Owns the views and switches them between accounts."""

    def __init__(self, services: Services, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.services = services
        self.setWindowTitle(APP_NAME)
        self.setObjectName("mainWindow")
        self.resize(1180, 760)
        api = services.api
        self.photos = PhotoLoader(api, self)
        self.messages = MessageBar(self)
        self.sidebar = AccountSidebar(self.photos, self)
        self.welcome = WelcomePage(self)
        self.composer = Composer(api, self.photos, self)
        self.feed = FeedView(api, self.photos, self)
        self.profile = ProfilePanel(api, self.photos, self)
        self.sign_in = SignInController(services, self)
        self._current: Account | None = None
        self._pending_splitter: list[int] = []
        self._build_layout()
        self._build_actions()
        self._build_status_bar()
        self._connect_signals()

    # -- construction -------------------------------------------------------------------------------------

    def _build_layout(self) -> None:
        feed_page = QWidget(self)
        feed_layout = QVBoxLayout(feed_page)
        feed_layout.setContentsMargins(0, 0, 0, 0)
        feed_layout.setSpacing(6)
        feed_layout.addWidget(self.composer)
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
            "&Add Account…", QKeySequence.StandardKey.New, self.add_account
        )
        self.settings_action = self._action(
            "&Settings…", QKeySequence.StandardKey.Preferences, self.open_settings
        )
        self.settings_action.setShortcuts(
            [QKeySequence("Ctrl+,"), QKeySequence(QKeySequence.StandardKey.Preferences)]
        )
        self.quit_action = self._action("&Quit", QKeySequence.StandardKey.Quit, self.close)
        self.quit_action.setShortcut(QKeySequence("Ctrl+Q"))
        file_menu.addActions([self.add_account_action, self.settings_action])
        file_menu.addSeparator()
        file_menu.addAction(self.quit_action)
        view_menu = menu.addMenu("&View")
        self.refresh_action = self._action("&Refresh", QKeySequence(Qt.Key.Key_F5), self.refresh)
        self.open_action = self._action(
            "&Open in Salesforce", QKeySequence("Ctrl+Shift+O"), self.open_in_salesforce
        )
        view_menu.addActions([self.refresh_action, self.open_action])
        help_menu = menu.addMenu("&Help")
        help_menu.addAction(self._action("&About Connect Desktop", None, self.about))
        for index in range(9):
            shortcut = QShortcut(QKeySequence(f"Ctrl+{index + 1}"), self)
            shortcut.activated.connect(lambda i=index: self.sidebar.select_index(i))

    def _action(
        self, text: str, shortcut: QKeySequence | QKeySequence.StandardKey | None, slot: Callable[[], object]
    ) -> QAction:
        action = QAction(text, self)
        if shortcut is not None:
            action.setShortcut(shortcut)
        action.triggered.connect(slot)
        self.addAction(action)
        return action

    def _build_status_bar(self) -> None:
        self.connection_label = QLabel("", self)
        self.connection_label.setAccessibleName("Connection state")
        self.usage_label = QLabel("", self)
        self.usage_label.setAccessibleName("API usage")
        self.usage_label.setToolTip("API requests used in the last 24 hours, from Sforce-Limit-Info")
        self.statusBar().addWidget(self.connection_label, 1)
        self.statusBar().addPermanentWidget(self.usage_label)

    def _connect_signals(self) -> None:
        self.sidebar.account_selected.connect(self.switch_account)
        self.sidebar.add_requested.connect(self.add_account)
        self.welcome.sign_in_requested.connect(self.add_account)
        self.welcome.demo_requested.connect(self.try_demo)
        self.services.api.outcome.connect(self._on_outcome)
        self.services.refresh_bridge.happened.connect(self._on_refresh_event)
        self.composer.set_feed_model(self.feed.model)
        self.feed.saved_pages = self.services.feed_cache.load
        self.composer.posted.connect(self.feed.prepend_post)
        self.composer.error.connect(self.show_api_error)
        self.feed.error.connect(self.show_api_error)
        self.feed.status.connect(self.statusBar().showMessage)
        self.profile.error.connect(self.show_api_error)
        self.sign_in.account_added.connect(self._on_account_added)
        self.sign_in.message.connect(self.messages.show_info)

    # -- state across restarts ---------------------------------------------------------------------------

    def restore(self) -> None:
        """Accounts, window geometry, splitter sizes and the last account from the previous run."""
        settings = self.services.settings
        geometry = settings.get(keys.WINDOW_GEOMETRY, {})
        if isinstance(geometry, dict):
            self._restore_geometry(geometry)
        sizes = settings.get(keys.SPLITTER, [])
        if isinstance(sizes, list) and len(sizes) == 3 and all(isinstance(s, int) and s > 0 for s in sizes):
            # The splitter shares out its width again when the window first takes its size, so the saved
            # sizes are applied once the window is shown.
            self._pending_splitter = sizes
        if self.services.registry.recovered_warning:
            self.messages.show_error(self.services.registry.recovered_warning)
        # Opening the keyring talks to D-Bus: off the GUI thread, its warning (if any) shown when known.
        self.services.tasks.run(self.services.check_secrets, self._on_secrets_checked)
        accounts = self.services.registry.accounts
        last = settings.get(keys.LAST_ACCOUNT, "")
        keys_present = [a.key for a in accounts]
        self.reload_accounts(select=last if last in keys_present else (keys_present[0] if accounts else None))

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

    def _on_secrets_checked(self, result: TaskResult) -> None:
        warning = result.value if result.error is None else f"The keyring could not be opened: {result.error}"
        if isinstance(warning, str) and warning:
            self.messages.show_error(warning)

    def save_state(self) -> None:
        """Remember geometry, splitter sizes and the current account."""
        settings = self.services.settings
        normal = self.normalGeometry() if self.isMaximized() else self.geometry()
        settings.set(
            keys.WINDOW_GEOMETRY,
            {
                "x": normal.x(),
                "y": normal.y(),
                "width": normal.width(),
                "height": normal.height(),
                "maximized": self.isMaximized(),
            },
        )
        settings.set(keys.SPLITTER, self.splitter.sizes())
        if self._current is not None:
            settings.set(keys.LAST_ACCOUNT, self._current.key)

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

    def closeEvent(self, event: QCloseEvent) -> None:
        """Save state before the window goes."""
        self.save_state()
        super().closeEvent(event)

    # -- accounts ------------------------------------------------------------------------------------------

    def reload_accounts(self, select: str | None = None) -> None:
        """Show the registry's accounts; select one, or show the welcome page when there are none."""
        accounts = self.services.registry.accounts
        self.sidebar.set_accounts(accounts, current=select)
        if not accounts:
            self._show_account(None)
            return
        key = select if select in {a.key for a in accounts} else accounts[0].key
        self.switch_account(key)

    @Slot(str)
    def switch_account(self, key: str) -> None:
        """Make an account current: its feed, composer draft and profile."""
        account = self.services.registry.get(key)
        if account is None:
            return
        if self.sidebar.current_key() != key:
            self.sidebar.select(key)  # comes back here through account_selected
            return
        if self._current is not None and self._current.key == key and self.stack.currentIndex() == FEED:
            return
        self._show_account(account)

    def _show_account(self, account: Account | None) -> None:
        self._current = account
        for action in (self.refresh_action, self.open_action):
            action.setEnabled(account is not None)
        has_accounts = bool(self.services.registry.accounts)
        self.sidebar.setVisible(has_accounts)
        if account is None:
            self.stack.setCurrentIndex(WELCOME)
            self.profile.setVisible(False)
            self.feed.set_account(None, None)
            self.composer.set_account(None)
            self.connection_label.setText("No account")
            self.usage_label.setText("")
            self.setWindowTitle(APP_NAME)
            return
        self.stack.setCurrentIndex(FEED)
        self.profile.setVisible(True)
        self.setWindowTitle(f"{account.display_name} · {account.org_name} — {APP_NAME}")
        self.composer.set_account(account.key)
        self.feed.set_account(account.key, account.user_id)
        self.profile.set_account(account)
        self._show_state(account.key)
        self.services.settings.set(keys.LAST_ACCOUNT, account.key)

    @Slot(dict)
    def handle_second_launch(self, request: dict[str, object]) -> None:
        """Another launch for this profile handed over: come to the front and do what it asked."""
        log.app.info("a second launch handed over to this window")
        self.setWindowState(self.windowState() & ~Qt.WindowState.WindowMinimized)
        self.show()
        self.raise_()
        self.activateWindow()
        sign_in = request.get("sign_in")
        if isinstance(sign_in, str) and sign_in:
            from desktop_app.ui.app.startup import resolve_sign_in_host

            demo = self.services.demo
            try:
                host = resolve_sign_in_host(sign_in, demo.login_url if demo else None)
            except ValueError as exc:
                self.messages.show_error(f"Can't open sign-in for {sign_in!r}: {exc}")
                return
            self.sign_in.open(host=host, prompt_login=bool(self.services.registry.accounts))

    @property
    def current_account(self) -> Account | None:
        """The account whose feed is shown."""
        return self._current

    # -- actions -------------------------------------------------------------------------------------------

    @Slot()
    def add_account(self) -> None:
        """Open the sign-in dialog for another org or user (prompt=login)."""
        self.sign_in.open(prompt_login=bool(self.services.registry.accounts))

    @Slot()
    def try_demo(self) -> None:
        """Start the demo org in this process and sign in to it."""
        demo = self.services.start_demo()
        self.sign_in.open(host=demo.login_url, prompt_login=bool(self.services.registry.accounts))

    def sign_in_again(self, key: str) -> None:
        """Sign in again as an account whose session ended (login hint filled in)."""
        account = self.services.registry.get(key)
        if account is not None:
            self.sign_in.open(host=account.login_host, prompt_login=True, login_hint=account.username)

    @Slot()
    def refresh(self) -> None:
        """F5: new posts and the profile."""
        if self._current is None:
            return
        self.photos.forget_failures()
        self.feed.refresh()
        self.profile.refresh()

    @Slot()
    def open_in_salesforce(self) -> None:
        """Open the org in the system browser through a one-time frontdoor URL."""
        if self._current is None:
            return
        self.statusBar().showMessage("Opening Salesforce in your browser…", 4000)
        self.services.api.call(
            self._current.key, FrontdoorUrl("/"), lane=Lane.WRITE, on_done=self._on_frontdoor
        )

    def _on_frontdoor(self, outcome: ApiOutcome[str]) -> None:
        if outcome.value is not None:
            QDesktopServices.openUrl(QUrl(outcome.value))
        elif isinstance(outcome.error, ApiError):
            self.show_api_error(outcome.error)

    @Slot()
    def open_settings(self) -> None:
        """The settings dialog: sessions, connected app, login hosts."""
        from desktop_app.ui.settings.dialog import SettingsDialog

        services = self.services
        states = {a.key: self.sidebar.state(a.key).value for a in services.registry.accounts}
        dialog = SettingsDialog(
            services.registry,
            services.secrets,
            services.settings,
            services.tasks,
            wipe_cache=services.wipe_caches,
            account_states=states,
            parent=self,
        )
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.account_removed.connect(self._on_account_removed)
        dialog.sign_in_again_requested.connect(self.sign_in_again)
        self._settings_dialog = dialog
        dialog.open()

    @Slot()
    def about(self) -> None:
        """Version, Qt version and the keyring backend in use."""
        from PySide6 import __version__ as pyside_version
        from PySide6.QtCore import qVersion

        from desktop_app import __version__

        secrets = self.services.secrets
        storage = (
            "kept in memory for this run only" if not secrets.persistent else "kept in the system keyring"
        )
        QMessageBox.about(
            self,
            f"About {APP_NAME}",
            f"{APP_NAME} {__version__}\n\nQt {qVersion()} · PySide6 {pyside_version}\n"
            f"Keyring backend: {secrets.backend_name} (tokens {storage})\n\n"
            "A desktop client for the Salesforce Connect REST API.",
        )

    # -- outcomes, refresh events, errors ------------------------------------------------------------------

    @Slot(object)
    def _on_outcome(self, outcome: ApiOutcome[object]) -> None:
        key = outcome.call.account_key
        if isinstance(outcome.usage, ApiUsage) and self._current is not None and key == self._current.key:
            self.usage_label.setText(f"API usage: {outcome.usage.used:,} / {outcome.usage.limit:,}")
        if outcome.ok:
            if self.sidebar.state(key) in (AccountState.OFFLINE, AccountState.UNKNOWN):
                self._set_state(key, AccountState.CONNECTED)
            self._remember_version(key, outcome.api_version)
        elif isinstance(outcome.error, SessionExpired):
            self._set_state(key, AccountState.NEEDS_SIGN_IN)
        elif isinstance(outcome.error, NetworkError | Timeout):
            self._set_state(key, AccountState.OFFLINE)

    def _remember_version(self, key: str, version: str | None) -> None:
        account = self.services.registry.get(key)
        if account is not None and version and account.api_version != version:
            self.services.registry.upsert(replace(account, api_version=version))

    @Slot(str, str)
    def _on_refresh_event(self, key: str, event: str) -> None:
        state = {
            "started": AccountState.REFRESHING,
            "finished": AccountState.CONNECTED,
            "expired": AccountState.NEEDS_SIGN_IN,
            "failed": AccountState.OFFLINE,
        }.get(event)
        if state is not None:
            self._set_state(key, state)
        if event == "finished":
            account = self.services.registry.get(key)
            if account is not None:
                stamp = datetime.now(UTC).isoformat(timespec="seconds")
                self.services.registry.upsert(replace(account, last_refresh=stamp, needs_sign_in=False))

    def _set_state(self, key: str, state: AccountState) -> None:
        if self.sidebar.state(key) == state:
            return
        self.sidebar.set_state(key, state)
        if state == AccountState.NEEDS_SIGN_IN:
            self._offer_sign_in_again(key)  # once per account, when its session ends
        if self._current is not None and key == self._current.key:
            self._show_state(key)

    def _show_state(self, key: str) -> None:
        state = self.sidebar.state(key)
        text = {
            AccountState.CONNECTED: "● Connected",
            AccountState.REFRESHING: "↻ Refreshing the session…",
            AccountState.NEEDS_SIGN_IN: "⚠ Signed out: sign in again to continue",
            AccountState.OFFLINE: "○ Offline: can't reach Salesforce",
        }.get(state, "Connecting…")
        self.connection_label.setText(text)

    @Slot(object)
    def show_api_error(self, error: object) -> None:
        """Put an API failure into words in the message bar, with the action that helps, if any."""
        if isinstance(error, SessionExpired):
            return  # said once per account, with its name, by _on_outcome (which knows whose call it was)
        if not isinstance(error, AppError):
            log.ui.error("unexpected failure: %r", error)
        self.messages.show_error(describe(error if isinstance(error, BaseException) else None))

    def _offer_sign_in_again(self, key: str) -> None:
        account = self.services.registry.get(key)
        name = account.display_name if account is not None else "an account"
        org = f" ({account.org_name})" if account is not None and account.org_name else ""
        self.messages.show_error(
            f"The session for {name}{org} has ended. Your other accounts keep working.",
            "Sign in again",
            lambda: self.sign_in_again(key),
        )

    @Slot(str)
    def _on_account_added(self, key: str) -> None:
        self.raise_()
        self.activateWindow()  # back from the sign-in dialog: the keyboard belongs to the window again
        self.services.forget_account(key)
        self._set_state(key, AccountState.CONNECTED)
        self._current = None
        self.reload_accounts(select=key)

    @Slot(str)
    def _on_account_removed(self, key: str) -> None:
        self.services.forget_account(key)
        was_current = self._current is not None and self._current.key == key
        if was_current:
            self._current = None
        remaining = self.services.registry.accounts
        select = None if was_current else (self._current.key if self._current else None)
        self.reload_accounts(select=select or (remaining[0].key if remaining else None))
