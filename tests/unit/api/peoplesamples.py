"""Group, member, subscription, mention and organization JSON in the shapes Salesforce documents."""

from __future__ import annotations

from typing import Any

from .samples import ACTOR, BOB, PHOTO, V

GROUP_ID = "0F9xx0000000FAKE"
GROUP_DETAIL: dict[str, Any] = {
    "additionalLabel": None,
    "announcement": None,
    "bannerPhoto": None,
    "canHaveChatterGuests": False,
    "community": None,
    "description": "Everyone shipping the spring release",
    "emailToChatterAddress": None,
    "fileCount": 4,
    "id": GROUP_ID,
    "information": {"text": "Code freeze on Thursdays.", "title": "How we release"},
    "isArchived": False,
    "isBroadcast": False,
    "lastFeedElementPostDate": "2026-01-05T10:00:00.000Z",
    "memberCount": 12,
    "motif": {"color": "779EF2", "smallIconUrl": "/img/icon/groups16.png"},
    "myRole": "StandardMember",
    "mySubscription": {"id": "0FBxx0000000MINE", "url": f"{V}/chatter/group-memberships/0FBxx0000000MINE"},
    "name": "Release Crew",
    "owner": ACTOR,
    "pendingRequests": 0,
    "photo": PHOTO,
    "type": "CollaborationGroup",
    "url": f"{V}/chatter/groups/{GROUP_ID}",
    "visibility": "PublicAccess",
}
PRIVATE_OUTSIDER = {
    **GROUP_DETAIL,
    "id": "0F9xx0000000PRIV",
    "name": "Sales Leadership",
    "visibility": "PrivateAccess",
    "myRole": "NotAMember",
    "mySubscription": None,
    "information": None,
}
GROUP_COLLECTION = {
    "currentPageUrl": f"{V}/chatter/users/me/groups",
    "groups": [GROUP_DETAIL, PRIVATE_OUTSIDER],
    "nextPageUrl": f"{V}/chatter/users/me/groups?page=1",
    "previousPageUrl": None,
    "total": 3,
}
MEMBER = {
    "id": "0FBxx0000000MINE",
    "role": "StandardMember",
    "url": f"{V}/chatter/group-memberships/0FBxx0000000MINE",
    "user": ACTOR,
}
MEMBER_PAGE = {
    "currentPageUrl": f"{V}/chatter/groups/{GROUP_ID}/members",
    "members": [MEMBER, {**MEMBER, "id": "0FBxx0000000BOBB", "role": "GroupManager", "user": BOB}],
    "myMembership": {"id": "0FBxx0000000MINE", "url": f"{V}/chatter/group-memberships/0FBxx0000000MINE"},
    "nextPageUrl": None,
    "previousPageUrl": None,
    "totalMemberCount": 2,
}
MEMBERSHIP_REQUEST = {
    "createdDate": "2026-01-05T10:00:00.000Z",
    "id": "0I5xx0000000FAKE",
    "lastUpdateDate": "2026-01-05T10:00:00.000Z",
    "requestedGroup": {"id": "0F9xx0000000PRIV", "url": f"{V}/chatter/groups/0F9xx0000000PRIV"},
    "responseMessage": None,
    "status": "Pending",
    "url": f"{V}/chatter/group-membership-requests/0I5xx0000000FAKE",
    "user": ACTOR,
}
SUBSCRIPTION = {
    "community": None,
    "id": "0E8xx0000000FAKE",
    "subject": BOB,
    "subscriber": ACTOR,
    "url": f"{V}/chatter/subscriptions/0E8xx0000000FAKE",
}
MENTION_PAGE = {
    "currentPageUrl": f"{V}/chatter/mentions/completions?q=re",
    "mentionCompletions": [
        {
            "additionalLabel": None,
            "description": "Release Manager",
            "name": "Bob Stone",
            "photoUrl": "https://acme.my.salesforce.com/profilephoto/729xx/T",
            "recordId": "005xx000002FAKE",
            "userType": "Internal",
        },
        {
            "additionalLabel": None,
            "description": None,
            "name": "Release Crew",
            "photoUrl": "https://acme.my.salesforce.com/profilephoto/729yy/T",
            "recordId": GROUP_ID,
            "userType": None,
        },
    ],
    "nextPageUrl": None,
    "previousPageUrl": None,
}
ORGANIZATION = {
    "accessTimeout": 120,
    "features": {
        "chatter": True,
        "chatterMessages": False,
        "chatterTopics": True,
        "files": True,
        "filesOnComments": False,
        "maxFilesPerFeedItem": 10,
        "feedPolling": None,
    },
    "maintenanceInfo": [],
    "name": "Acme &amp; Co",
    "orgId": "00Dxx0000001gEXEAY",
    "userSettings": {
        "canFollow": True,
        "hasChatter": True,
        "userLocale": "en_US",
        "timeZone": {"name": "UTC"},
    },
}
