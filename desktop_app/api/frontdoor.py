"""The one-time "frontdoor" URL that opens the org in a browser already signed in, checked before use."""

from __future__ import annotations

from desktop_app.api.errors import BadResponse
from desktop_app.auth.hosts import UntrustedHost, check_token_host, is_secure_or_loopback


def check_ret_path(ret_path: str) -> str:
    """A path on the instance (starting with a single '/'), else ValueError."""
    if not ret_path.startswith("/") or ret_path.startswith("//"):
        raise ValueError("ret_path must be a path on the instance, starting with a single '/'")
    return ret_path


def checked_frontdoor(uri: str, login_host: str, url: str) -> str:
    """The single-access URL the org gave, when it is secure and on a host of this org's family."""
    if not is_secure_or_loopback(uri):
        raise BadResponse(200, "insecure_url", "single access URL is neither https nor loopback", url)
    try:
        return check_token_host(uri, login_host, "single access URL")
    except UntrustedHost as exc:
        raise BadResponse(200, "untrusted_host", str(exc), url, user_message=str(exc)) from exc
