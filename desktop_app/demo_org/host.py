"""What every instance-host view shares: the org it serves, the session, version and limit checks, errors."""

from __future__ import annotations

import json
from typing import Any

from flask import Response, request
from werkzeug.exceptions import MethodNotAllowed, NotFound

from . import pages, people, render
from .models import DemoUser, OrgData
from .oauth import bearer
from .state import DemoState

NOT_FOUND = "The requested resource does not exist"
LIMIT_MESSAGE = (
    "You have reached the hourly limit of Chatter requests for this user and app. Try again later."
)


def error_body(status: int, error_code: str, message: str) -> Response:
    """A Connect/REST error: a JSON array with one `{"errorCode", "message"}`."""
    body = json.dumps([{"errorCode": error_code, "message": message}])
    return Response(body, status=status, mimetype="application/json")


def json_response(body: Any, status: int = 200) -> Response:
    """A JSON response."""
    return Response(json.dumps(body, ensure_ascii=False), status=status, mimetype="application/json")


def reply(body: Any, status: int = 200) -> Response:
    """Connect JSON, HTML-entity encoded unless the request sent X-Chatter-Entity-Encoding: false."""
    if request.headers.get("X-Chatter-Entity-Encoding", "true").lower() != "false":
        body = render.entity_encode(body)
    return json_response(body, status)


class Host:
    """One org's instance host: the checks every data request goes through, inside its transaction."""

    def __init__(self, state: DemoState, org_index: int) -> None:
        self.state = state
        self.org_index = org_index

    @property
    def org(self) -> OrgData:
        """The org this host serves."""
        return self.state.orgs[self.org_index]

    def user(self) -> DemoUser | None:
        """The caller's user when the bearer token is live and belongs to this org."""
        user = self.state.access_user(bearer(request.headers.get("Authorization")))
        if user is None or user.org_id != self.org.info.org_id:
            return None
        return user

    def guard(self, version: str, *, chatter: bool) -> DemoUser | Response:
        """Check version, session and limits of a data request; the user or the error response."""
        if version not in people.VERSIONS:
            return error_body(404, "NOT_FOUND", NOT_FOUND)
        user = self.user()
        if user is None:
            return error_body(401, "INVALID_SESSION_ID", "Session expired or invalid")
        self.state.count_api(self.org.info.org_id)
        if chatter:
            # Counted once the session is valid: a refused token never reached Chatter.
            self.state.counters["chatter"] += 1
        if chatter and not self.state.within_chatter_limit(user):
            return error_body(503, "REQUEST_LIMIT_EXCEEDED", LIMIT_MESSAGE)
        return user

    def limit_info(self, response: Response) -> Response:
        """Every data response says how much of the org's API allowance is used."""
        if request.path.startswith("/services/data"):
            response.headers["Sforce-Limit-Info"] = self.state.api_usage(self.org.info.org_id)
        return response

    def not_found(self, error: NotFound) -> Response:
        """404: the error array for data paths, a page elsewhere."""
        if request.path.startswith("/services/data"):
            return error_body(404, "NOT_FOUND", NOT_FOUND)
        page = pages.error("NOT_FOUND", "URL No Longer Exists", heading="Page not found")
        return Response(page, status=404, mimetype="text/html")

    def not_allowed(self, error: MethodNotAllowed) -> Response:
        """405 as an error array."""
        allowed = ",".join(sorted(error.valid_methods or []))
        message = f"HTTP Method '{request.method}' not allowed. Allowed are {allowed}"
        return error_body(405, "METHOD_NOT_ALLOWED", message)
