"""An instance host: versions, SOQL for the org name, photos, single access, frontdoor and Chatter."""

from __future__ import annotations

import hashlib
import json
import re
from typing import Any

from flask import Flask, Response, request
from werkzeug.exceptions import MethodNotAllowed, NotFound

from . import pages, people, photos
from .chatter import register_chatter
from .models import DemoUser, OrgData
from .oauth import bad_oauth_token, bearer, oauth_error
from .state import DemoState

_QUERY = re.compile(r"^\s*select\s+(?P<fields>[\w\s,]+?)\s+from\s+organization\s*$", re.IGNORECASE)
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


class Host:
    """Views of one org's instance host, and the checks every data request goes through."""

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
            with self.state.lock:
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

    def versions(self) -> Response:
        """GET /services/data/."""
        with self.state.lock:
            self.state.count_api(self.org.info.org_id)
        return json_response(people.versions())

    def query(self, version: str) -> Response:
        """GET /services/data/vXX.X/query: only the org's own Id and Name."""
        with self.state.lock:
            user = self.guard(version, chatter=False)
            if isinstance(user, Response):
                return user
            match = _QUERY.match(request.args.get("q", ""))
            fields = [field.strip().lower() for field in match.group("fields").split(",")] if match else []
            if not fields or not set(fields) <= {"id", "name"}:
                return error_body(
                    400, "MALFORMED_QUERY", "Only SELECT Id, Name FROM Organization is supported"
                )
            info = self.org.info
            url = f"/services/data/v{version}/sobjects/Organization/{info.org_id}"
            record: dict[str, Any] = {"attributes": {"type": "Organization", "url": url}}
            for field in fields:
                record.update({"Id": info.org_id} if field == "id" else {"Name": info.name})
            return json_response({"totalSize": 1, "done": True, "records": [record]})

    def photo_info(self, version: str, user_id: str) -> Response:
        """GET /services/data/vXX.X/connect/user-profiles/{id}/photo."""
        with self.state.lock:
            user = self.guard(version, chatter=True)
            if isinstance(user, Response):
                return user
            person = self.org.person(user_id)
            if person is None:
                return error_body(404, "NOT_FOUND", NOT_FOUND)
            return json_response(people.photo(person, self.org.info.instance_url, version))

    def profile_photo(self, photo_id: str, size: str) -> Response:
        """GET /profilephoto/{photoVersionId}/{T|M|F}: a PNG, bearer token required."""
        with self.state.lock:
            if self.user() is None:
                return error_body(401, "INVALID_SESSION_ID", "Session expired or invalid")
            person = next((p for p in self.org.people.values() if p.photo_version_id == photo_id), None)
            if person is None or size not in photos.SIZES:
                return error_body(404, "NOT_FOUND", NOT_FOUND)
            etag = hashlib.sha256(f"{photo_id}/{size}".encode()).hexdigest()[:16]
            if etag in request.if_none_match:
                return Response(status=304, headers={"ETag": f'"{etag}"'})
            self.state.counters["photo"] += 1
        image = photos.render(photo_id, person.first_name, person.last_name, person.color, photos.SIZES[size])
        headers = {"ETag": f'"{etag}"', "Cache-Control": "private, max-age=86400"}
        return Response(image, mimetype="image/png", headers=headers)

    def single_access(self) -> Response:
        """POST /services/oauth2/singleaccess: a one-time frontdoor URL for a relative path."""
        with self.state.lock:
            user = self.user()
            if user is None:
                return bad_oauth_token()
            path = request.values.get("redirect_uri", "")
            if not path.startswith("/") or path.startswith("//"):
                return oauth_error(
                    400, "invalid_request", "redirect_uri must be a relative path such as /lightning"
                )
            otp = self.state.new_otp(user, path)
        return json_response({"frontdoor_uri": f"{self.org.info.instance_url}/secur/frontdoor.jsp?otp={otp}"})

    def frontdoor(self) -> Response:
        """GET /secur/frontdoor.jsp?otp=: spends the one-time pass."""
        with self.state.lock:
            grant = self.state.take_otp(request.args.get("otp", ""))
            if grant is None or grant[0].org_id != self.org.info.org_id:
                description = "This one-time link is invalid, expired or was already used. Sign in again."
                page = pages.error("INVALID_OTP", description, heading="Link expired")
                return Response(page, status=400, mimetype="text/html")
            user, path = grant
        page = pages.frontdoor(user.display_name, user.username, self.org.info.name, path)
        return Response(page, mimetype="text/html")


def create_instance_app(state: DemoState, org_index: int) -> Flask:
    """The Flask app serving one org's instance host."""
    app = Flask(f"desktop_app.demo_org.instance{org_index}")
    host = Host(state, org_index)
    register_chatter(app, host)
    app.after_request(host.limit_info)
    app.register_error_handler(NotFound, host.not_found)
    app.register_error_handler(MethodNotAllowed, host.not_allowed)
    data = "/services/data/v<version>"
    rules = (
        ("/services/data/", "versions", host.versions, ["GET"]),
        ("/services/data", "versions_bare", host.versions, ["GET"]),
        (f"{data}/query", "query", host.query, ["GET"]),
        (f"{data}/connect/user-profiles/<user_id>/photo", "photo_info", host.photo_info, ["GET"]),
        ("/profilephoto/<photo_id>/<size>", "profile_photo", host.profile_photo, ["GET"]),
        ("/services/oauth2/singleaccess", "single_access", host.single_access, ["GET", "POST"]),
        ("/secur/frontdoor.jsp", "frontdoor", host.frontdoor, ["GET"]),
    )
    for rule, name, view, methods in rules:
        app.add_url_rule(rule, name, view, methods=methods)
    return app
