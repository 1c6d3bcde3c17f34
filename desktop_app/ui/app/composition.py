"""The composition root: builds the window and its helpers from the run's parts and wires them together.

Every connection between views, and between the workers and the views, is made here; the widgets only
know the parts they were given. The path of a worker's answer to the screen: ``ApiService.outcome`` →
``AccountEvents`` (account state and API usage) and the caller's own ``on_done`` (the view's data).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Qt, QUrl, Slot
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import QTabWidget, QWidget

from desktop_app import log
from desktop_app.accounts.status import AccountState, Event
from desktop_app.api.errors import SessionExpired
from desktop_app.api.operations import FrontdoorUrl
from desktop_app.errors import AppError, describe
from desktop_app.feed.places import News
from desktop_app.storage import settings as keys
from desktop_app.ui.activity.startgate import AfterFirstPaint
from desktop_app.ui.app.accountevents import AccountEvents
from desktop_app.ui.app.apiworker import ApiOutcome, Lane
from desktop_app.ui.app.parts import AppParts
from desktop_app.ui.app.tasks import TaskResult
from desktop_app.ui.people.placewiring import PeoplePlaces
from desktop_app.ui.signin.controller import SignInController
from desktop_app.ui.window.mainwindow import MainWindow
from desktop_app.ui.window.orgfeatures import OrgFeatures
from desktop_app.ui.window.sidebar import AccountSidebar

if TYPE_CHECKING:
    from desktop_app.activity.schedule import WatchSchedule
    from desktop_app.ui.activity.controller import ActivityController
    from desktop_app.ui.app.network import NetworkControl
    from desktop_app.ui.composer.composer import Composer


class Composition(QObject):
    """The main window, the sign-in controller and the account flows between them."""

    def __init__(self, parts: AppParts) -> None:
        super().__init__()
        self.parts = parts
        self.book = parts.book
        self.window = MainWindow(parts.api, parts.settings)
        self.sign_in = SignInController(self.book, parts.tasks, self.window, self.network)
        # Background watching (unread counts, notifications, tray) starts after the first feed paint.
        self.activity: ActivityController | None = None
        self._connect_signals()

    def _connect_signals(self) -> None:
        window, parts = self.window, self.parts
        window.sidebar.account_selected.connect(self.switch_account)
        window.sidebar.add_requested.connect(self.add_account)
        window.add_account_requested.connect(self.add_account)
        window.settings_requested.connect(self.open_settings)
        window.open_in_salesforce_requested.connect(self.open_in_salesforce)
        window.about_requested.connect(self.about)
        window.welcome.sign_in_requested.connect(self.add_account)
        window.welcome.demo_requested.connect(self.try_demo)
        window.composer_host.set_feed_model(window.feed.model)
        window.composer_host.built.connect(self._wire_composer)
        window.feed.saved_pages = parts.feed_cache.load
        window.navigation.open_in_salesforce = self.open_in_salesforce
        window.navigation.showing.connect(self._watch_accounts)
        window.feed.post_menu.instance_url_of = self._instance_url_of
        self.org_features = OrgFeatures(parts.api, window.navigation, window.composer_host)
        self.people = PeoplePlaces(
            window.navigation,
            bar=window.places,
            pages=window.feed.list_pages,
            api=parts.api,
            photos=window.photos,
            settings=parts.settings,
            user_id_of=self._user_id_of,
        )
        for source in (window.feed.error, window.profile.error):
            source.connect(self.show_error)
        window.feed.status.connect(window.status.notice)
        window.profile.sign_in_again_requested.connect(self.sign_in_again)
        self.account_events = AccountEvents(
            parts, window, self.sign_in_again, self.sign_in.warm_up_soon, parent=self
        )
        self.sign_in.account_added.connect(self._on_account_added)
        self.sign_in.message.connect(window.messages.show_info)
        window.sidebar.all_accounts_selected.connect(self.show_all_accounts)
        window.all_accounts_requested.connect(self.show_all_accounts)

    def _wire_composer(self, composer: Composer) -> None:
        """The composer is made (after the first paint): its posts go into the feed, its failures show."""
        composer.posted.connect(self.window.feed.prepend_post)
        composer.org_name_of = self._org_name_of
        composer.error.connect(self.show_error)

    def network(self) -> NetworkControl:
        """The network choices, made (and applied) on first use: at start-up only when they are not the
        system's, else when the sign-in dialog or the settings need them."""
        first = not self.parts.network_started
        control = self.parts.network
        if first:
            control.prompt = self._ask_proxy_credentials
            control.problem.connect(self.window.messages.show_error)
            control.start()
        return control

    def _ask_proxy_credentials(self, address: str, user: str) -> tuple[str, str] | None:
        # The dialog loads when a proxy first asks for a password, not at start-up.
        from desktop_app.ui.app.proxyprompt import ask_proxy_credentials

        return ask_proxy_credentials(self.window, address, user)

    def _user_id_of(self, key: str) -> str | None:
        account = self.book.get(key)
        return account.user_id if account is not None else None

    def _org_name_of(self, key: str) -> str:
        account = self.book.get(key)
        return account.org_name if account is not None else ""

    def _instance_url_of(self, key: str) -> str | None:
        account = self.book.get(key)
        return account.instance_url if account is not None else None

    # -- start ---------------------------------------------------------------------------------------------

    def restore(self) -> None:
        """Window geometry, accounts and the account shown last, from the previous run."""
        self.window.restore_geometry()
        if not self.parts.network_is_default:
            self.network()  # the person's own proxy or CA applies before any request of this run
        if self.parts.registry.recovered_warning:
            self.window.messages.show_error(self.parts.registry.recovered_warning)
        # Opening the keyring talks to D-Bus: off the GUI thread, its warning (if any) shown when known.
        self.parts.tasks.run(self.parts.check_secrets, self._on_secrets_checked)
        if self.parts.settings.get(keys.SHOW_ALL_ACCOUNTS) is True and self.book.accounts:
            # Straight to "All accounts", without loading one account's feed first.
            self.reload_accounts(select=self.book.first_to_open(), show=False)
            self.show_all_accounts()
        else:
            self.reload_accounts(select=self.book.first_to_open())
        AfterFirstPaint(self.window.feed.list_view, self.start_activity)

    def _on_secrets_checked(self, result: TaskResult) -> None:
        warning = result.value if result.error is None else f"The keyring could not be opened: {result.error}"
        if isinstance(warning, str) and warning:
            self.window.messages.show_error(warning)

    # -- accounts ------------------------------------------------------------------------------------------

    @property
    def sidebar(self) -> AccountSidebar:
        """The window's accounts sidebar."""
        return self.window.sidebar

    def reload_accounts(self, select: str | None = None, *, show: bool = True) -> None:
        """Show the book's accounts; select one (and show it unless ``show`` is False), or show the welcome
        page when there are none."""
        accounts = self.book.accounts
        self.sidebar.set_accounts(accounts, current=select)
        for account in accounts:
            self.sidebar.set_state(account.key, self.parts.states.get(account.key))
        if not accounts:
            self.window.show_account(None, AccountState.UNKNOWN, has_accounts=False)
            return
        key = select if select in {a.key for a in accounts} else accounts[0].key
        if show:
            self.switch_account(key)
        self._watch_accounts()

    @Slot(str)
    def switch_account(self, key: str) -> None:
        """Make an account current: its feed, composer draft and profile."""
        account = self.book.get(key)
        if account is None:
            return
        if self.sidebar.current_key() != key:
            self.sidebar.select(key)  # comes back here through account_selected
            return
        if self.window.showing_feed_of(key):
            return
        self.window.show_account(account, self.parts.states.get(key), has_accounts=True)
        self.org_features.show_account(key)
        self.book.remember_shown(key)
        self._watch_accounts()
        if self.parts.settings.get(keys.SHOW_ALL_ACCOUNTS) is True:
            self.parts.settings.set(keys.SHOW_ALL_ACCOUNTS, False)

    @Slot()
    def show_all_accounts(self) -> None:
        """Every account's feed in one list, newest first (Ctrl+0, the sidebar's first entry)."""
        accounts = self.book.accounts
        if not accounts:
            return
        self.sidebar.select_all_accounts()
        if self.parts.settings.get(keys.SHOW_ALL_ACCOUNTS) is not True:
            self.parts.settings.set(keys.SHOW_ALL_ACCOUNTS, True)
        wire = self.window.timeline is None
        timeline = self.window.show_timeline(accounts)
        if wire:
            timeline.error.connect(self.show_error)
            timeline.post_menu.instance_url_of = self._instance_url_of
            timeline.status.connect(self.window.status.notice)
            timeline.sign_in_again_requested.connect(self.sign_in_again)

    @Slot()
    def add_account(self) -> None:
        """Open the sign-in dialog for another org or user (prompt=login)."""
        self.sign_in.open(prompt_login=bool(self.book.accounts))

    @Slot()
    def try_demo(self) -> None:
        """Start the demo org in this process and sign in to it."""
        try:
            demo = self.parts.start_demo()
        except OSError as exc:  # its saved ports are taken, most likely by another copy of the demo org
            self.window.messages.show_error(f"The demo org could not start: {exc}")
            return
        self.sign_in.open(host=demo.login_url, prompt_login=bool(self.book.accounts))

    @Slot(str)
    def sign_in_again(self, key: str) -> None:
        """Sign in again as an account whose session ended (login hint filled in)."""
        account = self.book.get(key)
        if account is not None:
            self.sign_in.open(host=account.login_host, prompt_login=True, login_hint=account.username)

    def open_sign_in(self, value: str) -> None:
        """Open the sign-in dialog at a login host named on the command line or by a second launch."""
        try:
            host = self.book.resolve_sign_in_host(value)
        except ValueError as exc:
            self.window.messages.show_error(f"Can't open sign-in for {value!r}: {exc}")
            return
        self.sign_in.open(host=host, prompt_login=bool(self.book.accounts))

    @Slot(dict)
    def handle_second_launch(self, request: dict[str, object]) -> None:
        """Another launch for this profile handed over: come to the front and do what it asked."""
        log.app.info("a second launch handed over to this window")
        self.window.bring_to_front()
        sign_in = request.get("sign_in")
        if isinstance(sign_in, str) and sign_in:
            self.open_sign_in(sign_in)

    @Slot(str)
    def _on_account_added(self, key: str) -> None:
        self.window.bring_to_front()  # back from the sign-in dialog: the keyboard belongs to the window
        self.parts.api.forget_account(key)
        self.parts.states.forget(key)
        self.window.navigation.forget_account(key)
        self.org_features.forget(key)
        self.parts.states.apply(key, Event.SIGNED_IN)
        self.window.show_account(None, AccountState.UNKNOWN, has_accounts=True)
        self.reload_accounts(select=key)

    @Slot(str)
    def _on_account_removed(self, key: str) -> None:
        self.parts.api.forget_account(key)
        self.parts.states.forget(key)
        current = self.window.current_account
        was_current = current is not None and current.key == key
        remaining = self.book.accounts
        select = None if was_current or current is None else current.key
        if was_current:
            self.window.show_account(None, AccountState.UNKNOWN, has_accounts=bool(remaining))
        self.reload_accounts(select=select or (remaining[0].key if remaining else None))

    @Slot(object)
    def show_error(self, error: object) -> None:
        """Put a failure into words in the message bar."""
        if isinstance(error, SessionExpired):
            return  # said once per account, with its name, when its state changes
        if not isinstance(error, AppError):
            log.ui.error("unexpected failure: %r", error)
        self.window.messages.show_error(describe(error if isinstance(error, BaseException) else None))

    # -- menu actions --------------------------------------------------------------------------------------

    @Slot()
    def open_in_salesforce(self, record_id: str = "") -> None:
        """Open the org (or a record, group or person in it) in the browser through a one-time URL."""
        current = self.window.current_account
        if current is None:
            return
        self.window.status.notice("Opening Salesforce in your browser…", 4000)
        path = f"/{record_id}" if record_id else "/"
        self.parts.api.call(current.key, FrontdoorUrl(path), lane=Lane.WRITE, on_done=self._on_frontdoor)

    def _on_frontdoor(self, outcome: ApiOutcome[str]) -> None:
        if outcome.value is not None:
            QDesktopServices.openUrl(QUrl(outcome.value))
        else:
            self.show_error(outcome.error)

    @Slot()
    def open_settings(self) -> None:
        """The settings dialog: sessions, connected app, login hosts, network."""
        # The settings dialog loads when first opened, not at start-up.
        from desktop_app.ui.settings.dialog import SettingsDialog

        states = {a.key: self.parts.states.get(a.key).value for a in self.book.accounts}
        dialog = SettingsDialog(
            self.book,
            self.parts.tasks,
            account_states=states,
            network=self.network(),
            api_usage=self.account_events.usage,
            parent=self.window,
        )
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self._add_notifications_tab(dialog)
        dialog.account_removed.connect(self._on_account_removed)
        dialog.sign_in_again_requested.connect(self.sign_in_again)
        self.settings_dialog = dialog
        dialog.open()

    @Slot()
    def about(self) -> None:
        """Version, Qt version and the keyring backend in use."""
        # The About box loads when first asked for.
        from desktop_app.ui.window.about import show_about

        show_about(self.window, self.parts.secrets)

    # -- background activity -------------------------------------------------------------------------------

    def start_activity(self, schedule: WatchSchedule | None = None) -> ActivityController:
        """Start watching every account: unread badges, desktop notifications, the tray icon."""
        if self.activity is None:
            # Loaded after the first feed paint: QtDBus and the watcher are no part of start-up.
            from desktop_app.ui.activity.controller import ActivityController

            self.activity = ActivityController(
                self.window, self.parts.api, self.parts.settings, schedule=schedule, parent=self
            )
            self.activity.open_post.connect(self.open_post)
            self.activity.unread_total_changed.connect(self.sidebar.set_unread_total)
            self.window.closing.connect(self.activity.stop)
            self._watch_accounts()
        return self.activity

    @Slot(str, object)
    def _watch_accounts(self, *_shown: object) -> None:
        if self.activity is not None:
            current = self.window.current_account
            # Only the news feed on screen keeps itself up to date and is seen; elsewhere (a group, a search)
            # the account's news feed is watched like any account's in the background.
            showing_news = current is not None and self.window.navigation.place == News()
            self.activity.set_accounts(self.book.accounts, current.key if showing_news and current else None)

    @Slot(str, str)
    def open_post(self, key: str, element_id: str) -> None:
        """Show an account and select one of its posts (a notification was clicked)."""
        if self.book.get(key) is None:
            return
        self.window.bring_to_front()
        self.switch_account(key)
        if self.window.navigation.place != News():
            # The news feed holds what notifications are about; a group list or another feed may not.
            self.window.navigation.open_place(News())
        self.window.feed.show_post(element_id)

    def _add_notifications_tab(self, dialog: QWidget) -> None:
        # The notifications tab loads with the settings dialog, not at start-up.
        from desktop_app.activity.prefs import NotificationPrefs
        from desktop_app.ui.settings.notifications import NotificationsTab

        tabs = getattr(dialog, "tabs", None)
        if not isinstance(tabs, QTabWidget):
            return
        prefs = self.activity.prefs if self.activity is not None else NotificationPrefs(self.parts.settings)
        tray = self.activity is not None and self.activity.tray is not None
        tab = NotificationsTab(prefs, self.book.accounts, tray_available=tray, parent=dialog)
        tabs.addTab(tab, "N&otifications")
