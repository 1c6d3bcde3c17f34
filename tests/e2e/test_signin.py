"""Signing in end to end: the real QtWebEngine, offscreen, against the demo org, saved with AccountVault."""

from __future__ import annotations

import logging
import os
from collections.abc import Callable
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

import pytest
import shiboken6
from PySide6.QtWidgets import QPushButton
from pytestqt.qtbot import QtBot

from desktop_app.accounts.vault import AccountVault
from desktop_app.auth.errors import AccessDenied, AuthError, StateMismatch, UserAgentFlowBlocked
from desktop_app.auth.request import Flow
from desktop_app.auth.signin import SignedIn
from desktop_app.demo_org import DemoOrg, DemoUser
from desktop_app.storage.registry import AccountRegistry
from desktop_app.storage.secrets import MemorySecretStore
from desktop_app.ui.app.tasks import TaskRunner
from desktop_app.ui.signin.signindialog import LoginHostChoice, SignInDialog

pytestmark = [
    pytest.mark.e2e,
    # QtWebEngine offscreen finds neither OpenGL nor Vulkan on a test machine and renders in software; it
    # says so at warning level when its first page is created.
    pytest.mark.qt_log_ignore(
        "Failed to create RHI for backend",
        "QVulkanInstance: Failed to initialize Vulkan",
        "GBM is not supported",
    ),
]

TIMEOUT = 20_000
SHOT = Path("/tmp/shots/signin-dialog.png")  # noqa: S108 - screenshots are collected from this folder


def user_in(demo: DemoOrg, org_index: int, position: int) -> DemoUser:
    """The position-th demo user of an org."""
    org_id = demo.orgs[org_index].org_id
    return [u for u in demo.users if u.org_id == org_id][position]


def sign_in(qtbot: QtBot, dialog: SignInDialog, driver: Any, user: DemoUser) -> SignedIn:
    """Log in on the page on screen, approve if asked, and return what the dialog signed in."""
    outcome: list[object] = []
    dialog.failed.connect(outcome.append)
    with qtbot.wait_signal(dialog.signed_in, timeout=TIMEOUT, raising=False) as blocker:
        driver.log_in(user.username, user.password)
        driver.approve_if_asked()
    assert blocker.signal_triggered, f"not signed in: {outcome!r}, {dialog.message!r}, {dialog.status!r}"
    signed_in = blocker.args[0]
    assert isinstance(signed_in, SignedIn)
    return signed_in


def button(dialog: SignInDialog, name: str) -> QPushButton:
    """One of the dialog's buttons, by object name."""
    found = dialog.findChild(QPushButton, name)
    assert isinstance(found, QPushButton)
    return found


def files_containing(roots: list[Path], needles: list[str]) -> list[Path]:
    """Every file under the roots whose bytes contain one of the needles."""
    encoded = [n.encode() for n in needles]
    hits: list[Path] = []
    for root in roots:
        for path in root.rglob("*") if root.is_dir() else []:
            if path.is_file() and not path.is_symlink() and any(n in path.read_bytes() for n in encoded):
                hits.append(path)
    return hits


@pytest.mark.parametrize("flow", [Flow.USER_AGENT, Flow.PKCE])
def test_sign_in_is_saved_and_leaves_no_token_on_disk_or_in_logs(
    *,
    qtbot: QtBot,
    demo: DemoOrg,
    make_dialog: Callable[..., SignInDialog],
    drive: Callable[[SignInDialog], Any],
    vault: AccountVault,
    caplog: pytest.LogCaptureFixture,
    tmp_path: Path,
    flow: Flow,
) -> None:
    caplog.set_level(logging.DEBUG)
    user = demo.users[0] if flow is Flow.USER_AGENT else demo.users[1]
    codes_before = demo.counters["token_code"]
    dialog = make_dialog(default_flow=flow)
    driver = drive(dialog)
    dialog.show()
    driver.wait_for_element("username")
    profile = dialog.browser.profile
    page = dialog.browser.page
    assert profile is not None
    assert page is not None
    assert profile.isOffTheRecord()
    assert profile.persistentCookiesPolicy() is profile.PersistentCookiesPolicy.NoPersistentCookies
    assert profile.httpCacheType() is profile.HttpCacheType.MemoryHttpCache
    web_dirs = [Path(profile.persistentStoragePath()), Path(profile.cachePath())]
    assert dialog.browser.request is not None
    assert dialog.browser.request.flow is flow
    if flow is Flow.USER_AGENT:
        qtbot.wait(300)  # let the page paint before the picture is taken
        SHOT.parent.mkdir(parents=True, exist_ok=True)
        assert dialog.grab().save(str(SHOT))
    # The page is deleted before its profile when the attempt ends.
    page_alive_when_profile_died: list[bool] = []
    profile.destroyed.connect(lambda: page_alive_when_profile_died.append(shiboken6.isValid(page)))
    seen_while_finishing: list[str] = []
    dialog.browser.callback_reached.connect(lambda *_: seen_while_finishing.append(dialog.status))

    signed_in = sign_in(qtbot, dialog, driver, user)

    assert seen_while_finishing == ["Finishing sign-in…"]
    account = signed_in.account
    assert (account.org_id, account.user_id, account.username) == (user.org_id, user.user_id, user.username)
    assert account.login_host == demo.login_url
    assert account.flow == flow.value
    assert demo.counters["token_code"] == codes_before + (1 if flow is Flow.PKCE else 0)
    assert "Signed in as" in dialog.status
    report = vault.save_sign_in(signed_in)
    assert report.replaced is False
    reread = AccountRegistry(vault.registry.path)
    assert [a.key for a in reread.load()] == [account.key]
    assert vault.tokens(account.key) == signed_in.tokens
    assert signed_in.tokens.refresh_token is not None
    assert demo.is_refresh_token_valid(signed_in.tokens.refresh_token)

    qtbot.wait_until(lambda: not shiboken6.isValid(profile), timeout=5_000)
    assert page_alive_when_profile_died == [False]
    tokens = [signed_in.tokens.access_token, signed_in.tokens.refresh_token]
    xdg_base = Path(os.environ["XDG_DATA_HOME"]).parent
    assert files_containing([xdg_base, tmp_path, *web_dirs], tokens) == []
    for token in tokens:
        assert token not in caplog.text
    dialog.accept()


def test_denying_access_shows_why_and_stores_nothing(
    qtbot: QtBot,
    demo: DemoOrg,
    make_dialog: Callable[..., SignInDialog],
    drive: Callable[[SignInDialog], Any],
    vault: AccountVault,
) -> None:
    user = user_in(demo, 0, 2)  # never approved the app in this module, so the approval page comes
    dialog = make_dialog()
    dialog.signed_in.connect(vault.save_sign_in)
    driver = drive(dialog)
    dialog.show()
    driver.log_in(user.username, user.password)
    driver.wait_for_element("oadeny")

    with qtbot.wait_signal(dialog.failed, timeout=TIMEOUT) as blocker:
        driver.click("oadeny")

    error = blocker.args[0]
    assert isinstance(error, AccessDenied)
    assert dialog.message == error.user_message
    assert "declined" in dialog.message
    assert button(dialog, "startOverButton").isVisibleTo(dialog)
    assert vault.registry.accounts == []
    assert dialog.browser.page is None


def test_tampered_state_is_rejected_and_nothing_is_stored(
    qtbot: QtBot,
    demo: DemoOrg,
    make_dialog: Callable[..., SignInDialog],
    drive: Callable[[SignInDialog], Any],
    vault: AccountVault,
) -> None:
    dialog = make_dialog()
    dialog.signed_in.connect(vault.save_sign_in)
    driver = drive(dialog)
    dialog.show()
    driver.wait_for_element("username")
    org, user = demo.orgs[0], demo.users[0]
    forged = {
        "access_token": "00D5g0000000001!AQforgedTokenValue",
        "instance_url": org.instance_url,
        "id": f"{demo.login_url}/id/{org.org_id}/{user.user_id}",
        "state": "WRONG",
    }
    failures: list[AuthError] = []
    dialog.failed.connect(failures.append)

    with qtbot.wait_signal(dialog.failed, timeout=TIMEOUT):
        driver.js(f"location.href = {demo.callback_url + '#' + urlencode(forged)!r}; true")

    assert len(failures) == 1
    assert isinstance(failures[0], StateMismatch)
    assert dialog.message == failures[0].user_message
    qtbot.wait(300)  # a second callback or a late signed_in would show up here
    assert len(failures) == 1
    assert vault.registry.accounts == []


def test_a_grant_that_cannot_be_confirmed_fails_in_the_dialog(
    qtbot: QtBot,
    demo: DemoOrg,
    make_dialog: Callable[..., SignInDialog],
    drive: Callable[[SignInDialog], Any],
) -> None:
    dialog = make_dialog()
    driver = drive(dialog)
    dialog.show()
    driver.wait_for_element("username")
    request = dialog.browser.request
    assert request is not None
    org, user = demo.orgs[0], demo.users[0]
    # Right state, but a token the org never issued: reading the identity URL fails.
    forged = {
        "access_token": "00D5g0000000001!AQneverIssuedToken",
        "instance_url": org.instance_url,
        "id": f"{demo.login_url}/id/{org.org_id}/{user.user_id}",
        "state": request.state,
    }

    with qtbot.wait_signal(dialog.failed, timeout=TIMEOUT) as blocker:
        driver.js(f"location.href = {demo.callback_url + '#' + urlencode(forged)!r}; true")

    error = blocker.args[0]
    assert isinstance(error, AuthError)
    assert dialog.message == error.user_message
    assert dialog.status == "Not signed in."


def test_blocked_user_agent_flow_offers_pkce_which_then_works(
    qtbot: QtBot, tasks: TaskRunner, drive: Callable[[SignInDialog], Any], vault: AccountVault
) -> None:
    with DemoOrg(block_user_agent_flow=True) as blocked:
        dialog = SignInDialog(
            hosts=[LoginHostChoice("Demo org", blocked.login_url)],
            client_id=blocked.client_id,
            tasks=tasks,
            default_flow=Flow.USER_AGENT,
        )
        qtbot.addWidget(dialog)
        dialog.signed_in.connect(vault.save_sign_in)
        driver = drive(dialog)
        with qtbot.wait_signal(dialog.failed, timeout=TIMEOUT) as blocker:
            dialog.show()
        error = blocker.args[0]
        assert isinstance(error, UserAgentFlowBlocked)
        assert error.offer_pkce
        assert "PKCE" in dialog.message
        pkce_button = button(dialog, "pkceButton")
        assert pkce_button.isVisibleTo(dialog)

        pkce_button.click()

        assert dialog.selected_flow is Flow.PKCE
        assert dialog.browser.request is not None
        assert dialog.browser.request.flow is Flow.PKCE
        user = blocked.users[0]
        signed_in = sign_in(qtbot, dialog, driver, user)
        assert signed_in.account.flow == "pkce"
        assert vault.registry.get(signed_in.account.key) is not None
        assert vault.tokens(signed_in.account.key) == signed_in.tokens
        dialog.accept()
        tasks.wait()


def test_two_orgs_and_two_users_are_stored_and_told_apart(
    qtbot: QtBot,
    demo: DemoOrg,
    make_dialog: Callable[..., SignInDialog],
    drive: Callable[[SignInDialog], Any],
    tmp_path: Path,
) -> None:
    secrets = MemorySecretStore()
    vault = AccountVault(AccountRegistry(tmp_path / "accounts.json"), secrets)
    first, second, sandbox = user_in(demo, 0, 0), user_in(demo, 0, 3), user_in(demo, 1, 0)
    assert first.username != sandbox.username
    results: list[SignedIn] = []
    for user in (first, second, sandbox, first):
        dialog = make_dialog(prompt_login=True)
        dialog.show()
        results.append(sign_in(qtbot, dialog, drive(dialog), user))
        vault.save_sign_in(results[-1])
        dialog.accept()

    keys = [r.account.key for r in results]
    assert keys[0] == keys[3]
    assert len(set(keys[:3])) == 3
    accounts = {a.key: a for a in AccountRegistry(vault.registry.path).load()}
    assert set(accounts) == set(keys)
    assert {a.org_id for a in accounts.values()} == {demo.orgs[0].org_id, demo.orgs[1].org_id}
    assert {a.username for a in accounts.values()} == {first.username, second.username, sandbox.username}
    assert accounts[keys[2]].org_name == demo.orgs[1].name
    for result in results[1:]:
        assert vault.tokens(result.account.key) == result.tokens
    # Signing the first user in again replaced their tokens and revoked the old refresh token.
    old_refresh = results[0].tokens.refresh_token
    assert old_refresh is not None
    assert not demo.is_refresh_token_valid(old_refresh)
    assert len({r.tokens.access_token for r in results}) == 4


def test_every_attempt_starts_with_a_fresh_profile(
    qtbot: QtBot,
    demo: DemoOrg,
    make_dialog: Callable[..., SignInDialog],
    drive: Callable[[SignInDialog], Any],
) -> None:
    user = user_in(demo, 1, 1)
    dialog = make_dialog(prompt_login=False)
    driver = drive(dialog)
    dialog.show()
    sign_in(qtbot, dialog, driver, user)
    # The demo org keeps a session cookie: a shared profile would sign the same user in without a form.
    signed_in_again: list[object] = []
    dialog.signed_in.connect(signed_in_again.append)

    dialog.start()

    driver.wait_for_element("username")
    assert signed_in_again == []
    assert dialog.browser.profile is not None
    assert dialog.browser.profile.isOffTheRecord()


def test_landing_outside_the_sign_in_offers_start_over(
    qtbot: QtBot,
    demo: DemoOrg,
    make_dialog: Callable[..., SignInDialog],
    drive: Callable[[SignInDialog], Any],
) -> None:
    dialog = make_dialog()
    driver = drive(dialog)
    dialog.show()
    driver.wait_for_element("username")
    first_request = dialog.browser.request
    assert first_request is not None
    start_over = button(dialog, "startOverButton")

    driver.js(f"location.href = {demo.orgs[0].instance_url + '/services/data/'!r}; true")

    qtbot.wait_until(lambda: start_over.isVisibleTo(dialog), timeout=TIMEOUT)
    assert "not part of signing in" in dialog.message
    start_over.click()
    driver.wait_for_element("username")
    assert dialog.message == ""
    assert dialog.browser.request is not None
    assert dialog.browser.request is not first_request
    assert dialog.browser.request.state != first_request.state
