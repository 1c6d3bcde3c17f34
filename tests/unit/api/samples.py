"""Response bodies shaped like the captured Salesforce samples in reference/salesforce.md."""

from __future__ import annotations

import copy
from typing import Any

V = "/services/data/v66.0"
PHOTO = {
    "smallPhotoUrl": "https://acme.my.salesforce.com/profilephoto/729xx/T",
    "mediumPhotoUrl": "https://acme.my.salesforce.com/profilephoto/729xx/M",
    "largePhotoUrl": "https://acme.my.salesforce.com/profilephoto/729xx/F",
    "fullEmailPhotoUrl": "https://acme.my.salesforce.com/profilephoto/729xx/F",
    "standardEmailPhotoUrl": "https://acme.my.salesforce.com/profilephoto/729xx/T",
    "photoVersionId": "729xx0000000FAKE",
    "url": f"{V}/connect/user-profiles/005xx000001SwiU/photo",
}
ACTOR = {
    "type": "User",
    "id": "005xx000001SwiU",
    "displayName": "Jane Roe",
    "name": "Jane Roe",
    "firstName": "Jane",
    "lastName": "Roe",
    "companyName": "Acme",
    "title": None,
    "isActive": True,
    "userType": "Internal",
    "communityNickname": "jroe",
    "photo": PHOTO,
    "motif": {"color": "1B96FF", "smallIconUrl": "/img/icon/profile16.png"},
    "url": f"{V}/chatter/users/005xx000001SwiU",
}
BOB = {**ACTOR, "id": "005xx000002FAKE", "displayName": "Bob Stone", "name": "Bob Stone", "firstName": "Bob"}
COMMENT = {
    "id": "0D7xx0000000001",
    "type": "TextComment",
    "body": {"isRichText": False, "text": "Nice", "messageSegments": [{"type": "Text", "text": "Nice"}]},
    "createdDate": "2026-01-05T11:10:00.000Z",
    "relativeCreatedDate": "4m ago",
    "feedElement": {"id": "0D5xx00000FAKE1", "url": f"{V}/chatter/feed-elements/0D5xx00000FAKE1"},
    "isDeleteRestricted": True,
    "likes": {"items": [], "total": 2, "currentPageUrl": f"{V}/chatter/comments/0D7xx0000000001/likes"},
    "myLike": {"id": "0I0xx0000000009", "url": f"{V}/chatter/likes/0I0xx0000000009"},
    "user": BOB,
    "url": f"{V}/chatter/comments/0D7xx0000000001",
}
FEED_ITEM: dict[str, Any] = {
    "id": "0D5xx00000FAKE1",
    "feedElementType": "FeedItem",
    "type": "TextPost",
    "url": f"{V}/chatter/feed-elements/0D5xx00000FAKE1",
    "createdDate": "2026-01-05T11:06:07.000Z",
    "modifiedDate": "2026-01-05T11:06:07.000Z",
    "relativeCreatedDate": "Just now",
    "visibility": "InternalUsers",
    "actor": ACTOR,
    "header": {
        "isRichText": None,
        "text": "Jane Roe",
        "messageSegments": [
            {
                "type": "EntityLink",
                "text": "Jane Roe",
                "reference": {"id": "005xx000001SwiU", "url": f"{V}/chatter/users/005xx000001SwiU"},
            }
        ],
    },
    "body": {
        "isRichText": False,
        "text": "Ship it @Bob Stone",
        "messageSegments": [
            {"type": "Text", "text": "Ship it "},
            {"type": "Mention", "text": "@Bob Stone", "name": "Bob Stone", "accessible": True, "record": BOB},
        ],
    },
    "parent": {
        "type": "Account",
        "id": "001xx000003FAKE",
        "name": "Acme Corp",
        "url": f"{V}/chatter/records/001",
    },
    "photoUrl": "https://acme.my.salesforce.com/profilephoto/729xx/T",
    "capabilities": {
        "comments": {"page": {"items": [COMMENT], "total": 5, "currentPageUrl": "x", "nextPageUrl": None}},
        "chatterLikes": {
            "isLikedByCurrentUser": True,
            "myLike": {"id": "0I0xx0000000001", "url": f"{V}/chatter/likes/0I0xx0000000001"},
            "likesMessage": None,
            "page": {"items": [], "total": 3, "currentPageUrl": "y"},
        },
        "bookmarks": {"isBookmarkedByCurrentUser": False},
        "edit": {"isEditRestricted": False, "latestRevision": 1},
        "close": {},
        "mute": {"isMutedByMe": False},
        "interactions": {"count": 0},
        "associatedActions": {"platformActionGroups": []},
    },
    "clientInfo": {"applicationName": "My Desktop App", "applicationUrl": None},
    "isDeleteRestricted": False,
    "isSharable": False,
    "originalFeedItem": None,
    "event": False,
}
FEED_PAGE: dict[str, Any] = {
    "currentPageToken": None,
    "currentPageUrl": f"{V}/chatter/feeds/news/005xx000001SwiU/feed-elements",
    "elements": [FEED_ITEM],
    "isModifiedToken": None,
    "isModifiedUrl": None,
    "nextPageToken": "2026-01-05T10:00:00Z,0D5xx00000FAKE",
    "nextPageUrl": f"{V}/chatter/feeds/news/005xx000001SwiU/feed-elements?page=2026-01-05T10%3A00%3A00Z",
    "updatesToken": "2:1767607200000",
    "updatesUrl": f"{V}/chatter/feeds/news/005xx000001SwiU/feed-elements?updatedSince=2%3A1767607200000",
}
USER_DETAIL: dict[str, Any] = {
    **ACTOR,
    "aboutMe": "Builds things & ships them",
    "address": {
        "city": "Lyon",
        "country": "France",
        "formattedAddress": "Lyon\nFrance",
        "state": None,
        "street": "1 Rue X",
        "zip": "69001",
    },
    "chatterActivity": {"commentCount": 4, "commentReceivedCount": 3, "likeReceivedCount": 9, "postCount": 7},
    "email": "jane@acme.example",
    "followersCount": 12,
    "followingCounts": {"people": 5, "records": 2, "total": 7},
    "groupCount": 2,
    "managerId": "005xx0000000MGR",
    "managerName": "Max Boss",
    "outOfOffice": {"message": "Back Monday"},
    "phoneNumbers": [
        {"label": "Work", "phoneNumber": "+33 1 23", "type": "Work"},
        {"phoneNumber": "+33 6 45", "phoneType": "Mobile"},
        {"label": "broken"},
        "not a phone",
    ],
    "username": "jane@acme.example",
}


def fresh(value: dict[str, Any]) -> dict[str, Any]:
    """A deep copy a test may change."""
    return copy.deepcopy(value)
