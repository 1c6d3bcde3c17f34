"""Check now: the identity URL and the limits resource, each reported, a refused token refreshed once."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from hypothesis import given
from hypothesis import strategies as st

from desktop_app.api.client import ConnectClient
from desktop_app.api.credentials import CredentialsPool
from desktop_app.api.limits import ApiUsage
from desktop_app.api.sessioncheck import check_session, daily_api_usage, usage_text
from desktop_app.demo_org import DemoOrg
from desktop_app.storage.secrets import MemorySecretStore
from tests.demo_accounts import signed_in_account


@pytest.fixture
def demo() -> Iterator[DemoOrg]:
    with DemoOrg() as org:
        yield org


def test_both_calls_are_reported_with_the_usage_of_the_last_day(demo: DemoOrg) -> None:
    secrets = MemorySecretStore()
    account = signed_in_account(demo, demo.users[0], secrets)
    pool = CredentialsPool(secrets, demo.client_id)
    with ConnectClient(account, pool.get(account)) as client:
        client.versions()  # one call already counted today
        check = check_session(client, pool.get(account))
    assert check.ok
    identity, limits = check.steps
    assert identity.what == f"Identity URL at {demo.login_url.split('://')[1]}"
    assert f"signed in as {demo.users[0].display_name} ({demo.users[0].username})" in identity.text
    assert limits.what.endswith(f"/services/data/v{check.api_version}/limits")
    assert check.usage is not None
    assert check.usage.used >= 2
    assert check.usage.limit > check.usage.used
    assert "API requests in the last 24 hours" in limits.text
    assert check.account_key == account.key
    assert len(check.text.splitlines()) == 2


def test_an_expired_access_token_is_refreshed_once_for_both(demo: DemoOrg) -> None:
    secrets = MemorySecretStore()
    account = signed_in_account(demo, demo.users[1], secrets)
    pool = CredentialsPool(secrets, demo.client_id)
    refreshes = demo.counters["refresh"]
    demo.expire_access_tokens()
    with ConnectClient(account, pool.get(account)) as client:
        check = check_session(client, pool.get(account))
    assert check.ok, check.text
    assert "the access token was refreshed first" in check.steps[0].text
    assert demo.counters["refresh"] == refreshes + 1


def test_an_unreachable_org_fails_each_step_in_words(demo: DemoOrg) -> None:
    secrets = MemorySecretStore()
    account = signed_in_account(demo, demo.users[0], secrets, api_version="60.0")
    pool = CredentialsPool(secrets, demo.client_id)
    demo.set_down(True)
    try:
        with ConnectClient(account, pool.get(account), timeout=(2.0, 2.0)) as client:
            check = check_session(client, pool.get(account))
    finally:
        demo.set_down(False)
    assert not check.ok
    assert [step.ok for step in check.steps] == [False, False]
    assert all("Could not reach" in s.text or "Can't reach" in s.text for s in check.steps), check.text
    assert check.steps[1].what.endswith("/services/data/v60.0/limits")


@given(most=st.integers(0, 10**9), remaining=st.integers(0, 10**9))
def test_daily_requests_become_usage(most: int, remaining: int) -> None:
    usage = daily_api_usage({"DailyApiRequests": {"Max": most, "Remaining": remaining}, "Other": {}})
    assert usage == ApiUsage(max(0, most - remaining), most)


@pytest.mark.parametrize(
    "body",
    [
        None,
        [],
        {},
        {"DailyApiRequests": 3},
        {"DailyApiRequests": {"Max": "5", "Remaining": 1}},
        {"DailyApiRequests": {"Max": True, "Remaining": 1}},
        {"DailyApiRequests": {"Max": 5, "Remaining": -1}},
    ],
)
def test_bodies_without_daily_requests_give_none(body: object) -> None:
    assert daily_api_usage(body) is None


def test_usage_in_words() -> None:
    assert usage_text(None) == "not known yet"
    assert usage_text(ApiUsage(1234, 15000)) == "1,234 of 15,000 API requests in the last 24 hours (8%)"
