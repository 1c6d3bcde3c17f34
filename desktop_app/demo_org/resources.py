"""Discovery resources of an instance host: resources by version, the Chatter directory, limits, the org."""

from __future__ import annotations

from typing import Any

from flask import Flask, Response

from . import people
from .host import Host, json_response, reply
from .models import OrgData, Person
from .state import API_DAILY_LIMIT

# Allocations of a small org, by the names the Limits resource documents; only API requests are counted.
STATIC_LIMITS = {
    "ConcurrentAsyncGetReportInstances": 200,
    "ConcurrentSyncReportRuns": 20,
    "DailyAsyncApexExecutions": 250_000,
    "DailyBulkApiBatches": 15_000,
    "DailyStreamingApiEvents": 10_000,
    "DataStorageMB": 5,
    "FileStorageMB": 20,
    "HourlyDashboardRefreshes": 200,
    "MassEmail": 10,
    "SingleEmail": 15,
}
# What resources by version lists besides `identity`; the demo serves chatter, connect, limits and query.
VERSION_RESOURCES = ("chatter", "connect", "limits", "query", "recent", "search", "sobjects", "tooling")
SESSION_TIMEOUT_MINUTES = 120
MAX_FILES_PER_POST = 10


def resources_by_version(version: str, identity_url: str) -> dict[str, str]:
    """The body of GET /services/data/vXX.X: each resource's path, and the caller's identity URL."""
    body = {name: f"/services/data/v{version}/{name}" for name in VERSION_RESOURCES}
    body["identity"] = identity_url
    return dict(sorted(body.items()))


def chatter_directory(version: str) -> dict[str, str]:
    """The body of GET /chatter: where the feeds, groups and users resources are."""
    base = f"/services/data/v{version}/chatter"
    return {"feeds": f"{base}/feeds", "groups": f"{base}/groups", "users": f"{base}/users"}


def limits(api_calls: int) -> dict[str, dict[str, int]]:
    """The body of GET /limits; DailyApiRequests agrees with the Sforce-Limit-Info header."""
    body = {name: {"Max": most, "Remaining": most} for name, most in STATIC_LIMITS.items()}
    body["DailyApiRequests"] = {"Max": API_DAILY_LIMIT, "Remaining": max(0, API_DAILY_LIMIT - api_calls)}
    return dict(sorted(body.items()))


def organization(org: OrgData, person: Person, features_off: tuple[str, ...] = ()) -> dict[str, Any]:
    """The Organization response of GET /connect/organization, as the caller sees it.

    Features say what this org serves: Chatter feeds, likes, comments, profiles and files (on posts and
    comments, ten at most on a post), groups, but no messages, topics or communities. ``features_off`` names
    features or user settings to report as off instead.
    """
    body = _organization(org, person)
    for name in features_off:
        for part in ("features", "userSettings"):
            if name in body[part]:
                body[part][name] = False
    return body


def _organization(org: OrgData, person: Person) -> dict[str, Any]:
    return {
        "accessTimeout": SESSION_TIMEOUT_MINUTES,
        "features": {
            "chatter": True,
            "chatterActivity": True,
            "chatterAnswers": False,
            "chatterGlobalInfluence": True,
            "chatterGroupRecords": False,
            "chatterMessages": False,
            "chatterTopics": False,
            "communitiesEnabled": False,
            "favoritesEnabled": False,
            "feedStreamEnabled": False,
            "files": True,
            "filesOnComments": True,
            "ideas": False,
            "managedTopicsEnabled": False,
            "maxFilesPerFeedItem": MAX_FILES_PER_POST,
            "publisherActions": False,
            "trendingTopics": False,
            "viralInvitesAllowed": False,
        },
        "maintenanceInfo": [],
        "name": org.info.name,
        "orgId": org.info.org_id,
        "userSettings": {
            "approvalPosts": False,
            "canFollow": True,
            "canModifyAllData": False,
            "canOwnGroups": False,
            "canViewAllData": False,
            "canViewAllGroups": False,
            "canViewAllUsers": True,
            "canViewFullUserProfile": True,
            "canViewPublicFiles": False,
            "currencySymbol": "$",
            "externalUser": False,
            "hasAccessToInternalOrg": True,
            "hasChatter": True,
            "hasFileSync": False,
            "hasRestDataApiAccess": True,
            "timeZone": {
                "gmtOffset": people.utc_offset_ms(person.timezone) / 3_600_000,
                "name": person.timezone,
            },
            "userDefaultCurrencyIsoCode": None,
            "userId": person.user.user_id,
            "userLocale": person.locale,
        },
    }


class DiscoveryViews:
    """The discovery views of one instance host; each needs a live bearer token of the host's org."""

    def __init__(self, host: Host) -> None:
        self.host = host
        self.state = host.state

    def by_version(self, version: str) -> Response:
        """GET /services/data/vXX.X."""
        with self.state.db.transaction():
            user = self.host.guard(version, chatter=False)
            if isinstance(user, Response):
                return user
            return json_response(resources_by_version(version, self.state.identity_url(user)))

    def chatter(self, version: str) -> Response:
        """GET /services/data/vXX.X/chatter."""
        with self.state.db.transaction():
            user = self.host.guard(version, chatter=True)
            if isinstance(user, Response):
                return user
            return reply(chatter_directory(version))

    def limits(self, version: str) -> Response:
        """GET /services/data/vXX.X/limits."""
        with self.state.db.transaction():
            user = self.host.guard(version, chatter=False)
            if isinstance(user, Response):
                return user
            return json_response(limits(self.state.api_calls(self.host.org.info.org_id)))

    def organization(self, version: str) -> Response:
        """GET /services/data/vXX.X/connect/organization."""
        with self.state.db.transaction():
            user = self.host.guard(version, chatter=False)
            if isinstance(user, Response):
                return user
            off = self.state.config.features_off
            return reply(organization(self.host.org, self.state.person(user), off))


def register_resources(app: Flask, host: Host) -> None:
    """Add the discovery routes, each with and without a trailing slash, as Salesforce answers both."""
    views = DiscoveryViews(host)
    data = "/services/data/v<version>"
    rules = (
        (data, "by_version", views.by_version),
        (f"{data}/chatter", "chatter_directory", views.chatter),
        (f"{data}/limits", "limits", views.limits),
        (f"{data}/connect/organization", "connect_organization", views.organization),
    )
    for rule, name, view in rules:
        app.add_url_rule(rule, name, view, methods=["GET"])
        app.add_url_rule(f"{rule}/", f"{name}_slash", view, methods=["GET"])
