"""The login host: authorize (login and approval pages), token, revoke, userinfo and identity URLs."""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
from collections.abc import Mapping
from urllib.parse import urlencode

from flask import Flask, Response, request

from . import pages, people
from .models import DemoUser
from .seed import PASSWORD
from .state import APP_NAME, APP_SCOPES, CLIENT_ID, DEFAULT_SCOPE, DemoState

OAUTH_PARAMS = (
    "response_type", "client_id", "redirect_uri", "scope", "state", "display", "prompt", "login_hint",
    "code_challenge", "code_challenge_method", "nonce",
)  # fmt: skip
SESSION_COOKIE = "sid"
BAD_LOGIN = (
    "Please check your username and password. "
    "If you still can't log in, contact your Salesforce administrator."
)
UA_BLOCKED = (
    "user-agent flow is blocked for this org; use the web server flow with PKCE "
    "(response_type=code with code_challenge)"
)


def bearer(authorization: str | None, oauth_token: str | None = None) -> str | None:
    """The token from an `Authorization: Bearer` (or `OAuth`) header, else the oauth_token parameter."""
    scheme, _, token = (authorization or "").partition(" ")
    if scheme.lower() in ("bearer", "oauth") and token.strip():
        return token.strip()
    return oauth_token or None


def oauth_error(status: int, error: str, description: str) -> Response:
    """A token/revoke endpoint error: JSON `{"error", "error_description"}`."""
    body = json.dumps({"error": error, "error_description": description})
    return Response(body, status=status, mimetype="application/json")


def bad_oauth_token() -> Response:
    """The identity/userinfo/singleaccess answer for an invalid or expired token."""
    return Response("Bad_OAuth_Token", status=403, mimetype="text/plain")


def _html(text: str, status: int = 200) -> Response:
    return Response(text, status=status, mimetype="text/html")


def _json(body: object) -> Response:
    return Response(json.dumps(body, ensure_ascii=False), mimetype="application/json")


def _callback(params: Mapping[str, str], values: Mapping[str, str]) -> Response:
    """Redirect to the callback: fragment for the user-agent flow, query for everything else."""
    answer = dict(values)
    if params.get("state"):
        answer["state"] = params["state"]
    uri = params["redirect_uri"]
    if params.get("response_type") == "token":
        target = f"{uri}#{urlencode(answer)}"
    else:
        target = f"{uri}{'&' if '?' in uri else '?'}{urlencode(answer)}"
    return Response("Redirecting…", status=302, headers={"Location": target}, mimetype="text/plain")


def _granted_scope(params: Mapping[str, str]) -> str:
    return " ".join(params.get("scope", "").split()) or DEFAULT_SCOPE


def _s256(verifier: str) -> str:
    return base64.urlsafe_b64encode(hashlib.sha256(verifier.encode()).digest()).rstrip(b"=").decode()


class LoginHost:
    """Views of the login host; each touches state inside one transaction per request."""

    def __init__(self, state: DemoState) -> None:
        self.state = state

    def check(self, params: Mapping[str, str]) -> Response | None:
        """An error page or error redirect when an authorize request cannot go on to login."""
        if params.get("client_id") != CLIENT_ID:
            return _html(pages.error("invalid_client_id", "client identifier invalid"), 400)
        if params.get("redirect_uri") != self.state.callback_url:
            return _html(pages.error("redirect_uri_mismatch", "redirect_uri must match configuration"), 400)
        response_type = params.get("response_type")
        if response_type not in ("token", "code"):
            return _callback(
                params,
                {"error": "unsupported_response_type", "error_description": "response type not supported"},
            )
        if response_type == "token" and self.state.config.block_user_agent_flow:
            return _callback(params, {"error": "unsupported_response_type", "error_description": UA_BLOCKED})
        if not set(_granted_scope(params).split()) <= APP_SCOPES:
            return _callback(
                params, {"error": "invalid_scope", "error_description": "the requested scope is not allowed"}
            )
        method = params.get("code_challenge_method")
        if response_type == "code" and method and method != "S256":
            return _callback(
                params,
                {"error": "invalid_request", "error_description": "code_challenge_method must be S256"},
            )
        return None

    def finish(self, user: DemoUser, params: Mapping[str, str]) -> Response:
        """The approval page on first use (or prompt=consent), else the redirect with the grant."""
        scope = _granted_scope(params)
        if (
            not self.state.grants.is_approved(user, CLIENT_ID)
            or "consent" in params.get("prompt", "").split()
        ):
            ticket = self.state.grants.park(user, dict(params))
            return _html(pages.approve(ticket, APP_NAME, user.display_name, user.username, scope))
        if params["response_type"] == "token":
            return _callback(params, self.state.issue(user, scope))
        challenge = params.get("code_challenge") or None
        return _callback(
            params,
            {
                "code": self.state.grants.new_code(
                    user, params["redirect_uri"], scope, challenge, self.state.code_ttl
                )
            },
        )

    def login_page(
        self, params: Mapping[str, str], *, username: str = "", error: str | None = None
    ) -> Response:
        """The login form."""
        users = [
            (org.info.name, person.user.display_name, person.user.username)
            for org in self.state.orgs
            for person in org.people.values()
        ]
        return _html(pages.login(params, users, PASSWORD, username=username, error=error))

    def authorize(self) -> Response:
        """GET /services/oauth2/authorize."""
        params = {name: request.args[name] for name in OAUTH_PARAMS if name in request.args}
        with self.state.db.transaction():
            problem = self.check(params)
            if problem is not None:
                return problem
            user = self.state.grants.session_user(request.cookies.get(SESSION_COOKIE))
            if user is None or "login" in params.get("prompt", "").split():
                return self.login_page(params, username=params.get("login_hint", ""))
            return self.finish(user, params)

    def authorize_post(self) -> Response:
        """The login form and the approval page post here."""
        form = request.form
        with self.state.db.transaction():
            if form.get("step") == "approve":
                return self.approve()
            params = {name: form[name] for name in OAUTH_PARAMS if name in form}
            problem = self.check(params)
            if problem is not None:
                return problem
            username = form.get("username", "")
            user = self.state.find_user(username)
            if user is None or not hmac.compare_digest(
                form.get("password", "").encode(), user.password.encode()
            ):
                return self.login_page(params, username=username, error=BAD_LOGIN)
            response = self.finish(user, params)
            response.set_cookie(
                SESSION_COOKIE, self.state.grants.open_session(user), httponly=True, samesite="Lax"
            )
            return response

    def approve(self) -> Response:
        """The answer to the "Allow access?" page."""
        pending = self.state.grants.unpark(request.form.get("ticket", ""))
        if pending is None:
            return _html(
                pages.error("invalid_request", "This approval request has expired. Start again."), 400
            )
        if "approve" not in request.form:
            denied = {"error": "access_denied", "error_description": "end-user denied authorization"}
            return _callback(pending.params, denied)
        self.state.grants.approve(pending.user, CLIENT_ID)
        return self.finish(pending.user, pending.params)

    def success(self) -> Response:
        """GET /services/oauth2/success: what a browser shows when nobody intercepts the callback."""
        return _html(pages.success())

    def token(self) -> Response:
        """POST /services/oauth2/token: authorization_code and refresh_token grants."""
        form = request.form
        grant_type = form.get("grant_type")
        if grant_type not in ("authorization_code", "refresh_token"):
            return oauth_error(400, "unsupported_grant_type", "grant type not supported")
        if form.get("client_id") != CLIENT_ID:
            return oauth_error(400, "invalid_client_id", "client identifier invalid")
        secret = form.get("client_secret")
        if secret is not None and not hmac.compare_digest(
            secret.encode(), self.state.consumer_secret.encode()
        ):
            return oauth_error(400, "invalid_client", "invalid client credentials")
        with self.state.db.transaction():
            if grant_type == "refresh_token":
                self.state.counters["refresh"] += 1
                answer = self.state.refresh(form.get("refresh_token", ""))
                if answer is None:
                    return oauth_error(400, "invalid_grant", "expired access/refresh token")
                return _json(answer)
            return self.exchange_code()

    def exchange_code(self) -> Response:
        """The authorization_code grant, with PKCE checked when the code came with a challenge."""
        form = request.form
        self.state.counters["token_code"] += 1
        code = self.state.grants.take_code(form.get("code", ""))
        if code is None:
            return oauth_error(400, "invalid_grant", "expired authorization code")
        if form.get("redirect_uri") != code.redirect_uri:
            return oauth_error(400, "invalid_grant", "redirect_uri must match configuration")
        if code.challenge is not None:
            verifier = form.get("code_verifier")
            if not verifier:
                return oauth_error(
                    400, "invalid_grant", "code_verifier is required because a code_challenge was sent"
                )
            if not hmac.compare_digest(_s256(verifier).encode(), code.challenge.encode()):
                return oauth_error(400, "invalid_request", "invalid code verifier")
        return _json(self.state.issue(code.user, code.scope))

    def revoke(self) -> Response:
        """POST (or GET) /services/oauth2/revoke."""
        token = request.form.get("token") or request.args.get("token")
        with self.state.db.transaction():
            self.state.counters["revoke"] += 1
            if not token:
                return oauth_error(400, "unsupported_token_type", "unsupported token type")
            if not self.state.grants.revoke(token):
                return oauth_error(400, "invalid_token", "invalid token")
        return Response("", status=200, mimetype="text/plain")

    def userinfo(self) -> Response:
        """GET /services/oauth2/userinfo."""
        with self.state.db.transaction():
            user = self.state.access_user(
                bearer(request.headers.get("Authorization"), request.values.get("oauth_token"))
            )
            if user is None:
                return bad_oauth_token()
            return _json(
                people.userinfo(self.state.person(user), self.state.org_of(user), self.state.login_url)
            )

    def identity(self, org_id: str, user_id: str) -> Response:
        """GET /id/{orgId}/{userId}: only the token's own user."""
        with self.state.db.transaction():
            user = self.state.access_user(
                bearer(request.headers.get("Authorization"), request.args.get("oauth_token"))
            )
            if user is None or user.org_id != org_id or user.user_id != user_id:
                return bad_oauth_token()
            version = request.args.get("version")
            if version == "latest":
                version = people.LATEST_VERSION
            person, org = self.state.person(user), self.state.org_of(user)
            return _json(people.identity(person, org, self.state.identity_url(user), version))


def create_login_app(state: DemoState) -> Flask:
    """The Flask app serving the login host."""
    app = Flask("desktop_app.demo_org.login")
    host = LoginHost(state)
    app.add_url_rule("/services/oauth2/authorize", "authorize", host.authorize, methods=["GET"])
    app.add_url_rule("/services/oauth2/authorize", "authorize_post", host.authorize_post, methods=["POST"])
    app.add_url_rule("/services/oauth2/success", "success", host.success, methods=["GET"])
    app.add_url_rule("/services/oauth2/token", "token", host.token, methods=["POST"])
    app.add_url_rule("/services/oauth2/revoke", "revoke", host.revoke, methods=["GET", "POST"])
    app.add_url_rule("/services/oauth2/userinfo", "userinfo", host.userinfo, methods=["GET", "POST"])
    app.add_url_rule("/id/<org_id>/<user_id>", "identity", host.identity, methods=["GET"])
    return app
