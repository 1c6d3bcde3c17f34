"""An instance host: versions, SOQL for the org name, photos, single access, frontdoor and Chatter."""

from __future__ import annotations

import hashlib
import re
from typing import Any

from flask import Flask, Response, request
from werkzeug.exceptions import MethodNotAllowed, NotFound

from . import pages, people, photos
from .chatter import register_chatter
from .fileviews import register_files
from .host import NOT_FOUND, Host, error_body, json_response
from .models import OrgData
from .oauth import bad_oauth_token, oauth_error
from .resources import register_resources
from .state import DemoState
from .tofeed import register_to_feed

_QUERY = re.compile(r"^\s*select\s+(?P<fields>[\w\s,]+?)\s+from\s+organization\s*$", re.IGNORECASE)


class InstanceViews:
    """The instance host's views beyond Chatter: versions, the org query, photos, single access, frontdoor."""

    def __init__(self, host: Host) -> None:
        self.host = host
        self.state = host.state

    @property
    def org(self) -> OrgData:
        """The org this host serves."""
        return self.host.org

    def versions(self) -> Response:
        """GET /services/data/."""
        with self.state.db.transaction():
            self.state.count_api(self.org.info.org_id)
        return json_response(people.versions())

    def query(self, version: str) -> Response:
        """GET /services/data/vXX.X/query: only the org's own Id and Name."""
        with self.state.db.transaction():
            user = self.host.guard(version, chatter=False)
            if isinstance(user, Response):
                return user
            if self.state.config.refuse_org_query:
                return error_body(
                    400,
                    "INVALID_TYPE",
                    "sObject type 'Organization' is not supported. If you are attempting to use a custom "
                    "object, be sure to append the '__c' after the entity name.",
                )
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
        with self.state.db.transaction():
            user = self.host.guard(version, chatter=True)
            if isinstance(user, Response):
                return user
            person = self.org.person(user_id)
            if person is None:
                return error_body(404, "NOT_FOUND", NOT_FOUND)
            return json_response(people.photo(person, self.org.info.instance_url, version))

    def profile_photo(self, photo_id: str, size: str) -> Response:
        """GET /profilephoto/{photoVersionId}/{T|M|F}: a PNG, bearer token required."""
        with self.state.db.transaction():
            if self.host.user() is None:
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
        with self.state.db.transaction():
            user = self.host.user()
            if user is None:
                return bad_oauth_token()
            path = request.values.get("redirect_uri", "")
            if not path.startswith("/") or path.startswith("//"):
                return oauth_error(
                    400, "invalid_request", "redirect_uri must be a relative path such as /lightning"
                )
            otp = self.state.grants.new_otp(user, path)
        return json_response({"frontdoor_uri": f"{self.org.info.instance_url}/secur/frontdoor.jsp?otp={otp}"})

    def frontdoor(self) -> Response:
        """GET /secur/frontdoor.jsp?otp=: spends the one-time pass."""
        with self.state.db.transaction():
            grant = self.state.grants.take_otp(request.args.get("otp", ""))
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
    views = InstanceViews(host)
    register_chatter(app, host)
    register_resources(app, host)
    register_files(app, host)
    register_to_feed(app, host)
    app.after_request(host.limit_info)
    app.register_error_handler(NotFound, host.not_found)
    app.register_error_handler(MethodNotAllowed, host.not_allowed)
    data = "/services/data/v<version>"
    rules = (
        ("/services/data/", "versions", views.versions, ["GET"]),
        ("/services/data", "versions_bare", views.versions, ["GET"]),
        (f"{data}/query", "query", views.query, ["GET"]),
        (f"{data}/connect/user-profiles/<user_id>/photo", "photo_info", views.photo_info, ["GET"]),
        ("/profilephoto/<photo_id>/<size>", "profile_photo", views.profile_photo, ["GET"]),
        ("/services/oauth2/singleaccess", "single_access", views.single_access, ["GET", "POST"]),
        ("/secur/frontdoor.jsp", "frontdoor", views.frontdoor, ["GET"]),
    )
    for rule, name, view, methods in rules:
        app.add_url_rule(rule, name, view, methods=methods)
    return app
