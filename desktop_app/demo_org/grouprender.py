"""JSON of groups as Chatter writes it: Group Detail, Group Member, Group Membership Request, group photos."""

from __future__ import annotations

from typing import Any

from . import groups
from .groups import Group, GroupStore, JoinRequest, Membership
from .view import View, iso


def group_photo(group: Group, view: View) -> dict[str, Any]:
    """A group's Photo; the images live on the instance host beside the people's."""
    base = f"{view.org.info.instance_url}/profilephoto/{group.photo_version_id}"
    return {
        "fullEmailPhotoUrl": f"{base}/F",
        "largePhotoUrl": f"{base}/F",
        "mediumPhotoUrl": f"{base}/M",
        "photoVersionId": group.photo_version_id,
        "smallPhotoUrl": f"{base}/T",
        "standardEmailPhotoUrl": f"{base}/T",
        "url": view.api(f"/chatter/groups/{group.group_id}/photo"),
    }


def membership_reference(membership: Membership | None, view: View) -> dict[str, str] | None:
    """A Reference to a membership (a group's `mySubscription`, a page's `myMembership`), or None."""
    if membership is None:
        return None
    return {
        "id": membership.membership_id,
        "url": view.api(f"/chatter/group-memberships/{membership.membership_id}"),
    }


def group_detail(group: Group, store: GroupStore, view: View) -> dict[str, Any]:
    """A Group Detail as the viewer sees it (information hidden from outsiders of a private group)."""
    mine = store.membership(group.group_id, view.viewer_id)
    manages = store.can_manage(group.group_id, view.viewer_id)
    shows_information = group.visibility == groups.PUBLIC or mine is not None
    information = (
        {"text": group.info_text, "title": group.info_title}
        if shows_information and (group.info_title or group.info_text)
        else None
    )
    last = store.last_post(group.group_id)
    return {
        "additionalLabel": None,
        "announcement": None,
        "bannerPhoto": None,
        "canHaveChatterGuests": False,
        "community": None,
        "description": group.description,
        "emailToChatterAddress": None,
        "fileCount": 0,
        "id": group.group_id,
        "information": information,
        "isArchived": False,
        "isAutoArchiveDisabled": False,
        "isBroadcast": False,
        "lastFeedElementPostDate": iso(last) if last is not None else None,
        "memberCount": store.member_count(group.group_id),
        "motif": view.motif(group.group_id),
        "myRole": store.role(group.group_id, view.viewer_id),
        "mySubscription": membership_reference(mine, view),
        "name": group.name,
        "owner": view.user(group.owner_id),
        "pendingRequests": len(store.requests(group.group_id, "Pending")) if manages else 0,
        "photo": group_photo(group, view),
        "type": "CollaborationGroup",
        "url": view.api(f"/chatter/groups/{group.group_id}"),
        "visibility": group.visibility,
    }


def group_member(membership: Membership, view: View) -> dict[str, Any]:
    """A Group Member."""
    return {
        "id": membership.membership_id,
        "role": membership.role,
        "url": view.api(f"/chatter/group-memberships/{membership.membership_id}"),
        "user": view.user(membership.user_id),
    }


def membership_request(entry: JoinRequest, view: View) -> dict[str, Any]:
    """A Group Membership Request."""
    return {
        "createdDate": iso(entry.created),
        "id": entry.request_id,
        "lastUpdateDate": iso(entry.updated),
        "requestedGroup": {"id": entry.group_id, "url": view.api(f"/chatter/groups/{entry.group_id}")},
        "responseMessage": None,
        "status": entry.status,
        "url": view.api(f"/chatter/group-membership-requests/{entry.request_id}"),
        "user": view.user(entry.user_id),
    }
