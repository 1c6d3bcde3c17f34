"""The OAuth error table: which code becomes which error, and what people are told."""

from __future__ import annotations

import pytest

from desktop_app.auth.errors import (
    AccessDenied,
    AppNotInstalled,
    AuthError,
    InvalidGrant,
    NetworkError,
    UserAgentFlowBlocked,
    oauth_error,
)


def test_user_message_defaults_to_server_words() -> None:
    error = AuthError("inactive_org", "organization is locked")
    assert "organization is locked" in error.user_message
    assert "(inactive_org)" in error.user_message
    assert error.status is None


def test_explicit_user_message_and_status() -> None:
    error = InvalidGrant("invalid_grant", "expired access/refresh token", "Sign in again.", status=400)
    assert str(error) == "Sign in again."
    assert error.status == 400
    assert isinstance(error, AuthError)


def test_long_descriptions_are_cut_for_people() -> None:
    error = AuthError("odd", "x" * 5000)
    assert len(error.user_message) < 400
    assert len(error.description) == 5000


@pytest.mark.parametrize(
    ("code", "description", "kind"),
    [
        ("access_denied", "", AccessDenied),
        ("invalid_client", "App must be installed into org", AppNotInstalled),
        ("unsupported_response_type", "", UserAgentFlowBlocked),
        ("invalid_request", "user_agent flow disabled", UserAgentFlowBlocked),
        ("inactive_user", "inactive", AuthError),
        ("invalid_client", "", AuthError),
    ],
)
def test_oauth_error_kinds(code: str, description: str, kind: type[AuthError]) -> None:
    error = oauth_error(code, description)
    assert type(error) is kind
    assert error.code == code
    assert error.offer_pkce is (kind is UserAgentFlowBlocked)


def test_code_flow_is_never_told_to_use_pkce() -> None:
    error = oauth_error("unsupported_response_type", "blocked", user_agent_flow=False)
    assert type(error) is AuthError
    assert not error.offer_pkce


def test_network_error_is_an_auth_error() -> None:
    error = NetworkError("network", "ConnectionError", "Could not reach Salesforce.")
    assert isinstance(error, AuthError)
    assert error.code == "network"
