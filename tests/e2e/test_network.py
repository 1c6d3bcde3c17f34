"""Proxy and trust end to end: the whole app through a real forward proxy, and against the demo org over TLS.

"Only through the proxy": the demo org is named ``demo-org.test``, a name only the proxy can resolve (its own
hosts file, tests/proxying.py), so neither the web engine nor the API client can reach it by that name without
the proxy. Chromium sends a name like that through Qt's application proxy; loopback addresses (all of
127.0.0.0/8, localhost) and one-label names it never does, as measured here with Qt 6.11. Chromium tunnels
with ``CONNECT ... HTTP/1.1`` and requests with ``HTTP/1.0``, which tells the two halves apart in the log.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from urllib.parse import parse_qsl, urlsplit

import pytest
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from desktop_app.auth import network
from desktop_app.auth.network import NetworkConfig, ProxyConfig, ProxyMode
from desktop_app.auth.request import Flow
from desktop_app.auth.signin import SignedIn
from desktop_app.demo_org import DemoOrg
from desktop_app.storage.networksettings import save_network
from desktop_app.storage.proxysecrets import ProxySecrets
from desktop_app.storage.settings import Settings
from desktop_app.ui.app.composition import Composition
from desktop_app.ui.app.network import NetworkControl, apply_to_qt
from desktop_app.ui.app.tasks import TaskRunner
from desktop_app.ui.settings.dialog import SettingsDialog
from desktop_app.ui.signin.signindialog import SignInDialog
from desktop_app.ui.window.mainwindow import MainWindow
from tests.e2e.conftest import PageDriver
from tests.e2e.test_window_flow import TIMEOUT, sign_in_through_the_dialog
from tests.proxying import PROXIED_NAME, Proxy, tinyproxy
from tests.ui.windowing import make_services, save_account, shoot

pytestmark = [
    pytest.mark.e2e,
    pytest.mark.qt_log_ignore(
        "Failed to create RHI for backend",
        "QVulkanInstance: Failed to initialize Vulkan",
        "GBM is not supported",
    ),
]


@pytest.fixture(autouse=True)
def _network_restored() -> Iterator[None]:
    """The process-wide proxy and trust choices (Qt's and the core's) go back to the defaults afterwards."""
    yield
    network.configure(NetworkConfig())
    apply_to_qt(ProxyConfig())


@pytest.fixture(scope="module")
def named_demo() -> Iterator[DemoOrg]:
    """The demo org over https under a name only the proxy resolves."""
    with DemoOrg(tls=True, host_name=PROXIED_NAME) as org:
        yield org


@pytest.fixture
def proxy(tmp_path: Path) -> Iterator[Proxy]:
    with tinyproxy(tmp_path / "proxy") as running:
        yield running


class DictKeyring:
    """A keyring backend in a dict, standing in for the Secret Service in this window."""

    def __init__(self) -> None:
        self.entries: dict[tuple[str, str], str] = {}

    def get_password(self, service: str, user: str) -> str | None:
        return self.entries.get((service, user))

    def set_password(self, service: str, user: str, value: str) -> None:
        self.entries[(service, user)] = value

    def delete_password(self, service: str, user: str) -> None:
        self.entries.pop((service, user), None)


def port_of(url: str) -> int:
    return int(url.rsplit(":", 1)[1].split("/", 1)[0])


@contextmanager
def window_with(
    qtbot: QtBot,
    tmp_path: Path,
    demo: DemoOrg,
    config: NetworkConfig,
    proxy_secrets: ProxySecrets | None = None,
) -> Iterator[tuple[MainWindow, Composition]]:
    """A window offering the demo org, whose saved network choices are ``config`` (applied at restore)."""
    services = make_services(tmp_path / "profile", demo)
    services.use_demo(demo)
    services.proxy_secrets = proxy_secrets or ProxySecrets("connect-desktop-test", DictKeyring)
    save_network(services.settings, config)
    root = Composition(services)
    qtbot.addWidget(root.window)
    root.restore()
    root.window.show()
    try:
        yield root.window, root
    finally:
        root.window.close()
        services.use_demo(None)  # the demo org outlives this window
        services.close()


@contextmanager
def settings_open(qtbot: QtBot, root: Composition) -> Iterator[SettingsDialog]:
    root.open_settings()
    dialog = root.settings_dialog
    assert isinstance(dialog, SettingsDialog)
    qtbot.wait_exposed(dialog)
    try:
        yield dialog
    finally:
        dialog.close()


def test_sign_in_and_api_go_through_the_proxy_and_fail_clearly_without_it(
    qtbot: QtBot, tmp_path: Path, named_demo: DemoOrg, proxy: Proxy
) -> None:
    assert named_demo.ca_file is not None
    config = NetworkConfig(ProxyConfig(ProxyMode.MANUAL, "127.0.0.1", proxy.port), str(named_demo.ca_file))
    login_port = port_of(named_demo.login_url)
    user = named_demo.users[0]
    with window_with(qtbot, tmp_path, named_demo, config) as (window, root):
        key = sign_in_through_the_dialog(qtbot, root, user, window.welcome.sign_in_button.click)
        qtbot.wait_until(lambda: window.feed.model.item_count >= 25, timeout=TIMEOUT)
        account = root.book.get(key)
        assert account is not None
        instance_port = port_of(account.instance_url)
        # The page (Chromium: HTTP/1.1) and the token, identity and API calls (requests: HTTP/1.0).
        tunnels = proxy.tunnels_to(PROXIED_NAME)
        assert f"CONNECT {PROXIED_NAME}:{login_port} HTTP/1.1" in tunnels
        assert f"CONNECT {PROXIED_NAME}:{login_port} HTTP/1.0" in tunnels
        assert f"CONNECT {PROXIED_NAME}:{instance_port} HTTP/1.0" in tunnels

        with settings_open(qtbot, root) as dialog:
            sessions = dialog.sessions
            sessions.select_key(key)
            sessions.details.check_now()
            qtbot.wait_until(lambda: "Checked" in sessions.details.result.text(), timeout=TIMEOUT)
            assert sessions.details.values["Granted scopes"].text() == "api refresh_token"
            assert "API requests in the last 24 hours" in sessions.details.values["API use (24 h)"].text()
            shoot(dialog, "settings-session-details")

            tab = dialog.network
            assert tab is not None
            dialog.show_tab(SettingsDialog.NETWORK)
            assert tab.mode is ProxyMode.MANUAL
            assert tab.port.value() == proxy.port
            shoot(dialog, "settings-network")
            tab.mode_buttons[ProxyMode.NONE].setChecked(True)
            assert tab.apply()
            assert "none (direct)" in tab.status.text()

            dialog.show_tab(SettingsDialog.SESSIONS)
            before = len(proxy.requests())
            sessions.details.check_now()
            qtbot.wait_until(lambda: "failed" in sessions.details.result.text(), timeout=TIMEOUT)
            words = sessions.details.result.text()
            assert f"Can't find the server {PROXIED_NAME}:" in words
            assert "Proxy is set to none" in words
            assert len(proxy.requests()) == before

        root.add_account()
        qtbot.wait_until(lambda: isinstance(root.sign_in.dialog, SignInDialog), timeout=TIMEOUT)
        signin = root.sign_in.dialog
        assert isinstance(signin, SignInDialog)
        qtbot.wait_until(
            lambda: f"Can't reach {PROXIED_NAME}:{login_port}" in signin.message, timeout=TIMEOUT
        )
        assert "Settings \u2192 Network" in signin.message
        assert "server not reachable" in signin.diagnostics_report()
        assert len(proxy.requests()) == before
        signin.close()


def test_with_its_ca_the_tls_demo_org_works_and_without_it_both_halves_refuse(
    qtbot: QtBot, tmp_path: Path
) -> None:
    with DemoOrg(tls=True) as demo:
        assert demo.ca_file is not None
        trusted = NetworkConfig(ProxyConfig(ProxyMode.NONE), str(demo.ca_file))
        with window_with(qtbot, tmp_path / "trusted", demo, trusted) as (window, root):
            sign_in_through_the_dialog(qtbot, root, demo.users[0], window.welcome.sign_in_button.click)
            qtbot.wait_until(lambda: window.feed.model.item_count >= 25, timeout=TIMEOUT)

        untrusted = NetworkConfig(ProxyConfig(ProxyMode.NONE))
        host = demo.login_url.removeprefix("https://")
        with window_with(qtbot, tmp_path / "untrusted", demo, untrusted) as (window, root):
            # The API half: an account signed in earlier, whose org's certificate is not trusted now.
            save_account(root.parts, demo, demo.users[1])
            root.reload_accounts()
            qtbot.wait_until(lambda: "not accepted" in window.messages.text, timeout=TIMEOUT)
            api_words = window.messages.text
            assert "issued by \u201cConnect Desktop Demo CA\u201d" in api_words
            assert "Settings \u2192 Network" in api_words
            assert window.feed.model.item_count == 0

            # The web view half: the sign-in page refuses the certificate and says why.
            root.add_account()
            qtbot.wait_until(lambda: isinstance(root.sign_in.dialog, SignInDialog), timeout=TIMEOUT)
            signin = root.sign_in.dialog
            assert isinstance(signin, SignInDialog)
            qtbot.wait_until(lambda: "is not secure" in signin.message, timeout=TIMEOUT)
            page_words = signin.message
            assert f"The connection to {host} is not secure" in page_words
            assert "issued by \u201cConnect Desktop Demo CA\u201d" in page_words
            assert "Extra CA certificate" in page_words
            assert "Outcome: certificate error" in signin.diagnostics_report()
            signin.close()


def test_a_ca_that_did_not_sign_the_server_is_not_enough(qtbot: QtBot, tmp_path: Path) -> None:
    with DemoOrg(tls=True) as demo, DemoOrg(tls=True) as other:
        assert other.ca_file is not None
        wrong = NetworkConfig(ProxyConfig(ProxyMode.NONE), str(other.ca_file))
        with window_with(qtbot, tmp_path, demo, wrong) as (_window, root):
            root.add_account()
            qtbot.wait_until(lambda: isinstance(root.sign_in.dialog, SignInDialog), timeout=TIMEOUT)
            signin = root.sign_in.dialog
            assert isinstance(signin, SignInDialog)
            qtbot.wait_until(lambda: "is not secure" in signin.message, timeout=TIMEOUT)
            assert "does not verify against demo-ca.pem" in signin.message
            signin.close()


def test_a_proxy_that_asks_for_a_password_is_asked_once_and_the_answer_kept(
    qtbot: QtBot, tmp_path: Path, named_demo: DemoOrg
) -> None:
    assert named_demo.ca_file is not None
    with tinyproxy(tmp_path / "auth-proxy", user="ann", password="s3cret") as proxy:
        config = NetworkConfig(
            ProxyConfig(ProxyMode.MANUAL, "127.0.0.1", proxy.port), str(named_demo.ca_file)
        )
        keyring = DictKeyring()
        secrets = ProxySecrets("connect-desktop-test", lambda: keyring)
        with window_with(qtbot, tmp_path, named_demo, config, secrets) as (window, root):
            asked: list[tuple[str, str]] = []

            def answer(address: str, user: str) -> tuple[str, str]:
                asked.append((address, user))
                return "ann", "s3cret"

            root.parts.network.prompt = answer
            sign_in_through_the_dialog(qtbot, root, named_demo.users[2], window.welcome.sign_in_button.click)
            qtbot.wait_until(lambda: window.feed.model.item_count >= 25, timeout=TIMEOUT)
            assert asked == [(f"127.0.0.1:{proxy.port}", "")]
            kept = root.parts.network.config.proxy
            assert (kept.user, kept.password) == ("ann", "s3cret")
            qtbot.wait_until(lambda: bool(keyring.entries), timeout=TIMEOUT)
            assert list(keyring.entries) == [("connect-desktop-test", f"proxy:127.0.0.1:{proxy.port}")]
            assert next(iter(keyring.entries.values())).endswith('"u":"ann","p":"s3cret"}')
            # Asked once: the next sign-in's page gets the kept answer without a question.
            root.add_account()
            qtbot.wait_until(lambda: isinstance(root.sign_in.dialog, SignInDialog), timeout=TIMEOUT)
            signin = root.sign_in.dialog
            assert isinstance(signin, SignInDialog)
            PageDriver(qtbot, signin).wait_for_element("username")
            assert len(asked) == 1
            signin.close()
            assert root.parts.settings.get("proxy_user") == "ann"
            assert "s3cret" not in root.parts.paths.settings_file.read_text(encoding="utf-8")


def test_copy_diagnostics_holds_no_token_code_state_or_cookie(
    qtbot: QtBot,
    tmp_path: Path,
    demo: DemoOrg,
    tasks: TaskRunner,
    make_dialog: Callable[..., SignInDialog],
) -> None:
    control = NetworkControl(Settings(tmp_path / "settings.json"), ProxySecrets("test", DictKeyring), tasks)
    control.start()
    for index, flow in enumerate((Flow.USER_AGENT, Flow.PKCE)):
        dialog = make_dialog(default_flow=flow, network=control)
        dialog.show()
        qtbot.wait_until(lambda d=dialog: d.browser.page is not None, timeout=TIMEOUT)
        page, profile = dialog.browser.page, dialog.browser.profile
        assert page is not None
        assert profile is not None
        issued: list[str] = []
        page.callback_reached.connect(lambda url, issued=issued: issued.extend(callback_values(url)))
        profile.cookieStore().cookieAdded.connect(
            lambda cookie, issued=issued: issued.append(bytes(cookie.value().data()).decode("latin-1"))
        )
        user = demo.users[index]
        with qtbot.wait_signal(dialog.signed_in, timeout=TIMEOUT) as blocker:
            driver = PageDriver(qtbot, dialog)
            driver.log_in(user.username, user.password)
            driver.approve_if_asked()
        signed_in = blocker.args[0]
        assert isinstance(signed_in, SignedIn)
        dialog.copy_diagnostics()
        report = QApplication.clipboard().text()
        assert report == dialog.diagnostics_report()
        secrets = [signed_in.tokens.access_token, signed_in.tokens.refresh_token or "", *issued]
        # Tokens, the state, the code (PKCE) or the signature (user-agent), and the session cookie.
        assert len([v for v in secrets if len(v) >= 8]) >= 5, flow
        for value in secrets:
            if len(value) >= 8:
                assert value not in report, f"a value the org issued ({value[:4]}\u2026) is in the report"
        assert "Outcome: signed in" in report
        assert f"Login host: {demo.login_url} (flow: {flow.value})" in report
        assert "Qt 6." in report
        assert "QtWebEngine" in report
        assert "Network: proxy system settings" in report
        assert f"{demo.login_url}/services/oauth2/authorize" in report
        assert "callback" in report
        steps = report.split("Steps", 1)[1]
        assert "?" not in steps
        assert "#" not in steps


def callback_values(url: str) -> list[str]:
    """Every parameter value of a callback URL (query and fragment): tokens, code, state, signature."""
    parts = urlsplit(url)
    return [value for part in (parts.query, parts.fragment) for _key, value in parse_qsl(part)]
