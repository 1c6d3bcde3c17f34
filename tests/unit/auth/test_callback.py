"""parse_callback on every kind of callback: success, OAuth errors, forgeries and malformed input."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from desktop_app.auth.callback import MAX_CALLBACK_LENGTH, parse_callback
from desktop_app.auth.errors import (
    AccessDenied,
    AppNotInstalled,
    AuthError,
    MalformedCallback,
    StateMismatch,
    UserAgentFlowBlocked,
)
from desktop_app.auth.grant import AuthorizationCode, Grant
from desktop_app.auth.request import AuthorizeRequest

from .conftest import ACCESS, ORG_ID, REFRESH, USER_ID, fragment_url, query_url, valid_fields


def _error(result: object) -> AuthError:
    assert isinstance(result, AuthError), result
    return result


def test_user_agent_success(ua_request: AuthorizeRequest) -> None:
    result = parse_callback(fragment_url(ua_request, valid_fields(ua_request)), ua_request)
    assert isinstance(result, Grant)
    assert result.access_token == ACCESS
    assert result.refresh_token == REFRESH
    assert result.instance_url == "https://acme.my.salesforce.com"
    assert result.id_url == f"https://login.salesforce.com/id/{ORG_ID}/{USER_ID}"
    assert (result.org_id, result.user_id) == (ORG_ID, USER_ID)
    assert result.issued_at == datetime(2026, 1, 1, 0, 0, 0, 123000, tzinfo=UTC)
    assert result.scope == "refresh_token api"
    assert result.token_type == "Bearer"
    assert result.signature == "qv3e4Yl0Example="


def test_grant_repr_hides_tokens(ua_request: AuthorizeRequest) -> None:
    result = parse_callback(fragment_url(ua_request, valid_fields(ua_request)), ua_request)
    assert isinstance(result, Grant)
    text = repr(result)
    assert ACCESS not in text
    assert REFRESH not in text
    assert "qv3e4Yl0Example" not in text
    assert ORG_ID in text


def test_success_without_refresh_token_or_optional_fields(ua_request: AuthorizeRequest) -> None:
    fields = valid_fields(ua_request, refresh_token=None, signature=None, scope=None, token_type=None)
    result = parse_callback(fragment_url(ua_request, fields), ua_request)
    assert isinstance(result, Grant)
    assert result.refresh_token is None
    assert result.signature is None
    assert result.scope == ""
    assert result.token_type == "Bearer"


def test_missing_issued_at_uses_now(ua_request: AuthorizeRequest) -> None:
    before = datetime.now(UTC)
    result = parse_callback(fragment_url(ua_request, valid_fields(ua_request, issued_at=None)), ua_request)
    assert isinstance(result, Grant)
    assert before <= result.issued_at <= datetime.now(UTC)


def test_fifteen_character_ids_and_loopback_http() -> None:
    # Loopback hosts are trusted only for a sign-in that started on this machine (the demo org).
    local = AuthorizeRequest.new("http://127.0.0.1:5000", "3MVG9CLIENT")
    fields = valid_fields(
        local,
        instance_url="http://127.0.0.1:5123/",
        id="http://127.0.0.1:5000/id/00D5g000004SxAa/0055g00000AbCdE",
    )
    result = parse_callback(fragment_url(local, fields), local)
    assert isinstance(result, Grant)
    assert result.instance_url == "http://127.0.0.1:5123"
    assert (result.org_id, result.user_id) == ("00D5g000004SxAa", "0055g00000AbCdE")


def test_pkce_code(pkce_request: AuthorizeRequest) -> None:
    result = parse_callback(
        query_url(pkce_request, {"code": "aPrx.code_1==", "state": pkce_request.state}), pkce_request
    )
    assert result == AuthorizationCode("aPrx.code_1==")
    assert "aPrx" not in repr(result)


def test_pkce_code_in_fragment_is_not_accepted(pkce_request: AuthorizeRequest) -> None:
    url = fragment_url(pkce_request, {"code": "abc", "state": pkce_request.state})
    error = _error(parse_callback(url, pkce_request))
    assert isinstance(error, StateMismatch)


def test_pkce_missing_code(pkce_request: AuthorizeRequest) -> None:
    error = _error(parse_callback(query_url(pkce_request, {"state": pkce_request.state}), pkce_request))
    assert isinstance(error, MalformedCallback)
    assert error.code == "missing_field"


def test_pkce_callback_does_not_take_a_token_grant(pkce_request: AuthorizeRequest) -> None:
    url = fragment_url(pkce_request, valid_fields(pkce_request))
    assert isinstance(parse_callback(url, pkce_request), AuthError)


def test_access_denied(ua_request: AuthorizeRequest) -> None:
    fields = {
        "error": "access_denied",
        "error_description": "end-user denied authorization",
        "state": ua_request.state,
    }
    error = _error(parse_callback(fragment_url(ua_request, fields), ua_request))
    assert isinstance(error, AccessDenied)
    assert error.code == "access_denied"
    assert error.description == "end-user denied authorization"
    assert error.user_message.startswith("You declined access")
    assert not error.offer_pkce


@pytest.mark.parametrize(
    ("code", "description"),
    [
        ("unsupported_response_type", "response type not supported"),
        ("invalid_request", "OAuth user-agent flow is blocked for this org"),
        ("invalid_request", "User Agent flow not allowed"),
        ("invalid_client", "This flow is blocked by the admin"),
    ],
)
def test_user_agent_flow_blocked(ua_request: AuthorizeRequest, code: str, description: str) -> None:
    fields = {"error": code, "error_description": description, "state": ua_request.state}
    error = _error(parse_callback(fragment_url(ua_request, fields), ua_request))
    assert isinstance(error, UserAgentFlowBlocked)
    assert error.offer_pkce is True
    assert error.code == code
    assert "user-agent" in error.user_message
    assert "blocked" in error.user_message
    assert "PKCE" in error.user_message


def test_blocked_pkce_flow_is_not_offered_pkce(pkce_request: AuthorizeRequest) -> None:
    fields = {
        "error": "unsupported_response_type",
        "error_description": "blocked",
        "state": pkce_request.state,
    }
    error = _error(parse_callback(query_url(pkce_request, fields), pkce_request))
    assert not isinstance(error, UserAgentFlowBlocked)
    assert error.offer_pkce is False
    assert error.code == "unsupported_response_type"


def test_app_not_installed(ua_request: AuthorizeRequest) -> None:
    fields = {
        "error": "invalid_client",
        "error_description": "app must be installed into org",
        "state": ua_request.state,
    }
    error = _error(parse_callback(fragment_url(ua_request, fields), ua_request))
    assert isinstance(error, AppNotInstalled)
    assert "admin must install the connected app" in error.user_message
    assert "Approve Uninstalled Connected Apps" in error.user_message
    assert not error.offer_pkce


@pytest.mark.parametrize(
    ("code", "description"),
    [
        ("inactive_user", "user is inactive"),
        ("inactive_org", "organization is locked"),
        ("invalid_client_id", "client identifier invalid"),
        ("rate_limit_exceeded", "rate limit exceeded"),
        ("invalid_client", "invalid client credentials"),
        ("something_new", "a brand new failure"),
    ],
)
def test_other_oauth_errors_are_generic(ua_request: AuthorizeRequest, code: str, description: str) -> None:
    fields = {"error": code, "error_description": description, "state": ua_request.state}
    error = _error(parse_callback(fragment_url(ua_request, fields), ua_request))
    assert type(error) is AuthError
    assert error.code == code
    assert error.description == description
    assert description in error.user_message
    assert not error.offer_pkce


def test_error_in_query_of_user_agent_callback(ua_request: AuthorizeRequest) -> None:
    fields = {"error": "access_denied", "error_description": "denied", "state": ua_request.state}
    assert isinstance(parse_callback(query_url(ua_request, fields), ua_request), AccessDenied)


def test_error_in_fragment_of_code_callback(pkce_request: AuthorizeRequest) -> None:
    fields = {"error": "access_denied", "state": pkce_request.state}
    assert isinstance(parse_callback(fragment_url(pkce_request, fields), pkce_request), AccessDenied)


def test_error_without_state_is_still_reported(ua_request: AuthorizeRequest) -> None:
    url = fragment_url(ua_request, {"error": "inactive_user", "error_description": "inactive"})
    assert _error(parse_callback(url, ua_request)).code == "inactive_user"


def test_error_with_foreign_state_is_a_mismatch(ua_request: AuthorizeRequest) -> None:
    url = fragment_url(ua_request, {"error": "access_denied", "state": "someone-elses-state"})
    assert isinstance(parse_callback(url, ua_request), StateMismatch)


def test_error_with_empty_code(ua_request: AuthorizeRequest) -> None:
    url = fragment_url(ua_request, {"error": "", "state": ua_request.state})
    assert _error(parse_callback(url, ua_request)).code == "unknown_error"


@pytest.mark.parametrize("state", [None, "", "wrong", "x" * 5000, "\u00e9\u00e8"])
def test_state_missing_or_different(ua_request: AuthorizeRequest, state: str | None) -> None:
    url = fragment_url(ua_request, valid_fields(ua_request, state=state))
    error = _error(parse_callback(url, ua_request))
    assert isinstance(error, StateMismatch)
    assert error.code == "state_mismatch"


def test_state_of_another_request(ua_request: AuthorizeRequest) -> None:
    other = AuthorizeRequest.new("https://login.salesforce.com", "3MVG9CLIENT")
    url = fragment_url(other, valid_fields(other))
    assert isinstance(parse_callback(url, ua_request), StateMismatch)


def test_state_only_in_query_is_not_enough(ua_request: AuthorizeRequest) -> None:
    fields = valid_fields(ua_request, state=None)
    url = (
        f"{ua_request.redirect_uri}?state={ua_request.state}#"
        + fragment_url(ua_request, fields).split("#", 1)[1]
    )
    assert isinstance(parse_callback(url, ua_request), StateMismatch)


@pytest.mark.parametrize(
    "base",
    [
        "http://login.salesforce.com/services/oauth2/success",
        "https://evil.example/services/oauth2/success",
        "https://login.salesforce.com:444/services/oauth2/success",
        "https://login.salesforce.com/services/oauth2/successful",
        "https://login.salesforce.com/services/oauth2/authorize",
        "https://login.salesforce.com.evil.example/services/oauth2/success",
        "myapp://services/oauth2/success",
    ],
)
def test_callback_elsewhere(ua_request: AuthorizeRequest, base: str) -> None:
    url = base + "#" + fragment_url(ua_request, valid_fields(ua_request)).split("#", 1)[1]
    error = _error(parse_callback(url, ua_request))
    assert isinstance(error, MalformedCallback)
    assert error.code == "unexpected_callback"


@pytest.mark.parametrize("field", ["access_token", "instance_url", "id"])
def test_missing_required_field(ua_request: AuthorizeRequest, field: str) -> None:
    error = _error(
        parse_callback(fragment_url(ua_request, valid_fields(ua_request, **{field: None})), ua_request)
    )
    assert error.code == "missing_field"
    assert field in error.description


@pytest.mark.parametrize("field", ["access_token", "instance_url", "id"])
def test_empty_required_field(ua_request: AuthorizeRequest, field: str) -> None:
    error = _error(
        parse_callback(fragment_url(ua_request, valid_fields(ua_request, **{field: ""})), ua_request)
    )
    assert error.code == "missing_field"


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("instance_url", "http://acme.my.salesforce.com"),
        ("instance_url", "ftp://acme.my.salesforce.com"),
        ("instance_url", "javascript:alert(1)"),
        ("id", f"http://login.salesforce.com/id/{ORG_ID}/{USER_ID}"),
        ("id", f"http://10.0.0.1/id/{ORG_ID}/{USER_ID}"),
    ],
)
def test_insecure_urls(ua_request: AuthorizeRequest, field: str, value: str) -> None:
    error = _error(
        parse_callback(fragment_url(ua_request, valid_fields(ua_request, **{field: value})), ua_request)
    )
    assert error.code == "insecure_url"
    assert "https" in error.user_message


@pytest.mark.parametrize(
    "id_url",
    [
        "https://login.salesforce.com/id/00D/005",
        f"https://login.salesforce.com/id/{ORG_ID}",
        f"https://login.salesforce.com/id/{ORG_ID}/{USER_ID}/extra",
        f"https://login.salesforce.com/ids/{ORG_ID}/{USER_ID}",
        f"https://login.salesforce.com/prefix/id/{ORG_ID}/{USER_ID}",
        "https://login.salesforce.com/id/00D5g000004SxAaE/0055g00000AbCdEFAA",
        "https://login.salesforce.com/id/00D5g000004SxAa-AK/0055g00000AbCdEFAA",
        "https://login.salesforce.com/id/00D5g000004SxAaÉAK/0055g00000AbCdEFAA",
        "https://login.salesforce.com/id/00D5g000004SxAa%20K/0055g00000AbCdEFAA",
        "https://",
    ],
)
def test_bad_identity_url(ua_request: AuthorizeRequest, id_url: str) -> None:
    error = _error(parse_callback(fragment_url(ua_request, valid_fields(ua_request, id=id_url)), ua_request))
    assert error.code in {"bad_identity_url", "insecure_url", "malformed_field"}
    assert isinstance(error, MalformedCallback)


def test_identity_url_with_query_is_refused(ua_request: AuthorizeRequest) -> None:
    id_url = f"https://login.salesforce.com/id/{ORG_ID}/{USER_ID}?oauth_token=x"
    error = _error(parse_callback(fragment_url(ua_request, valid_fields(ua_request, id=id_url)), ua_request))
    assert error.code == "malformed_field"


@pytest.mark.parametrize("issued_at", ["12a", "-5", "1.5", "1e9", " 123", "٣٣٣", "9" * 40])
def test_issued_at_not_digits(ua_request: AuthorizeRequest, issued_at: str) -> None:
    url = fragment_url(ua_request, valid_fields(ua_request, issued_at=issued_at))
    error = _error(parse_callback(url, ua_request))
    assert error.code == "malformed_field"
    assert "issued_at" in error.description


@pytest.mark.parametrize("token", ["has space", "line\r\nX-Injected: 1", "tab\t", "ünïcode", "x" * 9000])
def test_unusable_access_token(ua_request: AuthorizeRequest, token: str) -> None:
    error = _error(
        parse_callback(fragment_url(ua_request, valid_fields(ua_request, access_token=token)), ua_request)
    )
    assert error.code == "malformed_field"


def test_duplicate_parameters(ua_request: AuthorizeRequest) -> None:
    url = fragment_url(ua_request, valid_fields(ua_request)) + "&access_token=second"
    error = _error(parse_callback(url, ua_request))
    assert error.code == "malformed_callback"
    assert "twice" in error.description


def test_duplicate_state(ua_request: AuthorizeRequest) -> None:
    url = fragment_url(ua_request, valid_fields(ua_request)) + f"&state={ua_request.state}"
    assert _error(parse_callback(url, ua_request)).code == "malformed_callback"


def test_duplicate_across_query_and_fragment_reads_the_fragment(ua_request: AuthorizeRequest) -> None:
    url = fragment_url(ua_request, valid_fields(ua_request)).replace("#", "?access_token=fromquery#", 1)
    result = parse_callback(url, ua_request)
    assert isinstance(result, Grant)
    assert result.access_token == ACCESS


def test_huge_input(ua_request: AuthorizeRequest) -> None:
    url = fragment_url(ua_request, valid_fields(ua_request, signature="s" * MAX_CALLBACK_LENGTH))
    assert _error(parse_callback(url, ua_request)).code == "malformed_callback"


def test_too_many_fields(ua_request: AuthorizeRequest) -> None:
    url = fragment_url(ua_request, valid_fields(ua_request)) + "".join(f"&k{i}=v" for i in range(200))
    assert _error(parse_callback(url, ua_request)).code == "malformed_callback"


@pytest.mark.parametrize(
    "junk",
    [
        "",
        "#",
        "\x00",
        "https://[::1",
        "https://login.salesforce.com:99999/services/oauth2/success#a=b",
        "https://login.salesforce.com/services/oauth2/success#%ff%fe=%ed%a0%80",
        "https://login.salesforce.com/services/oauth2/success#state=\ud800",
        "https://login.salesforce.com/services/oauth2/success#&&&==&=",
    ],
)
def test_junk_yields_an_error(ua_request: AuthorizeRequest, junk: str) -> None:
    assert isinstance(parse_callback(junk, ua_request), AuthError)


def test_non_text_input(ua_request: AuthorizeRequest) -> None:
    for value in (None, b"https://login.salesforce.com/services/oauth2/success", 42):
        result = parse_callback(value, ua_request)  # type: ignore[arg-type]
        assert isinstance(result, MalformedCallback)


def test_errors_read_as_words(ua_request: AuthorizeRequest) -> None:
    url = fragment_url(ua_request, valid_fields(ua_request, state="nope"))
    error = _error(parse_callback(url, ua_request))
    assert str(error) == error.user_message
    assert "StateMismatch" in repr(error)
