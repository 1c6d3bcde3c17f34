"""Settings > Network: the choice is checked, kept (password in the keyring), applied to Qt and the core."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtNetwork import QNetworkProxy, QNetworkProxyFactory
from pytestqt.qtbot import QtBot

from desktop_app.auth import network
from desktop_app.auth.network import NetworkConfig, ProxyConfig, ProxyMode
from desktop_app.demo_org.tls import ensure_certificates
from desktop_app.storage import settings as keys
from desktop_app.storage.networksettings import load_network, save_network
from desktop_app.storage.proxysecrets import ProxySecrets
from desktop_app.storage.settings import Settings
from desktop_app.ui.app.network import NetworkControl, apply_to_qt
from desktop_app.ui.app.tasks import TaskRunner
from desktop_app.ui.settings.network import NetworkTab
from desktop_app.ui.settings.sessiondetails import short_key


class DictKeyring:
    """A keyring backend in a dict."""

    def __init__(self) -> None:
        self.entries: dict[tuple[str, str], str] = {}

    def get_password(self, service: str, user: str) -> str | None:
        return self.entries.get((service, user))

    def set_password(self, service: str, user: str, value: str) -> None:
        self.entries[(service, user)] = value

    def delete_password(self, service: str, user: str) -> None:
        self.entries.pop((service, user), None)


@pytest.fixture(autouse=True)
def _defaults_restored() -> Iterator[None]:
    yield
    network.configure(NetworkConfig())
    apply_to_qt(ProxyConfig())


@pytest.fixture
def keyring() -> DictKeyring:
    return DictKeyring()


@pytest.fixture
def control(qtbot: QtBot, tmp_path: Path, keyring: DictKeyring) -> Iterator[NetworkControl]:
    tasks = TaskRunner()
    made = NetworkControl(Settings(tmp_path / "settings.json"), ProxySecrets("svc", lambda: keyring), tasks)
    yield made
    assert tasks.wait(10_000)


def test_a_manual_proxy_is_applied_to_qt_and_the_core_and_its_password_kept_in_the_keyring(
    qtbot: QtBot, control: NetworkControl, keyring: DictKeyring, tmp_path: Path
) -> None:
    tab = NetworkTab(control)
    qtbot.addWidget(tab)
    assert tab.mode is ProxyMode.SYSTEM
    assert not tab.host.isEnabled()
    tab.mode_buttons[ProxyMode.MANUAL].setChecked(True)
    assert tab.host.isEnabled()
    tab.host.setText("proxy")
    tab.port.setValue(3128)
    tab.user.setText("ann")
    tab.password.setText("hunter2")
    with qtbot.wait_signal(tab.saved):
        assert tab.apply()
    qtbot.wait_until(lambda: bool(keyring.entries))
    assert keyring.entries == {("svc", "proxy:proxy:3128"): '{"v":1,"u":"ann","p":"hunter2"}'}
    assert "hunter2" not in (tmp_path / "settings.json").read_text(encoding="utf-8")
    assert not QNetworkProxyFactory.usesSystemConfiguration()
    qt_proxy = QNetworkProxy.applicationProxy()
    assert qt_proxy.type() is QNetworkProxy.ProxyType.HttpProxy
    assert (qt_proxy.hostName(), qt_proxy.port(), qt_proxy.user(), qt_proxy.password()) == (
        "proxy",
        3128,
        "ann",
        "hunter2",
    )
    assert network.current().proxy == ProxyConfig(ProxyMode.MANUAL, "proxy", 3128, "ann", "hunter2")
    assert network.policy.proxies_for(None) == {
        "http": "http://ann:hunter2@proxy:3128",
        "https": "http://ann:hunter2@proxy:3128",
    }
    assert tab.password.text() == ""
    assert tab.password.placeholderText() == "kept in the keyring"
    assert "hunter2" not in tab.status.text()

    # An empty password field keeps the kept password; none and system switch Qt over.
    assert tab.apply()
    assert network.current().proxy.password == "hunter2"
    tab.mode_buttons[ProxyMode.NONE].setChecked(True)
    assert tab.apply()
    assert QNetworkProxy.applicationProxy().type() is QNetworkProxy.ProxyType.NoProxy
    assert not QNetworkProxyFactory.usesSystemConfiguration()
    tab.mode_buttons[ProxyMode.SYSTEM].setChecked(True)
    assert tab.apply()
    assert QNetworkProxyFactory.usesSystemConfiguration()
    assert network.current().proxy.mode is ProxyMode.SYSTEM


@pytest.mark.parametrize(
    ("host", "words"),
    [
        ("", "Enter the proxy's host name"),
        ("http://proxy:3128", "not a host name"),
        ("a b", "not a host name"),
    ],
)
def test_a_manual_proxy_needs_a_plain_host(
    qtbot: QtBot, control: NetworkControl, host: str, words: str
) -> None:
    tab = NetworkTab(control)
    qtbot.addWidget(tab)
    tab.mode_buttons[ProxyMode.MANUAL].setChecked(True)
    tab.host.setText(host)
    assert not tab.apply()
    assert words in tab.status.text()
    assert network.current() == NetworkConfig()


def test_a_file_that_is_no_ca_is_refused_and_nothing_changes(
    qtbot: QtBot, control: NetworkControl, tmp_path: Path
) -> None:
    tab = NetworkTab(control)
    qtbot.addWidget(tab)
    junk = tmp_path / "junk.pem"
    junk.write_text("not a certificate", encoding="ascii")
    tab.ca_file.setText(str(junk))
    assert not tab.apply()
    assert "holds no certificate" in tab.status.text()
    assert network.current().extra_ca_file == ""
    ca = ensure_certificates(tmp_path / "ca").ca_file
    tab.ca_file.setText(str(ca))
    assert tab.apply()
    assert network.current().extra_ca_file == str(ca)


def test_start_applies_the_saved_choice_with_the_password_from_the_keyring(
    qtbot: QtBot, control: NetworkControl, keyring: DictKeyring, tmp_path: Path
) -> None:
    settings = Settings(tmp_path / "settings.json")
    save_network(settings, NetworkConfig(ProxyConfig(ProxyMode.MANUAL, "proxy.corp", 8080, "ann")))
    keyring.entries[("svc", "proxy:proxy.corp:8080")] = '{"v":1,"u":"ann","p":"pw"}'
    fresh = NetworkControl(settings, ProxySecrets("svc", lambda: keyring), TaskRunner())
    fresh.start()
    assert network.current().proxy.host == "proxy.corp"
    qtbot.wait_until(lambda: network.current().proxy.password == "pw")
    assert QNetworkProxy.applicationProxy().password() == "pw"
    assert "pw" not in fresh.describe()
    assert fresh.describe() == "proxy manual: proxy.corp:8080 (as ann)"


def test_a_saved_ca_file_that_went_away_is_reported_and_left_out(
    qtbot: QtBot, control: NetworkControl, tmp_path: Path
) -> None:
    settings = Settings(tmp_path / "settings.json")
    settings.set(keys.EXTRA_CA_FILE, str(tmp_path / "gone.pem"))
    fresh = NetworkControl(settings, ProxySecrets("svc", DictKeyring), TaskRunner())
    with qtbot.wait_signal(fresh.problem) as blocker:
        fresh.start()
    assert "gone.pem could not be read" in blocker.args[0]
    assert network.current().extra_ca_file == ""
    assert load_network(settings).extra_ca_file == str(tmp_path / "gone.pem")


def test_a_proxy_asking_in_the_web_view_is_answered_from_what_is_known_else_asked(
    control: NetworkControl, keyring: DictKeyring, qtbot: QtBot
) -> None:
    asked: list[tuple[str, str]] = []
    control.prompt = lambda address, user: asked.append((address, user)) or ("bob", "pw2")
    control.apply(NetworkConfig(ProxyConfig(ProxyMode.MANUAL, "proxy.corp", 3128, "ann", "pw")))
    assert control.credentials_for("proxy.corp") == ("ann", "pw")
    assert asked == []
    # The proxy refused that: the person is asked, and the answer is kept for the manual proxy.
    assert control.credentials_for("proxy.corp", refused=True) == ("bob", "pw2")
    assert asked == [("proxy.corp:3128", "ann")]
    assert network.current().proxy.user == "bob"
    qtbot.wait_until(lambda: ("svc", "proxy:proxy.corp:3128") in keyring.entries)
    # Another proxy (the system's): asked once, then answered from memory.
    assert control.credentials_for("other") == ("bob", "pw2")
    assert control.credentials_for("other") == ("bob", "pw2")
    assert len(asked) == 2
    control.prompt = lambda _address, _user: None
    assert control.credentials_for("third") is None


@pytest.mark.parametrize(
    ("key", "shown"),
    [("", "not recorded"), ("short", "short"), ("3MVG9A2kN3Bn17hsWsLDatc", "3MVG9A\u2026Datc")],
)
def test_consumer_keys_are_shown_shortened(key: str, shown: str) -> None:
    assert short_key(key) == shown
