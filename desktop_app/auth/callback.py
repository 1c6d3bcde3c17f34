"""Read the callback URL the sign-in page navigates to: a grant, a code, or the reason it failed."""

from __future__ import annotations

import hmac
import logging
from urllib.parse import parse_qsl, urlsplit

from .errors import AuthError, MalformedCallback, StateMismatch, oauth_error
from .grant import AuthorizationCode, Grant, check_token, grant_from_fields
from .request import AuthorizeRequest, Flow, is_callback

log = logging.getLogger("connect.auth")

# Real callbacks are a few hundred characters; anything far larger is not one and is not worth parsing.
MAX_CALLBACK_LENGTH = 65_536
_MAX_FIELDS = 100

_STATE_MISMATCH = (
    "This sign-in answer does not belong to the sign-in you started, so it was ignored. Please sign in again."
)


class _Duplicate(Exception):
    """A parameter appeared twice in one part of the callback."""


def _fields(part: str) -> dict[str, str]:
    fields: dict[str, str] = {}
    for key, value in parse_qsl(part, keep_blank_values=True, max_num_fields=_MAX_FIELDS):
        if key in fields:
            raise _Duplicate(key)
        fields[key] = value
    return fields


def _malformed(description: str, message: str, code: str = "malformed_callback") -> MalformedCallback:
    return MalformedCallback(code, description, message)


def _state_error(fields: dict[str, str], expected: str, *, required: bool) -> AuthError | None:
    got = fields.get("state")
    if got is None:
        if not required:
            return None
        return StateMismatch("state_mismatch", "state is missing", _STATE_MISMATCH)
    if not hmac.compare_digest(got.encode("utf-8", "surrogatepass"), expected.encode("utf-8")):
        return StateMismatch("state_mismatch", "state differs from the request", _STATE_MISMATCH)
    return None


def _parse(url: str, expected: AuthorizeRequest) -> Grant | AuthorizationCode | AuthError:
    if len(url) > MAX_CALLBACK_LENGTH:
        return _malformed("callback URL is too long", "The sign-in answer was too long to be genuine.")
    if not is_callback(url, expected):
        return _malformed(
            "not the expected callback URL",
            "The sign-in page went somewhere other than the expected callback, so the sign-in was stopped.",
            code="unexpected_callback",
        )
    parts = urlsplit(url.strip())
    try:
        query, fragment = _fields(parts.query), _fields(parts.fragment)
    except _Duplicate as dup:
        return _malformed(f"parameter {str(dup)[:40]!r} appears twice", "The sign-in answer was malformed.")
    primary, other = (query, fragment) if expected.flow is Flow.PKCE else (fragment, query)

    for fields in (primary, other):
        if "error" in fields:
            # A state that is present but wrong means this error page is not ours; a missing one is still
            # worth reporting because no grant is accepted either way.
            mismatch = _state_error(fields, expected.state, required=False)
            if mismatch is not None:
                return mismatch
            return oauth_error(
                fields["error"],
                fields.get("error_description", ""),
                user_agent_flow=expected.flow is Flow.USER_AGENT,
            )

    mismatch = _state_error(primary, expected.state, required=True)
    if mismatch is not None:
        return mismatch
    if expected.flow is Flow.PKCE:
        return AuthorizationCode(check_token(primary.get("code"), "code"))
    return grant_from_fields(primary, login_host=expected.login_host)


def parse_callback(url: str, expected: AuthorizeRequest) -> Grant | AuthorizationCode | AuthError:
    """The Grant (user-agent flow), AuthorizationCode (PKCE) or AuthError in a callback URL; never raises."""
    try:
        text: object = url  # the sign-in view hands over whatever the page produced
        if not isinstance(text, str):
            return _malformed("callback is not text", "The sign-in answer was malformed.")
        result = _parse(text, expected)
    except AuthError as exc:
        result = exc
    except Exception as exc:  # a hostile page must never crash the sign-in view
        # The type only: the message or traceback could quote the URL, and the URL can hold a token.
        log.warning("Unreadable sign-in callback (%s)", type(exc).__name__)
        result = _malformed("callback could not be read", "The sign-in answer could not be read.")
    if isinstance(result, AuthError):
        log.info("Sign-in callback rejected: %s (%s)", result.code, type(result).__name__)
    return result
