"""People: Chatter user summaries and details, identity URL and userinfo answers, and name search."""

from __future__ import annotations

import unicodedata
from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from .models import OrgData, Person

LATEST_VERSION = "66.0"
VERSIONS = tuple(f"{number}.0" for number in range(60, 67))
_RELEASES = {
    60: "Spring '24",
    61: "Summer '24",
    62: "Winter '25",
    63: "Spring '25",
    64: "Summer '25",
    65: "Winter '26",
    66: "Spring '26",
}
LAST_MODIFIED = "2026-01-05T10:11:12Z"


def utc_offset_ms(timezone: str) -> int:
    """The zone's current offset from UTC in milliseconds, as Salesforce reports it."""
    try:
        offset = datetime.now(ZoneInfo(timezone)).utcoffset()
    except ZoneInfoNotFoundError:
        return 0
    return int(offset.total_seconds() * 1000) if offset is not None else 0


def versions() -> list[dict[str, str]]:
    """The body of GET /services/data/."""
    return [
        {"label": _RELEASES[int(float(version))], "url": f"/services/data/v{version}", "version": version}
        for version in VERSIONS
    ]


def photo(person: Person, instance_url: str, version: str) -> dict[str, Any]:
    """A Photo object; the image URLs live on the instance host and need a bearer token."""
    base = f"{instance_url}/profilephoto/{person.photo_version_id}"
    return {
        "fullEmailPhotoUrl": f"{base}/F",
        "largePhotoUrl": f"{base}/F",
        "mediumPhotoUrl": f"{base}/M",
        "photoVersionId": person.photo_version_id,
        "smallPhotoUrl": f"{base}/T",
        "standardEmailPhotoUrl": f"{base}/T",
        "url": f"/services/data/v{version}/connect/user-profiles/{person.user.user_id}/photo",
    }


def user_motif(person: Person) -> dict[str, Any]:
    """The icon set and colour Chatter shows for a user."""
    return {
        "color": person.color,
        "largeIconUrl": "/img/icon/profile64.png",
        "mediumIconUrl": "/img/icon/profile32.png",
        "smallIconUrl": "/img/icon/profile16.png",
        "svgIconUrl": None,
    }


def user_summary(person: Person, org: OrgData, version: str) -> dict[str, Any]:
    """A User Summary, as used for actors, comment authors, likers and mentions."""
    return {
        "additionalLabel": None,
        "communityNickname": person.nickname,
        "companyName": org.info.name,
        "displayName": person.user.display_name,
        "firstName": person.first_name,
        "id": person.user.user_id,
        "isActive": True,
        "isInThisCommunity": True,
        "lastName": person.last_name,
        "motif": user_motif(person),
        "mySubscription": None,
        "name": person.user.display_name,
        "outOfOffice": {"message": ""},
        "photo": photo(person, org.info.instance_url, version),
        "reputation": None,
        "title": person.title,
        "type": "User",
        "url": f"/services/data/v{version}/chatter/users/{person.user.user_id}",
        "userType": "Internal",
    }


def user_detail(
    person: Person, org: OrgData, version: str, stats: dict[str, int], *, is_me: bool
) -> dict[str, Any]:
    """A User Detail (GET /chatter/users/{id}); properties only the user may see are null for others."""
    people_count = len(org.people) - 1
    detail = user_summary(person, org, version)
    detail.update(
        {
            "aboutMe": person.about_me,
            "address": {
                "city": person.city,
                "country": person.country,
                "formattedAddress": f"{person.city}\n{person.country}",
                "state": None,
                "street": None,
                "zip": None,
            },
            "bannerPhoto": {
                "bannerPhotoVersionId": None,
                "largeBannerPhotoUrl": "/profilephoto/banner/L",
                "mediumBannerPhotoUrl": "/profilephoto/banner/M",
                "url": f"/services/data/v{version}/connect/user-profiles/{person.user.user_id}/banner-photo",
            },
            "chatterActivity": {
                "commentCount": stats["comments"],
                "commentReceivedCount": stats["comments_received"],
                "likeReceivedCount": stats["likes_received"],
                "postCount": stats["posts"],
            },
            "chatterInfluence": {"percentile": str(stats["percentile"]), "rank": stats["rank"]},
            "email": person.email,
            "followersCount": people_count,
            "followingCounts": {"people": people_count, "records": 2, "total": people_count + 2},
            "groupCount": 2,
            "hasChatter": True,
            "isChatterGuest": False,
            "managerId": None,
            "managerName": None,
            "phoneNumbers": [{"label": "Work", "phoneNumber": person.phone, "type": "Work"}] if is_me else [],
            "thanksReceived": None,
            "username": person.user.username,
        }
    )
    if not is_me:
        detail["address"] = None
    return detail


def urls(org: OrgData, version: str | None, user_id: str) -> dict[str, str]:
    """The `urls` map of identity and userinfo answers, with a literal {version} unless one was asked for."""
    base = org.info.instance_url
    ver = version or "{version}"
    data = f"{base}/services/data/v{ver}"
    org15 = org.info.org_id[:15]
    return {
        "enterprise": f"{base}/services/Soap/c/{ver}/{org15}",
        "metadata": f"{base}/services/Soap/m/{ver}/{org15}",
        "partner": f"{base}/services/Soap/u/{ver}/{org15}",
        "rest": f"{data}/",
        "sobjects": f"{data}/sobjects/",
        "search": f"{data}/search/",
        "query": f"{data}/query/",
        "recent": f"{data}/recent/",
        "tooling_soap": f"{base}/services/Soap/T/{ver}/{org15}",
        "tooling_rest": f"{data}/tooling/",
        "profile": f"{base}/{user_id}",
        "feeds": f"{data}/chatter/feeds",
        "groups": f"{data}/chatter/groups",
        "users": f"{data}/chatter/users",
        "feed_items": f"{data}/chatter/feed-items",
        "feed_elements": f"{data}/chatter/feed-elements",
        "custom_domain": base,
    }


def identity(person: Person, org: OrgData, id_url: str, version: str | None) -> dict[str, Any]:
    """The identity URL's answer."""
    base = f"{org.info.instance_url}/profilephoto/{person.photo_version_id}"
    links = urls(org, version, person.user.user_id)
    return {
        "id": id_url,
        "asserted_user": True,
        "user_id": person.user.user_id,
        "organization_id": org.info.org_id,
        "username": person.user.username,
        "nick_name": person.nickname,
        "display_name": person.user.display_name,
        "email": person.email,
        "email_verified": True,
        "first_name": person.first_name,
        "last_name": person.last_name,
        "timezone": person.timezone,
        "photos": {"picture": f"{base}/F", "thumbnail": f"{base}/T"},
        "addr_street": None,
        "addr_city": person.city,
        "addr_state": None,
        "addr_country": person.country,
        "addr_zip": None,
        "mobile_phone": None,
        "mobile_phone_verified": False,
        "is_lightning_login_user": False,
        "status": {"created_date": None, "body": None},
        "urls": links,
        "active": True,
        "user_type": "STANDARD",
        "language": person.locale,
        "locale": person.locale,
        "utcOffset": utc_offset_ms(person.timezone),
        "last_modified_date": LAST_MODIFIED.replace("Z", "+0000"),
        "is_app_installed": True,
    }


def userinfo(person: Person, org: OrgData, login_url: str) -> dict[str, Any]:
    """The OpenID Connect userinfo answer."""
    base = f"{org.info.instance_url}/profilephoto/{person.photo_version_id}"
    links = urls(org, None, person.user.user_id)
    return {
        "sub": f"{login_url}/id/{org.info.org_id}/{person.user.user_id}",
        "user_id": person.user.user_id,
        "organization_id": org.info.org_id,
        "preferred_username": person.user.username,
        "nickname": person.nickname,
        "name": person.user.display_name,
        "email": person.email,
        "email_verified": True,
        "given_name": person.first_name,
        "family_name": person.last_name,
        "zoneinfo": person.timezone,
        "photos": {"picture": f"{base}/F", "thumbnail": f"{base}/T"},
        "profile": f"{org.info.instance_url}/{person.user.user_id}",
        "picture": f"{base}/F",
        "address": {"country": person.country},
        "is_salesforce_integration_user": False,
        "urls": links,
        "active": True,
        "user_type": "STANDARD",
        "language": person.locale,
        "locale": person.locale,
        "utcOffset": utc_offset_ms(person.timezone),
        "updated_at": LAST_MODIFIED,
        "is_app_installed": True,
    }


def fold(text: str) -> str:
    """Lower-case text without accents, for forgiving name search."""
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    return "".join(char for char in decomposed if not unicodedata.combining(char))


def search(org: OrgData, query: str) -> list[Person]:
    """People whose name or username matches every word of the query (a trailing * is allowed)."""
    words = [fold(word.strip("*")) for word in query.split() if word.strip("*")]
    found = []
    for person in org.people.values():
        haystack = fold(
            " ".join(
                (
                    person.user.display_name,
                    person.first_name,
                    person.last_name,
                    person.user.username,
                    person.nickname,
                )
            )
        )
        if all(word in haystack for word in words):
            found.append(person)
    return sorted(found, key=lambda person: fold(person.user.display_name))
