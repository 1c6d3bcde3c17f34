"""Places: their feed resources, who can post there, names, JSON round trips and the search rules."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from desktop_app.feed.places import (
    FEEDS,
    Bookmarks,
    Company,
    Group,
    MyGroups,
    News,
    Person,
    Place,
    Record,
    Search,
    SearchError,
    ToMe,
    check_query,
    looks_like_id,
    place_for,
    place_from_json,
)

GROUP = "0F95g0000000001AAA"
ACCOUNT = "0015g0000000002AAA"
USER = "0055g0000000003AAA"


def test_each_feed_place_knows_its_resource_and_whether_it_takes_posts() -> None:
    expected = [
        (News(), "/chatter/feeds/news/me/feed-elements", "me", True),
        (ToMe(), "/chatter/feeds/to/me/feed-elements", None, False),
        (Bookmarks(), "/chatter/feeds/bookmarks/me/feed-elements", None, False),
        (Company(), "/chatter/feeds/company/feed-elements", None, True),
        (Group(GROUP, "Sales"), f"/chatter/feeds/record/{GROUP}/feed-elements", GROUP, True),
        (Record(ACCOUNT, "Acme"), f"/chatter/feeds/record/{ACCOUNT}/feed-elements", ACCOUNT, True),
        (Person(USER, "Ann"), f"/chatter/feeds/user-profile/{USER}/feed-elements", USER, False),
    ]
    for place, path, subject, updates in expected:
        assert place.feed_path == path
        assert place.subject_id == subject
        assert place.accepts_posts == (subject is not None)
        assert place.has_updates == updates
    assert MyGroups().feed_path is None
    assert not MyGroups().accepts_posts


def test_labels_name_the_place() -> None:
    assert [place.label for place in FEEDS] == ["News", "To Me", "Bookmarks", "Company", "Groups", "People"]
    assert Group(GROUP, "Sales Team").label == "Sales Team"
    assert Record(ACCOUNT).label == ACCOUNT
    assert Search("chat*", ToMe()).label == "“chat*” in To Me"


def test_places_are_equal_by_id_whatever_name_they_carry() -> None:
    assert Group(GROUP, "Sales") == Group(GROUP, "Sales Team")
    assert Group(GROUP) != Record(GROUP)
    assert News() == News()
    assert News() != ToMe()


def test_a_search_keeps_the_feed_and_adds_q() -> None:
    search = Search("  release   notes ", Group(GROUP, "Sales"))
    assert search.query == "release notes"
    assert search.feed_path == Group(GROUP).feed_path
    assert search.subject_id is None
    assert not search.has_updates


def test_an_id_with_url_characters_stays_one_path_segment() -> None:
    assert Record("a/../b?x").feed_path == "/chatter/feeds/record/a%2F..%2Fb%3Fx/feed-elements"


@pytest.mark.parametrize("within", [MyGroups(), Search("chat*")])
def test_only_feeds_can_be_searched(within: Place) -> None:
    with pytest.raises(ValueError, match="can't search"):
        Search("chatter", within)


@pytest.mark.parametrize("query", ["", " ", "a", "*", "a*", "?*?", " * b ? ", "*a"])
def test_a_query_needs_two_characters_that_are_not_wildcards(query: str) -> None:
    with pytest.raises(SearchError, match="at least 2"):
        check_query(query)
    with pytest.raises(SearchError):
        Search(query)


@given(st.text(max_size=30))
def test_check_query_agrees_with_the_rule(query: str) -> None:
    meaningful = [c for c in query if c not in "*?" and not c.isspace()]
    if len(meaningful) >= 2:
        assert check_query(query) == " ".join(query.split())
    else:
        with pytest.raises(SearchError):
            check_query(query)


def test_a_very_long_query_is_refused_in_words() -> None:
    with pytest.raises(SearchError, match="at most"):
        check_query("x" * 1001)


def test_links_become_people_groups_or_records_by_their_key_prefix() -> None:
    assert place_for(USER, "Ann") == Person(USER)
    assert place_for(GROUP) == Group(GROUP)
    assert place_for(ACCOUNT) == Record(ACCOUNT)
    assert looks_like_id(ACCOUNT)
    assert looks_like_id(ACCOUNT[:15])
    assert not looks_like_id("Ann")
    assert not looks_like_id("0015g000000000é2AAA")


ids = st.text(alphabet="0123456789ABCDEFabcdef", min_size=18, max_size=18)
names = st.text(max_size=40)
entities = st.one_of(
    st.builds(Group, ids, names), st.builds(Record, ids, names), st.builds(Person, ids, names)
)
feeds = st.one_of(st.sampled_from([News(), ToMe(), Bookmarks(), Company()]), entities)
queries = st.text(alphabet="ab *?é", min_size=2, max_size=12).filter(
    lambda q: sum(c not in "*? " for c in q) >= 2
)
places = st.one_of(feeds, st.just(MyGroups()), st.builds(Search, queries, feeds))


@given(places)
def test_every_place_comes_back_from_its_json(place: Place) -> None:
    again = place_from_json(place.to_json())
    assert again == place
    assert again is not None
    assert again.label == place.label


@given(
    st.recursive(
        st.none() | st.booleans() | st.integers() | st.text(max_size=5),
        lambda inner: (
            st.lists(inner, max_size=3)
            | st.dictionaries(st.sampled_from(["kind", "id", "name", "text", "within"]), inner, max_size=4)
        ),
        max_leaves=12,
    )
)
def test_anything_else_reads_as_no_place(data: object) -> None:
    place = place_from_json(data)
    assert place is None or isinstance(place, Place)


@pytest.mark.parametrize(
    "data",
    [
        {"kind": "group", "id": "not an id", "name": "x"},
        {"kind": "record", "id": ACCOUNT, "name": 3},
        {"kind": "search", "text": "a", "within": {"kind": "news"}},
        {"kind": "search", "text": "chat", "within": {"kind": "my_groups"}},
        {
            "kind": "search",
            "text": "chat",
            "within": {"kind": "search", "text": "x", "within": {"kind": "news"}},
        },
        {"kind": "elsewhere"},
        ["news"],
    ],
)
def test_damaged_places_read_as_none(data: object) -> None:
    assert place_from_json(data) is None
