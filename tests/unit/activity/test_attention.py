"""What needs the person, from elements shaped as Salesforce sends them."""

from __future__ import annotations

from desktop_app.activity.attention import Reason, for_comment, for_element, same_id, snippet
from desktop_app.api.parse import parse_feed_item
from tests.unit.activity.shapes import ANN, BOB, ME, ME_15, comment, element, mention, text

KEY = "00D000000000001/" + ME


def test_a_mention_of_me_in_a_post_needs_me() -> None:
    item = parse_feed_item(element("0D5A", ANN, text("Hi "), mention(ME), text(", look")))
    found = for_element(KEY, item, ME)
    assert found is not None
    assert (found.reason, found.actor, found.element_id, found.comment_id) == (
        Reason.MENTION,
        "Ann Lee",
        "0D5A",
        None,
    )
    assert found.text == "Hi @Pat Me, look"


def test_the_15_character_form_of_my_id_is_me() -> None:
    item = parse_feed_item(element("0D5A", ANN, mention(ME)))
    assert for_element(KEY, item, ME_15) is not None
    assert same_id(ME, ME_15)
    assert not same_id(ME, ANN)
    assert not same_id(None, ME)


def test_a_mention_of_someone_else_does_not() -> None:
    item = parse_feed_item(element("0D5A", ANN, text("Hi "), mention(BOB)))
    assert for_element(KEY, item, ME) is None


def test_a_post_to_me_by_someone_else_needs_me_but_my_own_does_not() -> None:
    to_me = parse_feed_item(element("0D5A", ANN, text("Welcome"), parent=ME))
    found = for_element(KEY, to_me, ME)
    assert found is not None
    assert found.reason is Reason.POST_TO_ME
    mine = parse_feed_item(element("0D5B", ME, text("note to self "), mention(ME), parent=ME))
    assert for_element(KEY, mine, ME) is None


def test_a_comment_on_my_post_by_someone_else_needs_me() -> None:
    raw = element(
        "0D5A",
        ME,
        text("My post"),
        comments=[comment("0D7A", ANN, text("Nice")), comment("0D7B", ME, text("Thanks"))],
    )
    item = parse_feed_item(raw)
    first, second = item.comments
    found = for_comment(KEY, item, first, ME)
    assert found is not None
    assert (found.reason, found.comment_id, found.actor) == (
        Reason.COMMENT,
        "0D7A",
        "Ann Lee",
    )
    assert for_comment(KEY, item, second, ME) is None


def test_a_mention_in_a_comment_on_someone_elses_post_needs_me() -> None:
    item = parse_feed_item(
        element("0D5A", BOB, text("Plan"), comments=[comment("0D7A", ANN, mention(ME), text(" see this"))])
    )
    found = for_comment(KEY, item, item.comments[0], ME)
    assert found is not None
    assert found.reason is Reason.MENTION
    plain = parse_feed_item(element("0D5B", BOB, text("Plan"), comments=[comment("0D7B", ANN, text("ok"))]))
    assert for_comment(KEY, plain, plain.comments[0], ME) is None


def test_snippets_are_one_bounded_line() -> None:
    assert snippet("a\n\n b   c") == "a b c"
    long = snippet("x" * 500, 20)
    assert len(long) == 20
    assert long.endswith("…")
