"""Diffing pages against what was seen: baselines, new comments, unread counts, restarts."""

from __future__ import annotations

import json

from desktop_app.activity.attention import Reason
from desktop_app.activity.checks import updates_request
from desktop_app.activity.seen import MAX_ELEMENTS, AccountSeen
from desktop_app.api.parse import parse_feed_page
from tests.unit.activity.shapes import ANN, BOB, ME, comment, element, mention, page, text

KEY = "00D000000000001/" + ME


def items(*elements: dict[str, object]) -> tuple[object, ...]:
    return parse_feed_page(page(*elements)).items


def test_the_first_page_is_a_baseline() -> None:
    seen = AccountSeen(KEY, ME)
    assert seen.take_page("to_me", items(element("0D5A", ANN, mention(ME)))) == []
    assert seen.unread == 0
    assert seen.knows("0D5A")


def test_a_new_mention_is_found_once_and_counts_unread() -> None:
    seen = AccountSeen(KEY, ME)
    seen.take_page("to_me", items(element("0D5A", ANN, text("old"))))
    new_page = items(element("0D5B", BOB, mention(ME)), element("0D5A", ANN, text("old")))
    found = seen.take_page("to_me", new_page)
    assert [(a.element_id, a.reason) for a in found] == [("0D5B", Reason.MENTION)]
    assert seen.unread_ids == ["0D5B"]
    assert seen.take_page("to_me", new_page) == []


def test_a_new_comment_on_an_old_post_is_found_by_its_id() -> None:
    seen = AccountSeen(KEY, ME)
    seen.take_page(
        "to_me", items(element("0D5A", ME, text("mine"), comments=[comment("0D7A", ANN, text("a"))]))
    )
    later = element(
        "0D5A",
        ME,
        text("mine"),
        modified="2026-12-03T11:00:00.000Z",
        comments=[comment("0D7A", ANN, text("a")), comment("0D7B", BOB, text("b"))],
    )
    found = seen.take_page("to_me", items(later))
    assert [(a.comment_id, a.reason, a.actor) for a in found] == [("0D7B", Reason.COMMENT, "Bob Ray")]
    assert seen.unread_ids == ["0D5A"]


def test_news_updates_count_unread_but_notify_only_what_needs_me() -> None:
    seen = AccountSeen(KEY, ME)
    seen.take_page("news", ())
    found = seen.take_page(
        "news", items(element("0D5C", ANN, text("lunch?")), element("0D5D", ME, text("mine")))
    )
    assert found == []
    assert seen.unread_ids == ["0D5C"]
    assert seen.mark_read(["0D5C"])
    assert seen.unread == 0
    assert not seen.mark_read()


def test_a_restart_does_not_notify_again() -> None:
    seen = AccountSeen(KEY, ME)
    seen.take_page("to_me", ())
    assert len(seen.take_page("to_me", items(element("0D5B", BOB, mention(ME))))) == 1
    seen.updates_url = "/services/data/v61.0/chatter/feeds/news/me/feed-elements?updatedSince=2:1"
    saved = json.loads(json.dumps(seen.to_json()))
    again = AccountSeen.from_json(KEY, ME, saved)
    assert again.take_page("to_me", items(element("0D5B", BOB, mention(ME)))) == []
    assert again.unread_ids == ["0D5B"]
    assert again.updates_url == seen.updates_url


def test_saved_state_of_another_user_or_garbage_starts_afresh() -> None:
    seen = AccountSeen(KEY, ME)
    seen.take_page("to_me", items(element("0D5A", ANN, text("x"))))
    assert not AccountSeen.from_json(KEY, ANN, seen.to_json()).knows("0D5A")
    for junk in (None, [], "x", {"user_id": ME, "marks": {"a": 3}, "unread": [1, "0D5Z"], "baselined": "no"}):
        fresh = AccountSeen.from_json(KEY, ME, junk)
        assert fresh.unread <= 1


def test_the_state_stays_bounded() -> None:
    seen = AccountSeen(KEY, ME)
    seen.take_page("news", ())
    many = [element(f"0D5{n:06d}", ANN, text("x")) for n in range(MAX_ELEMENTS + 50)]
    seen.take_page("news", items(*many))
    assert len(seen.to_json()["marks"]) == MAX_ELEMENTS


def test_updates_are_asked_with_room_for_a_few_minutes_of_posts() -> None:
    base = "/services/data/v66.0/chatter/feeds/news/005/feed-elements"
    token = "updatedSince=2%3A1796303412106"
    assert updates_request(f"{base}?pageSize=1&{token}") == f"{base}?pageSize=25&{token}"
    assert updates_request(f"{base}?{token}&pageSize=1") == f"{base}?{token}&pageSize=25"
    assert updates_request(f"{base}?{token}") == f"{base}?{token}"
