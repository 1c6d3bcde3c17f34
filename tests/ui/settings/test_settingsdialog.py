"""Settings dialog: revoking sessions against the demo org, connected-app validation, login hosts."""

from __future__ import annotations

import socket
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
from msgspec.structs import replace
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox
from pytestqt.qtbot import QtBot

from desktop_app.accounts.book import AccountBook
from desktop_app.accounts.revoke import UNREACHABLE_QUESTION, RevokeReport, Step
from desktop_app.api.feedcache import FeedCache
from desktop_app.api.photos import PhotoCache
from desktop_app.auth.account import Account
from desktop_app.demo_org import DemoOrg, DemoUser
from desktop_app.storage import settings as keys
from desktop_app.storage.registry import AccountRegistry
from desktop_app.storage.secrets import MemorySecretStore, Tokens
from desktop_app.storage.settings import Settings
from desktop_app.ui.app.tasks import TaskRunner
from desktop_app.ui.settings.connectedapp import check_app_settings
from desktop_app.ui.settings.dialog import SettingsDialog
from desktop_app.ui.settings.loginhosts import HostCheck
from desktop_app.ui.shared import dialogs
from tests.demo_accounts import signed_in_account

Yes = QMessageBox.StandardButton.Yes
No = QMessageBox.StandardButton.No


def closed_port_url() -> str:
    """A loopback address nothing listens on."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    return f"http://127.0.0.1:{port}"


class Answers:
    """Stands in for QMessageBox.question: records each question and answers from a script (then Yes)."""

    def __init__(self, *answers: QMessageBox.StandardButton) -> None:
        self.answers = list(answers)
        self.questions: list[str] = []

    def __call__(self, _parent: object, _title: str, text: str, *_args: object) -> QMessageBox.StandardButton:
        self.questions.append(text)
        return self.answers.pop(0) if self.answers else Yes


@pytest.fixture
def answers(monkeypatch: pytest.MonkeyPatch) -> Answers:
    script = Answers()
    monkeypatch.setattr(dialogs, "question", script)
    return script


@pytest.fixture
def tasks(qtbot: QtBot) -> Iterator[TaskRunner]:
    runner = TaskRunner()
    yield runner
    assert runner.wait()


@dataclass
class World:
    """What a settings dialog works on: the demo org, a keyring, an account list, settings, a photo cache."""

    qtbot: QtBot
    demo: DemoOrg
    secrets: MemorySecretStore
    registry: AccountRegistry
    settings: Settings
    photo_cache: PhotoCache
    tasks: TaskRunner
    removed: list[str] = field(default_factory=list)

    def sign_in(self, user: DemoUser, demo: DemoOrg | None = None) -> Account:
        """A demo user signed in without the browser: tokens in the store, the record in the registry."""
        signed_in_at = datetime.now(UTC).isoformat(timespec="seconds")
        account = signed_in_account(demo or self.demo, user, self.secrets, signed_in_at=signed_in_at)
        self.registry.upsert(account)
        return account

    def refresh_token(self, account: Account) -> str:
        tokens = self.secrets.get(account.key)
        assert tokens is not None
        assert tokens.refresh_token
        return tokens.refresh_token

    def dialog(self, **kwargs: Any) -> SettingsDialog:
        book = AccountBook(
            registry=self.registry,
            secrets=self.secrets,
            settings=self.settings,
            photo_cache=self.photo_cache,
            feed_cache=FeedCache(self.photo_cache.cache_dir.parent / "feeds"),
        )
        dialog = SettingsDialog(book, self.tasks, **kwargs)
        self.qtbot.addWidget(dialog)
        dialog.account_removed.connect(self.removed.append)
        dialog.show()
        return dialog

    def revoke(self, dialog: SettingsDialog, key: str) -> RevokeReport:
        """Select the account, press Revoke and wait for the report."""
        dialog.sessions.select_key(key)
        with self.qtbot.wait_signal(dialog.revoke_finished, timeout=15_000) as blocker:
            self.qtbot.mouseClick(dialog.sessions.revoke_button, Qt.MouseButton.LeftButton)
        report = blocker.args[0]
        assert isinstance(report, RevokeReport)
        self.qtbot.wait_until(lambda: not dialog.sessions.busy, timeout=5_000)
        return report


@pytest.fixture
def world(
    qtbot: QtBot, demo: DemoOrg, secrets: MemorySecretStore, tmp_path: Path, tasks: TaskRunner
) -> World:
    settings = Settings(tmp_path / "settings.json")
    settings.set(keys.CLIENT_ID, demo.client_id)
    registry = AccountRegistry(tmp_path / "accounts.json")
    return World(qtbot, demo, secrets, registry, settings, PhotoCache(tmp_path / "photos"), tasks)


# Sessions


def test_sessions_table_lists_every_account(world: World) -> None:
    demo = world.demo
    first = world.sign_in(demo.users[0])
    second = world.sign_in(next(u for u in demo.users if u.org_id == demo.orgs[1].org_id))
    dialog = world.dialog(account_states={second.key: "needs sign-in"})
    model = dialog.sessions.model
    assert model.rowCount() == 2
    row = [model.index(0, c).data() for c in range(model.columnCount())]
    assert row[0] == "Acme Demo"
    assert row[1] == first.display_name
    assert row[2] == demo.login_url.removeprefix("http://")
    assert row[3] == first.instance_url.removeprefix("http://")
    assert row[5] == "never"
    assert row[6] == "Signed in"
    assert model.index(1, 0).data() == demo.orgs[1].name
    assert model.index(1, 6).data() == "Needs sign-in"
    assert dialog.sessions.revoke_button.isEnabled()


def test_revoke_revokes_at_the_org_and_forgets_the_account(world: World, answers: Answers) -> None:
    demo = world.demo
    target = world.sign_in(demo.users[0])
    other = world.sign_in(demo.users[1])
    target_rt, other_rt = world.refresh_token(target), world.refresh_token(other)
    photos = world.photo_cache.account_dir(target.key)
    photos.mkdir(parents=True)
    (photos / "photo").write_bytes(b"cached")
    dialog = world.dialog()

    report = world.revoke(dialog, target.key)

    assert len(answers.questions) == 1
    assert "Revoke the session" in answers.questions[0]
    assert demo.is_refresh_token_valid(target_rt) is False
    assert world.secrets.get(target.key) is None
    assert world.registry.get(target.key) is None
    assert AccountRegistry(world.registry.path).get(target.key) is None
    assert not photos.exists()
    assert world.removed == [target.key]
    assert report.revoked
    assert report.removed
    assert all(step.done for step in report.steps)
    assert [s.step for s in report.steps] == [Step.REVOKE, Step.SECRETS, Step.REGISTRY, Step.CACHE]
    assert "✓ Revoked the refresh token" in dialog.sessions.report_view.toPlainText()
    # The other session is untouched.
    assert demo.is_refresh_token_valid(other_rt) is True
    assert world.secrets.get(other.key) is not None
    assert dialog.sessions.model.rowCount() == 1


def test_revoke_with_the_org_unreachable_offers_local_removal(world: World, answers: Answers) -> None:
    account = replace(world.sign_in(world.demo.users[0]), login_host=closed_port_url())
    world.registry.upsert(account)
    rt = world.refresh_token(account)
    dialog = world.dialog()

    report = world.revoke(dialog, account.key)

    assert len(answers.questions) == 2
    assert UNREACHABLE_QUESTION in answers.questions[1]
    assert world.removed == [account.key]
    assert world.secrets.get(account.key) is None
    assert world.registry.get(account.key) is None
    assert report.removed
    assert not report.revoked
    revoke = report.outcome(Step.REVOKE)
    assert revoke is not None
    assert not revoke.done
    assert "NOT revoked" in revoke.text
    assert "NOT revoked at Salesforce" in dialog.sessions.report_view.toPlainText()
    # Nothing reached the org, so the token there still works: the report must not claim otherwise.
    assert world.demo.is_refresh_token_valid(rt) is True


def test_revoke_with_the_org_down_keeps_the_account_when_told_to(
    world: World, monkeypatch: pytest.MonkeyPatch
) -> None:
    with DemoOrg() as down:
        account = world.sign_in(down.users[0], down)
    answers = Answers(Yes, No)
    monkeypatch.setattr(dialogs, "question", answers)
    dialog = world.dialog()

    report = world.revoke(dialog, account.key)

    assert UNREACHABLE_QUESTION in answers.questions[1]
    assert world.removed == []
    assert not report.removed
    assert not report.revoked
    assert world.secrets.get(account.key) is not None
    assert world.registry.get(account.key) is not None
    assert "kept on this computer" in dialog.sessions.report_view.toPlainText()


def test_revoke_all_revokes_every_session(qtbot: QtBot, world: World, answers: Answers) -> None:
    demo = world.demo
    accounts = [world.sign_in(user) for user in demo.users[:3]]
    tokens = [world.refresh_token(a) for a in accounts]
    dialog = world.dialog()

    qtbot.mouseClick(dialog.sessions.revoke_all_button, Qt.MouseButton.LeftButton)
    qtbot.wait_until(lambda: len(world.removed) == 3 and not dialog.sessions.busy, timeout=20_000)

    assert len(answers.questions) == 1
    assert "Revoke all 3 sessions" in answers.questions[0]
    assert world.removed == [a.key for a in accounts]
    assert not any(demo.is_refresh_token_valid(t) for t in tokens)
    assert world.registry.accounts == []
    assert all(world.secrets.get(a.key) is None for a in accounts)
    assert all(r.revoked and r.removed for r in dialog.sessions.reports)
    assert dialog.sessions.model.rowCount() == 0
    assert not dialog.sessions.revoke_all_button.isEnabled()


def test_declining_the_confirmation_changes_nothing(
    qtbot: QtBot, world: World, monkeypatch: pytest.MonkeyPatch
) -> None:
    account = world.sign_in(world.demo.users[0])
    monkeypatch.setattr(dialogs, "question", Answers(No))
    dialog = world.dialog()
    dialog.sessions.select_key(account.key)
    qtbot.mouseClick(dialog.sessions.revoke_button, Qt.MouseButton.LeftButton)
    assert not dialog.sessions.busy
    assert world.demo.is_refresh_token_valid(world.refresh_token(account))
    assert world.registry.get(account.key) is not None


def test_without_a_refresh_token_the_access_token_is_revoked(world: World, answers: Answers) -> None:
    account = world.sign_in(world.demo.users[0])
    tokens = world.secrets.get(account.key)
    assert tokens is not None
    world.secrets.set(account.key, Tokens(tokens.access_token, None))
    before = world.demo.counters["revoke"]
    dialog = world.dialog()
    report = world.revoke(dialog, account.key)
    assert world.demo.counters["revoke"] == before + 1
    revoke = report.outcome(Step.REVOKE)
    assert revoke is not None
    assert revoke.done
    assert "access token" in revoke.text
    assert report.removed


def test_the_dialog_stays_open_while_a_revoke_runs(qtbot: QtBot, world: World, answers: Answers) -> None:
    account = world.sign_in(world.demo.users[0])
    dialog = world.dialog()
    dialog.sessions.select_key(account.key)
    with qtbot.wait_signal(dialog.revoke_finished, timeout=15_000):
        qtbot.mouseClick(dialog.sessions.revoke_button, Qt.MouseButton.LeftButton)
        assert dialog.sessions.progress.isVisibleTo(dialog)
        assert not dialog.sessions.revoke_all_button.isEnabled()
        dialog.reject()
        assert dialog.isVisible()
    qtbot.wait_until(lambda: not dialog.sessions.busy, timeout=5_000)
    assert not dialog.sessions.progress.isVisibleTo(dialog)
    dialog.reject()
    assert not dialog.isVisible()


def test_sign_in_again_emits_the_key_and_closes(qtbot: QtBot, world: World) -> None:
    world.sign_in(world.demo.users[0])
    account = world.sign_in(world.demo.users[1])
    dialog = world.dialog()
    dialog.sessions.select_key(account.key)
    with qtbot.wait_signal(dialog.sign_in_again_requested, timeout=1_000) as blocker:
        qtbot.mouseClick(dialog.sessions.sign_in_button, Qt.MouseButton.LeftButton)
    assert blocker.args == [account.key]
    assert not dialog.isVisible()


# Connected app


@pytest.mark.parametrize(
    ("client_id", "callback", "scopes", "message"),
    [
        ("", "", "api refresh_token", "Enter the consumer key"),
        ("3MVG9 abc", "", "api refresh_token", "spaces or symbols"),
        ("3MVG9abc", "http://example.com/callback", "api", "must start with https://"),
        ("3MVG9abc", "example.com/callback", "api", "not a complete address"),
        ("3MVG9abc", "https://example.com/cb#x", "api", "must not contain"),
        ("3MVG9abc", "", "refresh_token web", "must include \u201capi\u201d"),
        ("3MVG9abc", "", "api,refresh_token", "not OAuth scope names"),
        ("3MVG9abc", "", "   ", "Enter the OAuth scopes"),
    ],
)
def test_connected_app_settings_are_validated(
    client_id: str, callback: str, scopes: str, message: str
) -> None:
    check = check_app_settings(client_id, callback, scopes)
    assert not check.ok
    assert any(message in error for error in check.errors), check.errors


def test_good_connected_app_settings_pass_with_warnings_where_due() -> None:
    good = check_app_settings(" 3MVG9x.y_z ", "https://acme.my.salesforce.com/services/oauth2/success", "api")
    assert good.ok
    assert good.scopes == "api"
    assert any("refresh_token" in w for w in good.warnings)
    loopback = check_app_settings("3MVG9abc", "http://127.0.0.1:8080/cb", "api  refresh_token api")
    assert loopback.ok
    assert not loopback.warnings
    assert loopback.scopes == "api refresh_token"
    assert check_app_settings("3MVG9abc", "", "api offline_access").warnings == ()


def test_connected_app_tab_saves_valid_settings(qtbot: QtBot, world: World) -> None:
    settings = world.settings
    dialog = world.dialog()
    tab = dialog.connected_app
    assert tab.client_id.text() == settings.get_str(keys.CLIENT_ID)
    assert tab.scopes.text() == "api refresh_token"
    tab.client_id.setText("3MVG9NewConsumerKey")
    tab.callback_url.setText("https://acme.my.salesforce.com/services/oauth2/success")
    tab.scopes.setText("refresh_token  api")
    tab.flow.setCurrentIndex(tab.flow.findData("pkce"))
    with qtbot.wait_signal(dialog.app_settings_saved, timeout=1_000):
        qtbot.mouseClick(tab.save_button, Qt.MouseButton.LeftButton)
    saved = Settings(settings.path)
    assert saved.get_str(keys.CLIENT_ID) == "3MVG9NewConsumerKey"
    assert saved.get_str(keys.CALLBACK_URL) == "https://acme.my.salesforce.com/services/oauth2/success"
    assert saved.get_str(keys.SCOPES) == "refresh_token api"
    assert saved.get_str(keys.DEFAULT_FLOW) == "pkce"
    assert tab.status.text().startswith("✓ Saved")


def test_connected_app_tab_refuses_invalid_settings(world: World) -> None:
    settings = world.settings
    before = settings.get_str(keys.CLIENT_ID)
    dialog = world.dialog()
    tab = dialog.connected_app
    tab.callback_url.setText("http://acme.example.com/callback")
    tab.scopes.setText("refresh_token")
    assert tab.save() is False
    assert "must start with https://" in tab.status.text()
    assert "must include" in tab.status.text()
    assert tab.status.textFormat() == Qt.TextFormat.PlainText
    assert Settings(settings.path).get_str(keys.CLIENT_ID) == before
    assert Settings(settings.path).get_str(keys.CALLBACK_URL) == ""


def test_warnings_are_shown_after_saving(world: World) -> None:
    dialog = world.dialog()
    tab = dialog.connected_app
    tab.scopes.setText("api")
    assert tab.save() is True
    assert "sign in again" in tab.status.text()


# Login hosts


def test_login_hosts_are_normalised_saved_and_removed(qtbot: QtBot, world: World) -> None:
    settings = world.settings
    dialog = world.dialog()
    tab = dialog.login_hosts
    tab.host_edit.setText("Acme.My.Salesforce.com/some/path")
    with qtbot.wait_signal(dialog.login_hosts_changed, timeout=1_000) as blocker:
        qtbot.keyClick(tab.host_edit, Qt.Key.Key_Return)
    assert blocker.args == [["https://acme.my.salesforce.com"]]
    assert Settings(settings.path).get_str_list(keys.LOGIN_HOSTS) == ["https://acme.my.salesforce.com"]
    assert tab.host_edit.text() == ""

    tab.host_edit.setText("acme.my.salesforce.com")
    tab.add_host()
    assert "already in the list" in tab.status.text()
    tab.host_edit.setText("login.salesforce.com")
    tab.add_host()
    assert "always available" in tab.status.text()
    tab.host_edit.setText("not a host")
    tab.add_host()
    assert "not a host Connect Desktop can sign in at" in tab.status.text()
    tab.host_edit.setText("http://acme.example.com")
    tab.add_host()
    assert "not a host" in tab.status.text()
    assert tab.hosts == ["https://acme.my.salesforce.com"]

    tab.host_edit.clear()
    tab.host_list.setCurrentRow(0)
    qtbot.mouseClick(tab.remove_button, Qt.MouseButton.LeftButton)
    assert tab.hosts == []
    assert Settings(settings.path).get_str_list(keys.LOGIN_HOSTS) == []


def test_checking_a_login_host_reports_reachability(qtbot: QtBot, world: World) -> None:
    demo = world.demo
    dialog = world.dialog()
    tab = dialog.login_hosts
    tab.host_edit.setText(demo.login_url)
    tab.add_host()
    with qtbot.wait_signal(tab.check_finished, timeout=15_000) as blocker:
        qtbot.mouseClick(tab.check_button, Qt.MouseButton.LeftButton)
    check = blocker.args[0]
    assert isinstance(check, HostCheck)
    assert check.reachable
    assert tab.status.text().startswith(f"✓ {demo.login_url} is reachable")

    closed = closed_port_url()
    tab.host_edit.setText(closed)
    with qtbot.wait_signal(tab.check_finished, timeout=15_000) as blocker:
        qtbot.mouseClick(tab.check_button, Qt.MouseButton.LeftButton)
    assert not blocker.args[0].reachable
    assert tab.status.text() == f"✗ {closed} is not reachable: " + (
        "the connection failed (the name may be wrong, or a firewall or proxy blocks it)."
    )
