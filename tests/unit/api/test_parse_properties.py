"""Property tests: any JSON becomes a model or an ApiError, never another exception."""

from __future__ import annotations

import contextlib
import copy
from collections.abc import Callable
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from desktop_app.api.errors import ApiError
from desktop_app.api.messageparse import parse_segments
from desktop_app.api.models import FeedPage
from desktop_app.api.parse import (
    parse_comment,
    parse_comment_page,
    parse_feed_item,
    parse_feed_page,
    parse_frontdoor,
    parse_like,
    parse_user_detail,
    parse_user_page,
    parse_user_summary,
    parse_versions,
)

from .samples import COMMENT, FEED_ITEM, FEED_PAGE, USER_DETAIL

KNOWN_KEYS = sorted(
    {
        "id",
        "type",
        "text",
        "elements",
        "messageSegments",
        "body",
        "header",
        "actor",
        "capabilities",
        "comments",
        "page",
        "items",
        "total",
        "chatterLikes",
        "myLike",
        "record",
        "user",
        "segments",
        "moreChanges",
        "photo",
        "reference",
        "url",
        "version",
        "users",
        "phoneNumbers",
        "address",
        "followingCounts",
        "frontdoor_uri",
        "isDeleteRestricted",
        "isLikedByCurrentUser",
        "nextPageUrl",
        "displayName",
        "feedElementType",
        "likes",
    }
)

scalars = (
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=True, allow_infinity=True) | st.text()
)
json_values = st.recursive(
    scalars,
    lambda children: (
        st.lists(children, max_size=4)
        | st.dictionaries(st.sampled_from(KNOWN_KEYS) | st.text(max_size=8), children, max_size=6)
    ),
    max_leaves=30,
)

PARSERS: list[Callable[..., object]] = [
    parse_feed_page,
    parse_feed_item,
    parse_comment,
    parse_comment_page,
    parse_like,
    parse_user_detail,
    parse_user_page,
    parse_user_summary,
]


def _paths(value: Any, prefix: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    out = [prefix]
    if isinstance(value, dict):
        for key, child in value.items():
            out += _paths(child, (*prefix, key))
    elif isinstance(value, list):
        for index, child in enumerate(value):
            out += _paths(child, (*prefix, index))
    return out


@st.composite
def mutated(draw: st.DrawFn, original: dict[str, Any]) -> Any:
    """The original body with some of its values replaced by any JSON, or removed."""
    value = copy.deepcopy(original)
    paths = _paths(value)
    for _ in range(draw(st.integers(1, 6))):
        path = draw(st.sampled_from(paths))
        if not path:
            return draw(json_values)
        parent = value
        try:
            for step in path[:-1]:
                parent = parent[step]
            if draw(st.booleans()) and isinstance(parent, dict):
                parent.pop(path[-1], None)
            else:
                parent[path[-1]] = draw(json_values)
        except (KeyError, IndexError, TypeError):
            continue
    return value


def _model_or_api_error(parse: Callable[..., object], value: object, **options: bool) -> None:
    with contextlib.suppress(ApiError):
        parse(value, **options)


@settings(max_examples=300, suppress_health_check=[HealthCheck.too_slow])
@given(json_values, st.booleans())
def test_any_json_to_every_parser(value: object, decode: bool) -> None:
    for parse in PARSERS:
        _model_or_api_error(parse, value, decode_entities=decode)
    parse_segments(value, decode_entities=decode)
    _model_or_api_error(parse_versions, value)
    _model_or_api_error(parse_frontdoor, value)


@settings(max_examples=300, suppress_health_check=[HealthCheck.too_slow])
@given(mutated(FEED_PAGE), st.booleans())
def test_mutated_feed_pages(value: object, decode: bool) -> None:
    try:
        page = parse_feed_page(value, decode_entities=decode)
    except ApiError:
        return
    assert isinstance(page, FeedPage)
    assert all(isinstance(item.id, str) and item.id for item in page.items)
    assert all(isinstance(item.body_text, str) for item in page.items)


@settings(max_examples=200, suppress_health_check=[HealthCheck.too_slow])
@given(mutated(FEED_ITEM), mutated(COMMENT), mutated(USER_DETAIL))
def test_mutated_items_comments_and_profiles(item: object, comment: object, detail: object) -> None:
    _model_or_api_error(parse_feed_item, item)
    _model_or_api_error(parse_comment, comment)
    _model_or_api_error(parse_user_detail, detail)


def test_unmutated_samples_parse() -> None:
    assert parse_feed_page(copy.deepcopy(FEED_PAGE)).items
