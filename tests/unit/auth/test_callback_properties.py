"""Properties of parse_callback: whatever arrives, the answer is a Grant, a code or an AuthError."""

from __future__ import annotations

from urllib.parse import parse_qs, quote, urlencode, urlsplit

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from desktop_app.auth.callback import parse_callback
from desktop_app.auth.errors import AuthError, StateMismatch
from desktop_app.auth.grant import AuthorizationCode, Grant
from desktop_app.auth.request import AuthorizeRequest, Flow

UA = AuthorizeRequest.new("https://login.salesforce.com", "3MVG9CLIENT")
PKCE = AuthorizeRequest.new("http://127.0.0.1:5000", "3MVG9CLIENT", flow=Flow.PKCE)
REQUESTS = st.sampled_from([UA, PKCE])

KEYS = st.sampled_from(
    [
        "access_token",
        "refresh_token",
        "instance_url",
        "id",
        "issued_at",
        "signature",
        "scope",
        "token_type",
        "state",
        "code",
        "error",
        "error_description",
    ]
) | st.text(max_size=12)

SF_ID = st.text(
    alphabet="ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789", min_size=15, max_size=15
)
SF_ID_ANY = SF_ID | SF_ID.map(lambda s: s + "AAA")
TOKEN = st.text(alphabet=st.characters(min_codepoint=0x21, max_codepoint=0x7E), min_size=1, max_size=300)
VALUES = st.one_of(
    st.text(max_size=40),
    TOKEN,
    st.sampled_from(
        ["access_denied", "unsupported_response_type", "invalid_client", "app must be installed into org"]
    ),
    st.builds(lambda o, u: f"https://login.salesforce.com/id/{o}/{u}", SF_ID_ANY, SF_ID_ANY),
    st.sampled_from(["https://acme.my.salesforce.com", "http://127.0.0.1:5001", "http://evil.example"]),
    st.integers(min_value=-(10**20), max_value=10**20).map(str),
    st.just(UA.state),
    st.just(PKCE.state),
)
PAIRS = st.lists(st.tuples(KEYS, VALUES), max_size=14)
BASES = st.sampled_from([UA.redirect_uri, PKCE.redirect_uri, "https://evil.example/services/oauth2/success"])


def _assert_total(result: object) -> None:
    assert isinstance(result, Grant | AuthorizationCode | AuthError)


@given(st.text(st.characters(exclude_categories=()), max_size=2000), REQUESTS)
@settings(max_examples=300)
def test_any_text(text: str, request: AuthorizeRequest) -> None:
    _assert_total(parse_callback(text, request))


@given(BASES, PAIRS, PAIRS, st.booleans(), REQUESTS)
@settings(max_examples=400, suppress_health_check=[HealthCheck.too_slow])
def test_any_urlish_callback(
    base: str,
    query: list[tuple[str, str]],
    fragment: list[tuple[str, str]],
    raw: bool,
    request: AuthorizeRequest,
) -> None:
    if raw:
        url = (
            base
            + "?"
            + "&".join(f"{k}={v}" for k, v in query)
            + "#"
            + "&".join(f"{k}={v}" for k, v in fragment)
        )
    else:
        url = f"{base}?{urlencode(query, quote_via=quote)}#{urlencode(fragment, quote_via=quote)}"
    result = parse_callback(url, request)
    _assert_total(result)
    if isinstance(result, Grant | AuthorizationCode):
        # Nothing is accepted without this request's state, in the part of the URL the flow uses.
        parts = urlsplit(url)
        primary = parse_qs(
            parts.query if request.flow is Flow.PKCE else parts.fragment, keep_blank_values=True
        )
        assert primary.get("state") == [request.state]
        assert url.startswith(request.redirect_uri)
    if isinstance(result, Grant):
        assert result.instance_url.startswith(("https://", "http://127.0.0.1"))
        assert request.flow is Flow.USER_AGENT


@given(SF_ID_ANY, SF_ID_ANY, TOKEN, st.none() | TOKEN, st.integers(min_value=0, max_value=4102444800000))
@settings(max_examples=200)
def test_valid_grants_round_trip(org: str, user: str, access: str, refresh: str | None, issued: int) -> None:
    fields = {
        "access_token": access,
        "instance_url": "https://acme.my.salesforce.com",
        "id": f"https://login.salesforce.com/id/{org}/{user}",
        "issued_at": str(issued),
        "state": UA.state,
    }
    if refresh is not None:
        fields["refresh_token"] = refresh
    result = parse_callback(f"{UA.redirect_uri}#{urlencode(fields)}", UA)
    assert isinstance(result, Grant)
    assert (result.access_token, result.refresh_token) == (access, refresh)
    assert (result.org_id, result.user_id) == (org, user)
    assert int(result.issued_at.timestamp() * 1000) in (issued, issued - 1, issued + 1)


@given(st.text(min_size=1, max_size=60).filter(lambda s: s != UA.state))
def test_no_grant_with_another_state(state: str) -> None:
    fields = {
        "access_token": "tok",
        "instance_url": "https://acme.my.salesforce.com",
        "id": "https://login.salesforce.com/id/00D5g000004SxAaEAK/0055g00000AbCdEFAA",
        "state": state,
    }
    result = parse_callback(f"{UA.redirect_uri}#{urlencode(fields)}", UA)
    assert isinstance(result, StateMismatch)
