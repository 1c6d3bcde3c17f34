"""Property tests: capability JSON of any shape becomes models (or an ApiError), never another exception."""

from __future__ import annotations

import contextlib
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from desktop_app.api.capabilityparse import (
    MAX_BUNDLED,
    MAX_CHANGES,
    MAX_FILES,
    Nested,
    parse_capabilities,
    parse_changes,
    parse_file,
    parse_files,
    parse_poll,
    unsupported_capabilities,
)
from desktop_app.api.errors import ApiError
from desktop_app.api.models import FeedItem
from desktop_app.api.parse import parse_feed_item, parse_feed_page
from desktop_app.api.pollvote import parse_poll_answer

from . import fixtures, shapes
from .test_parse_properties import json_values, mutated

NO_NESTING = Nested(comment=lambda value: None, user=lambda value: None, element=None)
SLOW = [HealthCheck.too_slow, HealthCheck.data_too_large]


@settings(max_examples=300, suppress_health_check=SLOW)
@given(json_values, st.booleans())
def test_any_json_to_the_capability_parsers(value: Any, decode: bool) -> None:
    parse_capabilities(value, decode, NO_NESTING)
    parse_poll(value, decode)
    parse_file(value, decode)
    parse_files(value if isinstance(value, dict) else None, decode)
    parse_changes(value if isinstance(value, list) else [], decode)
    unsupported_capabilities(value if isinstance(value, dict) else None)
    with contextlib.suppress(ApiError):
        parse_poll_answer(value, decode_entities=decode)


def _walk(item: FeedItem) -> list[FeedItem]:
    bundle = item.capabilities.bundle
    return [item, *(inner for element in (bundle.elements if bundle else ()) for inner in _walk(element))]


@settings(max_examples=300, suppress_health_check=SLOW)
@given(shapes.feed_element(), st.booleans())
def test_documented_shapes_with_odd_values(value: dict[str, Any], decode: bool) -> None:
    item = parse_feed_item(value, decode_entities=decode)
    for element in _walk(item):
        capabilities = element.capabilities
        assert isinstance(element.message_text, str)
        assert len(capabilities.files) <= MAX_FILES
        assert len(capabilities.tracked_changes) <= MAX_CHANGES
        assert capabilities.bundle is None or len(capabilities.bundle.elements) <= MAX_BUNDLED
        assert all(isinstance(name, str) and name for name in element.unsupported)
        if capabilities.poll is not None:
            positions = [choice.position for choice in capabilities.poll.choices]
            assert positions == sorted(positions)
    kind = value.get("feedElementType")
    if isinstance(kind, str) and kind and kind not in ("FeedItem", "Bundle"):
        assert item.unsupported[0] == kind[:64]


@settings(max_examples=200, suppress_health_check=SLOW)
@given(mutated(fixtures.feed_page()), st.booleans())
def test_mutated_fixture_pages(value: object, decode: bool) -> None:
    with contextlib.suppress(ApiError):
        page = parse_feed_page(value, decode_entities=decode)
        assert all(isinstance(item.message_text, str) for item in page.items)
