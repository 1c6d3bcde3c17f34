"""Chatter group, following and mention-completion resources of an instance host, with Salesforce's codes.

Joining a private group is refused (403 INSUFFICIENT_ACCESS_OR_READONLY): people ask to join instead, and a
request answers 201 (made, or already pending) or 204 (already a member). Unknown ids answer 404 NOT_FOUND.
"""

from __future__ import annotations

from typing import Any
from urllib.parse import urlencode

from flask import Flask, Response, request

from . import groups, people
from .feed import FeedStore
from .follows import FollowStore
from .grouprender import group_detail, group_member, group_photo, membership_reference, membership_request
from .groups import Group, GroupStore
from .guarded import HostRoutes, guarded, json_input, not_found
from .host import Host, reply
from .models import DemoUser
from .segments import InputError
from .view import View

MAX_MEMBER_PAGE = 1000
MAX_GROUP_PAGE = 250
MIN_GROUP_QUERY = 2


def _number(name: str, default: int, most: int) -> int:
    raw = request.args.get(name)
    if raw is None:
        return default
    if not raw.isdigit():
        raise InputError(f"Invalid {name}: {raw}")
    value = int(raw)
    if name == "pageSize" and not 1 <= value <= most:
        raise InputError(f"pageSize must be between 1 and {most}")
    return value


def _link(base: str, params: dict[str, str]) -> str:
    return f"{base}?{urlencode(params)}" if params else base


def _pages(base: str, number: int, more: bool) -> dict[str, str | None]:
    keep = {key: value for key, value in request.args.items() if key != "page"}
    return {
        "currentPageUrl": _link(base, {**keep, **({"page": str(number)} if number else {})}),
        "nextPageUrl": _link(base, {**keep, "page": str(number + 1)}) if more else None,
        "previousPageUrl": _link(base, {**keep, "page": str(number - 1)}) if number else None,
    }


def _fold_match(query: str, name: str) -> bool:
    words = [people.fold(word.strip("*")) for word in query.split() if word.strip("*")]
    return all(word in people.fold(name) for word in words)


class GroupRoutes(HostRoutes):
    """Groups, following and mention completions of one instance host."""

    @staticmethod
    def _group(store: GroupStore, group_id: str, viewer_id: str) -> Group:
        group = store.group(group_id)
        # Unlisted groups do not exist for those outside them.
        if group is None or (
            group.visibility == groups.UNLISTED and store.membership(group_id, viewer_id) is None
        ):
            raise not_found()
        return group

    def _list(self, view: View, store: GroupStore, found: list[Group], base: str) -> dict[str, Any]:
        size = _number("pageSize", 25, MAX_GROUP_PAGE)
        number = _number("page", 0, 0)
        chunk = found[number * size : (number + 1) * size]
        return {
            "groups": [group_detail(group, store, view) for group in chunk],
            "total": len(found),
            **_pages(base, number, (number + 1) * size < len(found)),
        }

    @staticmethod
    def _query() -> str:
        query = request.args.get("q", "")
        if query and len(query.strip("* ")) < MIN_GROUP_QUERY:
            raise InputError("Your search term must have 2 or more characters.")
        return query

    @guarded
    def my_groups(self, user: DemoUser, view: View, feed: FeedStore, user_id: str) -> Response:
        """GET /chatter/users/{me|id}/groups: a User Group Detail Collection."""
        wanted = user.user_id if user_id == "me" else user_id
        if view.org.person(wanted) is None:
            raise not_found()
        store = GroupStore(feed.conn, view.org)
        query = self._query()
        found = [g for g in store.groups_of(wanted) if not query or _fold_match(query, g.name)]
        if wanted != user.user_id:
            found = [
                g
                for g in found
                if g.visibility != groups.UNLISTED or store.membership(g.group_id, user.user_id)
            ]
        return reply(self._list(view, store, found, view.api(f"/chatter/users/{user_id}/groups")))

    @guarded
    def all_groups(self, user: DemoUser, view: View, feed: FeedStore) -> Response:
        """GET /chatter/groups: a Group Page of the groups the person can see."""
        store = GroupStore(feed.conn, view.org)
        query = self._query()
        found = [
            g
            for g in store.groups()
            if (not query or _fold_match(query, g.name))
            and (g.visibility != groups.UNLISTED or store.membership(g.group_id, user.user_id))
        ]
        return reply(self._list(view, store, found, view.api("/chatter/groups")))

    @guarded
    def group(self, user: DemoUser, view: View, feed: FeedStore, group_id: str) -> Response:
        """GET /chatter/groups/{id}: a Group Detail."""
        store = GroupStore(feed.conn, view.org)
        return reply(group_detail(self._group(store, group_id, user.user_id), store, view))

    @guarded
    def members(self, user: DemoUser, view: View, feed: FeedStore, group_id: str) -> Response:
        """GET a Group Member Page, or POST a member (join a public group, or add someone as its manager)."""
        store = GroupStore(feed.conn, view.org)
        group = self._group(store, group_id, user.user_id)
        if request.method == "POST":
            return self._join(user, view, store, group)
        size = _number("pageSize", 25, MAX_MEMBER_PAGE)
        number = _number("page", 0, 0)
        everyone = store.members(group_id)
        chunk = everyone[number * size : (number + 1) * size]
        base = view.api(f"/chatter/groups/{group_id}/members")
        return reply(
            {
                "members": [group_member(m, view) for m in chunk],
                "myMembership": membership_reference(store.membership(group_id, user.user_id), view),
                "totalMemberCount": len(everyone),
                **_pages(base, number, (number + 1) * size < len(everyone)),
            }
        )

    @staticmethod
    def _join(user: DemoUser, view: View, store: GroupStore, group: Group) -> Response:
        payload = json_input()
        fields = payload if isinstance(payload, dict) else request.values
        wanted = fields.get("userId")
        if not isinstance(wanted, str) or not wanted:
            raise InputError("Missing required input: userId")
        wanted = user.user_id if wanted == "me" else wanted
        if view.org.person(wanted) is None:
            raise not_found()
        manages = store.can_manage(group.group_id, user.user_id)
        if wanted != user.user_id and not manages:
            raise groups.refused()
        if group.visibility != groups.PUBLIC and not manages:
            raise groups.refused()
        if store.membership(group.group_id, wanted) is not None:
            raise InputError("This user is already a member of the group.", "DUPLICATE_VALUE")
        role = fields.get("role") or groups.MEMBER
        if role not in (groups.MEMBER, groups.MANAGER):
            raise InputError(f"Invalid role: {role}")
        membership = store.add_member(group.group_id, wanted, role, view.now)
        return reply(group_member(membership, view), 201)

    @guarded
    def requests(self, user: DemoUser, view: View, feed: FeedStore, group_id: str) -> Response:
        """POST: ask to join a private group; GET: the group's requests (its owner and managers only)."""
        store = GroupStore(feed.conn, view.org)
        group = self._group(store, group_id, user.user_id)
        if request.method == "GET":
            if not store.can_manage(group_id, user.user_id):
                raise groups.refused()
            status = request.args.get("status")
            if status is not None and status not in ("Accepted", "Declined", "Pending"):
                raise InputError(f"Invalid status: {status}")
            found = store.requests(group_id, status)
            return reply({"requests": [membership_request(r, view) for r in found], "total": len(found)})
        if store.membership(group_id, user.user_id) is not None:
            return Response(status=204)
        if group.visibility == groups.PUBLIC:
            raise InputError("Only private groups take requests to join; join this group instead.")
        return reply(membership_request(store.ask_to_join(group_id, user.user_id, view.now), view), 201)

    @guarded
    def membership(self, user: DemoUser, view: View, feed: FeedStore, membership_id: str) -> Response:
        """GET a Group Member, or DELETE it: leave a group, or remove someone as its owner or a manager."""
        store = GroupStore(feed.conn, view.org)
        membership = store.membership_by_id(membership_id)
        if membership is None:
            raise not_found()
        if request.method == "GET":
            return reply(group_member(membership, view))
        own = membership.user_id == user.user_id
        if not own and not store.can_manage(membership.group_id, user.user_id):
            raise groups.refused()
        if membership.role == groups.OWNER:
            raise InputError(
                "The owner of a group can't leave it. Make someone else the owner first.",
                "INSUFFICIENT_ACCESS_OR_READONLY",
                403,
            )
        store.remove_member(membership_id)
        return Response(status=204)

    @guarded
    def follow(self, user: DemoUser, view: View, feed: FeedStore, user_id: str) -> Response:
        """POST /chatter/users/me/following: follow a person or a record; a Subscription."""
        if user_id not in ("me", user.user_id):
            raise groups.refused()
        payload = json_input()
        fields = payload if isinstance(payload, dict) else request.values
        subject = fields.get("subjectId")
        if not isinstance(subject, str) or not subject:
            raise InputError("Missing required input: subjectId")
        if subject == user.user_id:
            raise InputError("You can't follow yourself.")
        if view.org.person(subject) is None and subject not in view.org.records:
            raise not_found()
        subscription = FollowStore(feed.conn, view.org).follow(user.user_id, subject, view.now)
        return reply(self._subscription(view, subscription, user.user_id, subject), 201)

    @staticmethod
    def _subscription(view: View, subscription_id: str, subscriber: str, subject: str) -> dict[str, Any]:
        return {
            "community": None,
            "id": subscription_id,
            "subject": view.user(subject) if view.org.person(subject) else view.record(subject),
            "subscriber": view.user(subscriber),
            "url": view.api(f"/chatter/subscriptions/{subscription_id}"),
        }

    @guarded
    def subscription(self, user: DemoUser, view: View, feed: FeedStore, subscription_id: str) -> Response:
        """GET a Subscription, or DELETE it (unfollow): only the follower may."""
        store = FollowStore(feed.conn, view.org)
        found = store.find(subscription_id)
        if found is None:
            raise not_found()
        subscriber, subject = found
        if request.method == "GET":
            return reply(self._subscription(view, subscription_id, subscriber, subject))
        if subscriber != user.user_id:
            raise groups.refused()
        store.unfollow(subscription_id)
        return Response(status=204)

    @guarded
    def completions(self, user: DemoUser, view: View, feed: FeedStore) -> Response:
        """GET /chatter/mentions/completions: people and groups to @mention (groups from two characters)."""
        query = request.args.get("q")
        if query is None:
            raise InputError("Missing required query parameter: q")
        kind = request.args.get("type", "All")
        if kind not in ("All", "User", "Group"):
            raise InputError(f"Invalid type: {kind}. Use All, User or Group.")
        size = _number("pageSize", 25, 100)
        number = _number("page", 0, 0)
        found: list[dict[str, Any]] = []
        if kind in ("All", "User"):
            for person in people.search(view.org, query):
                summary = view.user(person.user.user_id)
                found.append(
                    {
                        "additionalLabel": None,
                        "description": person.title,
                        "name": person.user.display_name,
                        "photoUrl": summary["photo"]["smallPhotoUrl"],
                        "recordId": person.user.user_id,
                        "userType": "Internal",
                    }
                )
        if kind in ("All", "Group") and len(query.strip("* ")) >= MIN_GROUP_QUERY:
            store = GroupStore(feed.conn, view.org)
            for group in store.groups():
                if _fold_match(query, group.name) and store.can_see_feed(group, user.user_id):
                    found.append(
                        {
                            "additionalLabel": None,
                            "description": None,
                            "name": group.name,
                            "photoUrl": group_photo(group, view)["smallPhotoUrl"],
                            "recordId": group.group_id,
                            "userType": None,
                        }
                    )
        chunk = found[number * size : (number + 1) * size]
        base = view.api("/chatter/mentions/completions")
        return reply({"mentionCompletions": chunk, **_pages(base, number, (number + 1) * size < len(found))})


def register_groups(app: Flask, host: Host) -> None:
    """Add the group, following and mention-completion routes under /services/data/vXX.X/chatter."""
    routes = GroupRoutes(host)
    prefix = "/services/data/v<version>/chatter"
    rules = (
        ("/users/<user_id>/groups", routes.my_groups, ["GET"]),
        ("/groups", routes.all_groups, ["GET"]),
        ("/groups/<group_id>", routes.group, ["GET"]),
        ("/groups/<group_id>/members", routes.members, ["GET", "POST"]),
        ("/groups/<group_id>/members/requests", routes.requests, ["GET", "POST"]),
        ("/group-memberships/<membership_id>", routes.membership, ["GET", "DELETE"]),
        ("/users/<user_id>/following", routes.follow, ["POST"]),
        ("/subscriptions/<subscription_id>", routes.subscription, ["GET", "DELETE"]),
        ("/mentions/completions", routes.completions, ["GET"]),
    )
    for rule, view, methods in rules:
        app.add_url_rule(prefix + rule, f"groups_{view.__name__}", view, methods=methods)
