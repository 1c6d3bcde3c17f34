"""Where clicks in a post lead: record, group and mention links, the author; where a new post belongs."""

from __future__ import annotations

from desktop_app.api.models import Comment, FeedItem, MessageSegment, UserSummary
from desktop_app.feed.placelinks import (
    author_place,
    belongs_in,
    empty_message,
    feed_words,
    link_place,
    name_in,
)
from desktop_app.feed.places import Bookmarks, Company, Group, News, Person, Record, Search, ToMe

ME = "0055g0000000001AAA"
ANN = "0055g0000000002AAA"
GROUP = "0F95g0000000001AAA"
ACCOUNT = "0015g0000000002AAA"


def post(**changes: object) -> FeedItem:
    values: dict[str, object] = {
        "id": "0D55g0000000001AAA",
        "type": "TextPost",
        "actor": UserSummary(id=ANN, display_name="Ann Lee"),
        "body_text": "Umbrella: thanks @Zoë",
        "body_segments": (
            MessageSegment("EntityLink", "Umbrella Ltd", reference_id=ACCOUNT),
            MessageSegment("Text", ": thanks "),
            MessageSegment("Mention", "@Zoë Å", user_id=ME),
        ),
        "parent_id": GROUP,
        "parent_name": "Sales Team",
    }
    values.update(changes)
    return FeedItem(**values)  # type: ignore[arg-type]


def test_links_open_records_groups_and_people_named_as_the_post_names_them() -> None:
    item = post()
    assert link_place(item, f"entity:{ACCOUNT}") == Record(ACCOUNT)
    assert name_in(item, ACCOUNT) == "Umbrella Ltd"
    assert link_place(item, f"mention:{ME}") == Person(ME)
    assert name_in(item, ME) == "Zoë Å"
    assert name_in(item, GROUP) == "Sales Team"
    assert name_in(item, ANN) == "Ann Lee"
    assert name_in(item, "0015g0000000009AAA") == ""
    place = link_place(item, f"entity:{GROUP}")
    assert place == Group(GROUP)
    assert place is not None
    assert place.label == "Sales Team"


def test_names_are_found_in_comments_and_nested_segments() -> None:
    nested = MessageSegment(
        "MarkupBegin", "", children=(MessageSegment("EntityLink", "Deal", reference_id=ACCOUNT),)
    )
    comment = Comment(
        id="0D7x", user=UserSummary(id=ME, display_name="Zoë"), body_text="", body_segments=(nested,)
    )
    item = post(body_segments=(), comments=(comment,))
    assert name_in(item, ACCOUNT) == "Deal"


def test_other_links_stay_links() -> None:
    item = post()
    assert link_place(item, "https://example.com/x") is None
    assert link_place(item, "hashtag:release") is None
    assert link_place(item, "mention:Zoë") is None  # a mention without an id names nobody to open
    assert link_place(None, f"entity:{ACCOUNT}") == Record(ACCOUNT)


def test_the_author_opens_their_profile_unless_no_person_wrote_it() -> None:
    assert author_place(post()) == Person(ANN)
    assert author_place(post(actor=UserSummary(id="", display_name=""))) is None
    assert author_place(post(actor=UserSummary(id=ACCOUNT, display_name="Umbrella"))) is None


def test_a_new_post_belongs_where_it_was_posted() -> None:
    mine = post(actor=UserSummary(id=ME, display_name="Zoë"), parent_id=GROUP)
    assert belongs_in(mine, News(), ME)
    assert belongs_in(mine, Group(GROUP), ME)
    assert not belongs_in(mine, Group("0F95g0000000002AAA"), ME)
    assert not belongs_in(mine, Record(ACCOUNT), ME)
    assert belongs_in(mine, Person(ME), ME)
    assert not belongs_in(mine, Person(ANN), ME)
    for place in (ToMe(), Bookmarks(), Company(), Search("agenda")):
        assert not belongs_in(mine, place, ME)


def test_feeds_are_named_in_sentences() -> None:
    assert feed_words(News()) == "your feed"
    assert feed_words(ToMe()) == "the To Me feed"
    assert feed_words(Group(GROUP, "Sales Team")) == "Sales Team"
    assert feed_words(Search("agenda", Company())) == "the search results"


def test_empty_feeds_say_what_would_be_there() -> None:
    assert "mention you" in empty_message(ToMe())
    assert "bookmark" in empty_message(Bookmarks())
    assert "Sales Team" in empty_message(Group(GROUP, "Sales Team"))
    assert "“agenda”" in empty_message(Search("agenda", Company()))
    assert "follow" in empty_message(News())
