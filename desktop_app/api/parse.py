"""Tolerant parsers from Connect REST API JSON to the frozen models.

Fields change between API releases and properties the user may not see come back null, so every optional
field is read with a type check; a bad element is skipped, and only an unusable top level raises BadResponse.
"""

from __future__ import annotations

import re

from desktop_app.api.capabilities import SHOWN_ELEMENT_TYPES
from desktop_app.api.capabilityparse import (
    Nested,
    parse_capabilities,
    parse_files,
    report_unsupported,
    unsupported_capabilities,
)
from desktop_app.api.elementactions import parse_actions
from desktop_app.api.errors import BadResponse
from desktop_app.api.jsonfields import (
    as_object,
    field_bool,
    field_int,
    field_list,
    field_str,
    field_text,
    field_value,
    require_id,
    require_object,
)
from desktop_app.api.messageparse import display_name, parse_message
from desktop_app.api.models import (
    Address,
    ApiVersion,
    Comment,
    FeedItem,
    FeedPage,
    Like,
    PhoneNumber,
    Photo,
    UserDetail,
    UserSummary,
)

UNKNOWN_USER = UserSummary(id="", display_name="Unknown")
# Bundles hold feed elements; a bundle inside a bundle is read, one deeper is not.
_MAX_ELEMENT_DEPTH = 2
_VERSION = re.compile(r"\d{1,4}\.\d{1,3}")


def parse_photo(value: object) -> Photo | None:
    """A Photo from a `photo` object, or None when there is none."""
    obj = as_object(value)
    if obj is None:
        return None
    photo = Photo(
        small_url=field_str(obj, "smallPhotoUrl", "thumbnail"),
        medium_url=field_str(obj, "mediumPhotoUrl"),
        large_url=field_str(obj, "largePhotoUrl", "fullEmailPhotoUrl", "picture"),
        version_id=field_str(obj, "photoVersionId"),
    )
    return photo if photo != Photo() else None


def _user_summary_or_none(value: object, decode: bool) -> UserSummary | None:
    obj = as_object(value)
    if obj is None:
        return None
    ident = field_str(obj, "id")
    if ident is None:
        return None
    return UserSummary(
        id=ident,
        display_name=display_name(obj, decode),
        first_name=field_text(obj, "firstName", decode),
        last_name=field_text(obj, "lastName", decode),
        title=field_text(obj, "title", decode),
        company_name=field_text(obj, "companyName", decode),
        community_nickname=field_text(obj, "communityNickname", decode),
        photo=parse_photo(field_value(obj, "photo")),
        is_active=field_bool(obj, "isActive"),
        user_type=field_str(obj, "userType"),
        type=field_str(obj, "type"),
        url=field_str(obj, "url"),
    )


def parse_user_summary(value: object, *, decode_entities: bool = False) -> UserSummary:
    """A UserSummary from a user (or actor) object."""
    summary = _user_summary_or_none(require_object(value, "a user"), decode_entities)
    if summary is None:
        raise BadResponse(None, None, "user without an id", None)
    return summary


def _comment_or_none(value: object, decode: bool) -> Comment | None:
    obj = as_object(value)
    ident = field_str(obj, "id")
    if obj is None or ident is None:
        return None
    body_text, body_segments = parse_message(field_value(obj, "body"), decode)
    likes = as_object(field_value(obj, "likes"))
    my_like = as_object(field_value(obj, "myLike"))
    liked = field_bool(obj, "isLikedByCurrentUser")
    return Comment(
        id=ident,
        user=_user_summary_or_none(field_value(obj, "user"), decode) or UNKNOWN_USER,
        body_text=body_text,
        body_segments=body_segments,
        created=field_str(obj, "createdDate"),
        relative_created=field_text(obj, "relativeCreatedDate", decode),
        feed_element_id=field_str(as_object(field_value(obj, "feedElement")), "id"),
        likes_total=field_int(likes, "total") or 0,
        liked_by_me=liked if liked is not None else field_str(my_like, "id") is not None,
        my_like_id=field_str(my_like, "id"),
        can_delete=field_bool(obj, "isDeleteRestricted") is False,
        url=field_str(obj, "url"),
        files=parse_files(as_object(field_value(obj, "capabilities")), decode),
        actions=parse_actions(field_value(obj, "capabilities")),
    )


def parse_comment(value: object, *, decode_entities: bool = False) -> Comment:
    """A Comment from a comment object."""
    obj = require_object(value, "a comment")
    require_id(obj, "comment")
    comment = _comment_or_none(obj, decode_entities)
    assert comment is not None
    return comment


def parse_comment_page(value: object, *, decode_entities: bool = False) -> tuple[list[Comment], str | None]:
    """(comments, nextPageUrl) from a Comment Page (`items`, or `comments` in older versions)."""
    obj = require_object(value, "a comment page")
    elements = field_value(obj, "items")
    if not isinstance(elements, list):
        elements = field_value(obj, "comments")
    if not isinstance(elements, list):
        raise BadResponse(None, None, "comment page without a list of comments", None)
    comments = [c for c in (_comment_or_none(e, decode_entities) for e in elements) if c is not None]
    return comments, field_str(obj, "nextPageUrl")


def _nested(decode: bool, depth: int) -> Nested:
    def element(value: object) -> FeedItem | None:
        return _feed_item_or_none(value, decode, depth + 1)

    return Nested(
        comment=lambda value: _comment_or_none(value, decode),
        user=lambda value: _user_summary_or_none(value, decode),
        element=element if depth + 1 < _MAX_ELEMENT_DEPTH else None,
    )


def _feed_item_or_none(value: object, decode: bool, depth: int = 0) -> FeedItem | None:
    obj = as_object(value)
    ident = field_str(obj, "id")
    if obj is None or ident is None:
        return None
    element_type = field_str(obj, "feedElementType") or "FeedItem"
    unsupported = unsupported_capabilities(as_object(field_value(obj, "capabilities")))
    if element_type not in SHOWN_ELEMENT_TYPES:
        unsupported = (element_type[:64], *unsupported)
    report_unsupported(unsupported)
    header_text, header_segments = parse_message(field_value(obj, "header"), decode)
    body_text, body_segments = parse_message(field_value(obj, "body"), decode)
    parent = as_object(field_value(obj, "parent"))
    capabilities = as_object(field_value(obj, "capabilities"))
    comment_page = as_object(field_value(as_object(field_value(capabilities, "comments")), "page"))
    likes = as_object(field_value(capabilities, "chatterLikes"))
    my_like = as_object(field_value(likes, "myLike"))
    comments = tuple(
        c for c in (_comment_or_none(e, decode) for e in field_list(comment_page, "items")) if c is not None
    )
    liked = field_bool(likes, "isLikedByCurrentUser")
    return FeedItem(
        id=ident,
        type=field_str(obj, "type") or element_type,
        element_type=element_type,
        actor=_user_summary_or_none(field_value(obj, "actor"), decode) or UNKNOWN_USER,
        header_text=header_text,
        header_segments=header_segments,
        body_text=body_text,
        body_segments=body_segments,
        created=field_str(obj, "createdDate"),
        modified=field_str(obj, "modifiedDate"),
        relative_created=field_text(obj, "relativeCreatedDate", decode),
        parent_name=(display_name(parent, decode) or None) if parent is not None else None,
        parent_id=field_str(parent, "id"),
        comments_total=max(field_int(comment_page, "total") or 0, len(comments)),
        comments=comments,
        likes_total=field_int(as_object(field_value(likes, "page")), "total") or 0,
        liked_by_me=liked if liked is not None else field_str(my_like, "id") is not None,
        my_like_id=field_str(my_like, "id"),
        can_delete=field_bool(obj, "isDeleteRestricted") is False,
        url=field_str(obj, "url"),
        photo_url=field_str(obj, "photoUrl"),
        capabilities=parse_capabilities(capabilities, decode, _nested(decode, depth)),
        unsupported=unsupported,
        actions=parse_actions(capabilities),
    )


def parse_feed_item(value: object, *, decode_entities: bool = False) -> FeedItem:
    """A FeedItem from a feed element object."""
    obj = require_object(value, "a feed element")
    require_id(obj, "feed element")
    item = _feed_item_or_none(obj, decode_entities)
    assert item is not None
    return item


def parse_feed_page(value: object, *, decode_entities: bool = False) -> FeedPage:
    """A FeedPage from a Feed Element Page; elements that cannot be read are skipped and counted."""
    obj = require_object(value, "a feed page")
    elements = field_value(obj, "elements")
    if not isinstance(elements, list):
        raise BadResponse(None, None, "feed page without a list of elements", None)
    items = tuple(i for i in (_feed_item_or_none(e, decode_entities) for e in elements) if i is not None)
    return FeedPage(
        items=items,
        next_page_url=field_str(obj, "nextPageUrl"),
        updates_url=field_str(obj, "updatesUrl"),
        current_page_url=field_str(obj, "currentPageUrl"),
        skipped=len(elements) - len(items),
    )


def parse_like(value: object, *, decode_entities: bool = False) -> Like:
    """A Like from a like object."""
    obj = require_object(value, "a like")
    return Like(
        id=require_id(obj, "like"),
        url=field_str(obj, "url"),
        user=_user_summary_or_none(field_value(obj, "user"), decode_entities),
        liked_item_id=field_str(as_object(field_value(obj, "likedItem")), "id"),
    )


def _address(value: object, decode: bool) -> Address | None:
    obj = as_object(value)
    if obj is None:
        return None
    address = Address(
        street=field_text(obj, "street", decode),
        city=field_text(obj, "city", decode),
        state=field_text(obj, "state", decode),
        zip=field_text(obj, "zip", decode),
        country=field_text(obj, "country", decode),
        formatted=field_text(obj, "formattedAddress", decode),
    )
    return address if address != Address() else None


def _phone_numbers(values: list[object], decode: bool) -> tuple[PhoneNumber, ...]:
    out: list[PhoneNumber] = []
    for value in values:
        obj = as_object(value)
        number = field_text(obj, "phoneNumber", decode) or field_text(obj, "number", decode)
        if number:
            out.append(
                PhoneNumber(
                    number=number,
                    type=field_str(obj, "phoneType") or field_str(obj, "type"),
                    label=field_text(obj, "label", decode),
                )
            )
    return tuple(out)


def parse_user_detail(value: object, *, decode_entities: bool = False) -> UserDetail:
    """A UserDetail from `/chatter/users/{id}`; properties hidden from the context user stay None."""
    obj = require_object(value, "a user profile")
    decode = decode_entities
    ident = require_id(obj, "user profile")
    following = as_object(field_value(obj, "followingCounts"))
    activity = as_object(field_value(obj, "chatterActivity"))
    display = display_name(obj, decode)
    return UserDetail(
        id=ident,
        name=field_text(obj, "name", decode) or display,
        display_name=display,
        first_name=field_text(obj, "firstName", decode),
        last_name=field_text(obj, "lastName", decode),
        title=field_text(obj, "title", decode),
        company_name=field_text(obj, "companyName", decode),
        email=field_text(obj, "email", decode),
        username=field_text(obj, "username", decode),
        community_nickname=field_text(obj, "communityNickname", decode),
        about_me=field_text(obj, "aboutMe", decode),
        address=_address(field_value(obj, "address"), decode),
        phone_numbers=_phone_numbers(field_list(obj, "phoneNumbers"), decode),
        photo=parse_photo(field_value(obj, "photo")),
        followers_count=field_int(obj, "followersCount"),
        following_total=field_int(following, "total"),
        following_people=field_int(following, "people"),
        group_count=field_int(obj, "groupCount"),
        post_count=field_int(activity, "postCount"),
        comment_count=field_int(activity, "commentCount"),
        likes_received=field_int(activity, "likeReceivedCount"),
        is_active=field_bool(obj, "isActive"),
        user_type=field_str(obj, "userType"),
        manager_id=field_str(obj, "managerId"),
        manager_name=field_text(obj, "managerName", decode),
        out_of_office_message=field_text(as_object(field_value(obj, "outOfOffice")), "message", decode),
        url=field_str(obj, "url"),
    )


def parse_user_page(value: object, *, decode_entities: bool = False) -> list[UserSummary]:
    """Users from a User Page (`users`, or `items`); entries without an id are skipped."""
    obj = require_object(value, "a user page")
    users = field_value(obj, "users")
    if not isinstance(users, list):
        users = field_value(obj, "items")
    if not isinstance(users, list):
        raise BadResponse(None, None, "user page without a list of users", None)
    return [u for u in (_user_summary_or_none(e, decode_entities) for e in users) if u is not None]


def parse_versions(value: object) -> list[ApiVersion]:
    """API versions from `GET /services/data/`, oldest first; entries that are not versions are skipped."""
    if not isinstance(value, list):
        raise BadResponse(None, None, "version list is not a JSON array", None)
    out: list[ApiVersion] = []
    for entry in value:
        obj = as_object(entry)
        version = field_str(obj, "version")
        if version is None or not _VERSION.fullmatch(version):
            continue
        out.append(ApiVersion(version, field_str(obj, "label") or "", field_str(obj, "url") or ""))
    return sorted(out, key=lambda v: v.number)


def parse_frontdoor(value: object) -> str:
    """The one-time `frontdoor_uri` from `/services/oauth2/singleaccess`."""
    uri = field_str(require_object(value, "a single access answer"), "frontdoor_uri")
    if uri is None:
        raise BadResponse(None, None, "single access answer without frontdoor_uri", None)
    return uri
