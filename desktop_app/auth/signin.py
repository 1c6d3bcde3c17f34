"""Finish a sign-in: exchange the code (PKCE), read who signed in and build the account record."""

from __future__ import annotations

import logging
from datetime import UTC, datetime

import msgspec
import requests

from .account import Account, account_key
from .errors import AuthError, MalformedCallback, NetworkError
from .grant import AuthorizationCode, Grant
from .identity import fetch_connect_org_name, fetch_identity, fetch_org_name
from .request import AuthorizeRequest, Flow
from .tokens import TokenEndpoint
from .tokenset import Tokens
from .transport import session_scope

log = logging.getLogger("connect.auth")


class SignedIn(msgspec.Struct, frozen=True):
    """A finished sign-in: the account record for the registry and the tokens for the keyring."""

    account: Account
    tokens: Tokens


def _same_id(a: str, b: str) -> bool:
    # The 18-character form only adds a case-insensitive checksum to the 15-character one.
    return a == b if len(a) == len(b) else a[:15] == b[:15]


def complete_sign_in(
    result: Grant | AuthorizationCode, request: AuthorizeRequest, *, session: requests.Session | None = None
) -> SignedIn:
    """Turn a parse_callback result into a SignedIn; raises AuthError (NetworkError when unreachable)."""
    with session_scope(session) as http:
        if isinstance(result, AuthorizationCode):
            if request.flow is not Flow.PKCE:
                raise MalformedCallback(
                    "unexpected_code", "code in a user-agent sign-in", "The sign-in was malformed."
                )
            grant = TokenEndpoint(request.login_host, request.client_id, session=http).exchange_code(
                result.code, request
            )
        else:
            grant = result
        identity = fetch_identity(
            grant.id_url, grant.access_token, login_host=request.login_host, session=http
        )
        if not (_same_id(identity.org_id, grant.org_id) and _same_id(identity.user_id, grant.user_id)):
            raise MalformedCallback(
                "identity_mismatch",
                "identity does not match the id URL",
                "Salesforce described another user than the one who signed in, so the sign-in was stopped.",
            )
        try:
            org_name = fetch_org_name(
                grant.instance_url, grant.access_token, login_host=request.login_host, session=http
            )
        except NetworkError:
            raise
        except AuthError as exc:
            # Orgs may forbid the Organization query to some users: Connect's organization resource names
            # the org for every API user; failing that, the id still identifies it.
            log.info("Organization query refused (%s); asking /connect/organization", exc.code)
            org_name = _connect_org_name(grant, request, http)
    account = Account(
        key=account_key(grant.org_id, grant.user_id),
        org_id=grant.org_id,
        user_id=grant.user_id,
        username=identity.username,
        display_name=identity.display_name,
        org_name=org_name,
        login_host=request.login_host,
        instance_url=grant.instance_url,
        id_url=grant.id_url,
        flow=request.flow.value,
        photo_url=identity.photo_url,
        signed_in_at=datetime.now(UTC).isoformat(timespec="seconds"),
        client_id=request.client_id,
        scopes=grant.scope,
    )
    log.info("Signed in %s to org %s", account.key, account.org_id)
    return SignedIn(account=account, tokens=Tokens(grant.access_token, grant.refresh_token))


def _connect_org_name(grant: Grant, request: AuthorizeRequest, http: requests.Session) -> str:
    try:
        return fetch_connect_org_name(
            grant.instance_url, grant.access_token, login_host=request.login_host, session=http
        )
    except NetworkError:
        raise
    except AuthError as exc:
        log.info("Org name not available (%s); using the org id", exc.code)
        return grant.org_id
