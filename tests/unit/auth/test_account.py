"""Account records: key, JSON round trip and tolerance of older or newer files."""

from __future__ import annotations

import pytest
from msgspec.structs import replace

from desktop_app.auth.account import Account, account_key

from .conftest import ORG_ID, USER_ID


def make_account(**changes: object) -> Account:
    """A complete account for tests."""
    account = Account(
        key=account_key(ORG_ID, USER_ID),
        org_id=ORG_ID,
        user_id=USER_ID,
        username="jane@acme.example",
        display_name="Jane Roe",
        org_name="Acme",
        login_host="https://login.salesforce.com",
        instance_url="https://acme.my.salesforce.com",
        id_url=f"https://login.salesforce.com/id/{ORG_ID}/{USER_ID}",
        flow="user_agent",
        api_version="66.0",
        photo_url="https://acme--c.file.force.com/profilephoto/729/T",
        label="Work",
        signed_in_at="2026-01-01T00:00:00+00:00",
    )
    return replace(account, **changes)  # type: ignore[arg-type]


def test_key() -> None:
    assert account_key("00Dx", "005y") == "00Dx/005y"


def test_round_trip() -> None:
    account = make_account(needs_sign_in=True, last_used="2026-02-02T00:00:00+00:00")
    data = account.to_json()
    assert Account.from_json(data) == account
    assert not any("token" in name for name in data)


def test_unknown_keys_are_ignored() -> None:
    data = make_account().to_json() | {"added_in_version_9": [1, 2], "nested": {"a": 1}}
    assert Account.from_json(data) == make_account()


def test_missing_keys_get_defaults() -> None:
    account = Account.from_json({"org_id": ORG_ID, "user_id": USER_ID})
    assert account.key == f"{ORG_ID}/{USER_ID}"
    assert account.username == ""
    assert account.api_version is None
    assert account.photo_url is None
    assert account.needs_sign_in is False
    assert account.title == f" @ {ORG_ID}"


def test_nulls_are_defaults() -> None:
    data = make_account().to_json() | {"api_version": None, "label": None}
    account = Account.from_json(data)
    assert account.api_version is None
    assert account.label == ""


@pytest.mark.parametrize(
    "data",
    [
        {"user_id": USER_ID},
        {"org_id": ORG_ID},
        {"org_id": "", "user_id": USER_ID},
        {"org_id": ORG_ID, "user_id": USER_ID, "username": 5},
        {"org_id": ORG_ID, "user_id": USER_ID, "needs_sign_in": "yes"},
        {"org_id": ORG_ID, "user_id": USER_ID, "key": "someone/else"},
        {"org_id": ["x"], "user_id": USER_ID},
    ],
)
def test_bad_records(data: dict[str, object]) -> None:
    with pytest.raises(ValueError, match=r"\S"):
        Account.from_json(data)


def test_title() -> None:
    assert make_account().title == "Work"
    assert make_account(label="").title == "Jane Roe @ Acme"
