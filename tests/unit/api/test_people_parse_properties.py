"""Property tests: any JSON given to the group, people and organization parsers becomes a model or a
BadResponse, never another exception, and damaged documented shapes still parse."""

from __future__ import annotations

import contextlib
import copy
from collections.abc import Callable
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from desktop_app.api.errors import BadResponse
from desktop_app.api.groupmodels import (
    parse_group,
    parse_group_member,
    parse_group_page,
    parse_member_page,
    parse_membership_request,
)
from desktop_app.api.organization import offered_sections, parse_organization
from desktop_app.api.peopleops import parse_mention_completions, parse_person, parse_subscription

from . import peoplesamples as s
from .samples import USER_DETAIL

PARSERS: list[Callable[[object, bool], object]] = [
    parse_group,
    parse_group_page,
    parse_group_member,
    parse_member_page,
    parse_membership_request,
    parse_person,
    parse_subscription,
    parse_mention_completions,
    parse_organization,
]
SAMPLES: list[tuple[Callable[[object, bool], object], dict[str, Any]]] = [
    (parse_group, s.GROUP_DETAIL),
    (parse_group_page, s.GROUP_COLLECTION),
    (parse_group_member, s.MEMBER),
    (parse_member_page, s.MEMBER_PAGE),
    (parse_membership_request, s.MEMBERSHIP_REQUEST),
    (parse_person, USER_DETAIL),
    (parse_subscription, s.SUBSCRIPTION),
    (parse_mention_completions, s.MENTION_PAGE),
    (parse_organization, s.ORGANIZATION),
]
KEYS = sorted({key for _, sample in SAMPLES for key in sample} | {"id", "user", "name", "recordId"})

json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=True) | st.text(max_size=20),
    lambda inner: (
        st.lists(inner, max_size=4)
        | st.dictionaries(st.sampled_from(KEYS) | st.text(max_size=8), inner, max_size=6)
    ),
    max_leaves=30,
)


@pytest.mark.parametrize("parse", PARSERS, ids=lambda p: p.__name__)
@given(value=json_values, decode=st.booleans())
def test_any_json_is_a_model_or_a_bad_response(
    parse: Callable[[object, bool], object], value: object, decode: bool
) -> None:
    with contextlib.suppress(BadResponse):
        parse(value, decode)


def _damage(sample: dict[str, Any], changes: dict[str, object]) -> dict[str, Any]:
    damaged = copy.deepcopy(sample)
    for key, replacement in changes.items():
        if replacement == "<drop>":
            damaged.pop(key, None)
        else:
            damaged[key] = replacement
    return damaged


@pytest.mark.parametrize(("parse", "sample"), SAMPLES, ids=lambda v: getattr(v, "__name__", ""))
@given(data=st.data())
def test_damaged_documented_shapes_still_parse(
    parse: Callable[[object, bool], object], sample: dict[str, Any], data: st.DataObject
) -> None:
    """Any documented property but the ones that make the thing may be missing, null or of another type."""
    essential = {"id", "groups", "members", "mentionCompletions", "user"}
    optional = sorted(set(sample) - essential)
    replacement = st.sampled_from(["<drop>", None, 0, "", [], {}, True])
    changes = data.draw(st.dictionaries(st.sampled_from(optional), replacement, max_size=len(optional)))
    assert parse(_damage(sample, changes), False) is not None


@given(value=json_values)
def test_any_organization_names_what_the_app_offers(value: object) -> None:
    try:
        org = parse_organization(value)
    except BadResponse:
        return
    offered = offered_sections(org)
    assert offered <= offered_sections(None)
