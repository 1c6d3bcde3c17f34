"""Sign-in failures: one exception root carrying the OAuth code, the server's text and words for people."""

from __future__ import annotations

from desktop_app import errors


class AuthError(errors.AppError):
    """A sign-in, token or identity failure (returned by parse_callback, raised by the endpoint calls)."""

    def __init__(
        self,
        code: str,
        description: str = "",
        user_message: str | None = None,
        *,
        offer_pkce: bool = False,
        status: int | None = None,
    ) -> None:
        self.code = code
        self.description = description
        self._user_message = user_message or _generic_message(code, description)
        self.offer_pkce = offer_pkce
        self.status = status
        super().__init__(code, description)

    @property
    def user_message(self) -> str:
        """Plain words for people about what went wrong."""
        return self._user_message

    def __str__(self) -> str:
        return self._user_message

    def __repr__(self) -> str:
        return f"{type(self).__name__}(code={self.code!r}, description={self.description!r})"


class AccessDenied(AuthError):
    """The person declined the connected app's request for access."""


class StateMismatch(AuthError):
    """The callback's state does not match the request: it belongs to another sign-in or was forged."""


class UserAgentFlowBlocked(AuthError):
    """The org's admin has switched off the user-agent flow; the code flow with PKCE may still work."""


class AppNotInstalled(AuthError):
    """The connected app is not installed in the org and the user may not approve uninstalled apps."""


class MalformedCallback(AuthError):
    """The callback or token response lacks a field, or carries one that is insecure or malformed."""


class InvalidGrant(AuthError):
    """The token endpoint refused a code or refresh token (expired, revoked or rotated away)."""


class TokenEndpointError(AuthError):
    """The token or revoke endpoint answered with an OAuth error other than invalid_grant."""


class NetworkError(AuthError, errors.NetworkError):
    """The server could not be reached, timed out, or answered with something that is not an OAuth reply."""


class TimedOut(NetworkError):
    """The server did not answer completely in time (a read timeout or the whole exchange's deadline)."""


class ResponseTooLarge(NetworkError):
    """The server's answer was larger than any genuine answer of its kind, so reading stopped."""


_LEADS = {
    "inactive_user": "Your Salesforce user is inactive. Ask your Salesforce admin to activate it.",
    "inactive_org": "This Salesforce org is inactive or locked.",
    "invalid_client_id": "Salesforce does not know this app's client id. Check the client id in Settings.",
    "rate_limit_exceeded": "Salesforce refused the sign-in: too many attempts were made. Wait and try again.",
    "redirect_uri_mismatch": "The callback URL does not match the connected app's callback URL.",
    "invalid_scope": "The connected app does not allow the requested scopes.",
}


def _generic_message(code: str, description: str) -> str:
    lead = _LEADS.get(code, "Salesforce did not complete the sign-in.")
    detail = description.strip()[:300] if description else ""
    if detail:
        return f"{lead} Salesforce said: {detail} ({code})"
    return f"{lead} ({code})"


_DECLINED = (
    "You declined access, so Connect Desktop was not signed in. Sign in again and choose Allow to continue."
)
_UA_BLOCKED = (
    "This org does not allow the user-agent sign-in flow: its admin has blocked it. "
    "Sign in with the authorization code flow (PKCE) instead, which this org may still allow."
)
_NOT_INSTALLED = (
    "The Connect Desktop connected app is not installed in this org. A Salesforce admin must install the "
    'connected app in the org, or give you the "Approve Uninstalled Connected Apps" permission.'
)


def _mentions_user_agent_block(description: str) -> bool:
    text = description.lower().replace("_", "-")
    return "user-agent" in text or "user agent" in text or "blocked" in text


def oauth_error(code: str, description: str = "", *, user_agent_flow: bool = True) -> AuthError:
    """The typed error for an OAuth `error` / `error_description` pair from a callback or token reply."""
    code = code.strip() or "unknown_error"
    text = description.strip()
    lowered = text.lower()
    if code == "access_denied":
        return AccessDenied(code, text, _DECLINED)
    if code == "invalid_client" and "must be installed" in lowered:
        return AppNotInstalled(code, text, _NOT_INSTALLED)
    if user_agent_flow and (code == "unsupported_response_type" or _mentions_user_agent_block(text)):
        return UserAgentFlowBlocked(code, text, _UA_BLOCKED, offer_pkce=True)
    return AuthError(code, text)
