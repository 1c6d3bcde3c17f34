"""Finding the post or comment a lost write made: by author, by text as the org renders it, by time."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from hypothesis import given
from hypothesis import strategies as st

from desktop_app.api.models import Comment, FeedItem, UserSummary
from desktop_app.api.writematch import CLOCK_SLACK, SendWindow, find_comment, find_post, normalize, parse_time

ME = "005000000000001"
OTHER = "005000000000002"
SENT = datetime(2026, 1, 5, 11, 6, 7, tzinfo=UTC)
WINDOW = SendWindow(SENT, SENT + timedelta(seconds=3))


def stamp(moment: datetime) -> str:
    return moment.strftime("%Y-%m-%dT%H:%M:%S.") + f"{moment.microsecond // 1000:03d}Z"


def post(ident: str, text: str, when: datetime = SENT, author: str = ME) -> FeedItem:
    actor = UserSummary(id=author, display_name="Someone")
    return FeedItem(id=ident, type="TextPost", actor=actor, body_text=text, created=stamp(when))


def comment(ident: str, text: str, when: datetime = SENT, author: str = ME) -> Comment:
    return Comment(
        id=ident, user=UserSummary(id=author, display_name="Someone"), body_text=text, created=stamp(when)
    )


def test_the_org_rendition_of_the_text_matches_what_was_typed() -> None:
    typed = "  Ship it @Dana Kowalski\r\nsee #[release plan]  "
    stored = "Ship it @Dana Kowalski\nsee #release plan"
    assert normalize(typed) == normalize(stored)
    assert find_post([post("0D5a", stored)], ME, typed, WINDOW) is not None


def test_another_author_another_text_or_a_known_element_is_never_taken() -> None:
    elements = [
        post("0D5a", "Release notes", author=OTHER),
        post("0D5b", "Release notes!"),
        post("0D5c", "Release notes"),
    ]
    assert find_post(elements, ME, "Release notes", WINDOW, exclude={"0D5c"}) is None
    assert find_post(elements, ME, "Release notes", WINDOW) == elements[2]


def test_an_earlier_post_with_the_same_words_outside_the_window_is_not_this_one() -> None:
    old = post("0D5old", "Thanks!", SENT - CLOCK_SLACK - timedelta(seconds=1))
    assert find_post([old], ME, "Thanks!", WINDOW) is None
    skewed = post("0D5new", "Thanks!", SENT + CLOCK_SLACK)  # the org's clock runs ahead of this computer's
    assert find_post([old, skewed], ME, "Thanks!", WINDOW) == skewed


def test_the_newest_match_wins_and_unreadable_times_never_match() -> None:
    first = post("0D5a", "Same", SENT)
    second = post("0D5b", "Same", SENT + timedelta(seconds=1))
    undated = FeedItem(
        id="0D5c", type="TextPost", actor=UserSummary(id=ME, display_name="Me"), body_text="Same"
    )
    assert find_post([first, undated, second], ME, "Same", WINDOW) == second
    assert find_post([undated], ME, "Same", WINDOW) is None
    assert parse_time("yesterday") is None
    assert parse_time("2026-01-05T11:06:07.000Z") == SENT


def test_comments_match_by_their_user() -> None:
    mine = comment("0D7a", "Nice <i>work</i>!")
    theirs = comment("0D7b", "Nice <i>work</i>!", author=OTHER)
    assert find_comment([theirs, mine], ME, "Nice <i>work</i>!", WINDOW) == mine
    assert find_comment([theirs], ME, "Nice <i>work</i>!", WINDOW) is None


words = st.text(st.characters(exclude_categories=("Cs",)), min_size=1, max_size=40)
spacing = st.lists(st.sampled_from([" ", "  ", "\n", "\t", "\r\n"]), min_size=1, max_size=4)


@given(st.lists(words.filter(lambda w: w.split() == [w]), min_size=1, max_size=6), spacing, spacing)
def test_whitespace_never_tells_texts_apart(parts: list[str], inner: list[str], outer: list[str]) -> None:
    plain = " ".join(parts)
    spaced = outer[0] + "".join(part + inner[i % len(inner)] for i, part in enumerate(parts)) + outer[-1]
    assert normalize(spaced) == normalize(plain)
    assert normalize(normalize(spaced)) == normalize(spaced)


@given(
    st.lists(
        st.tuples(
            st.sampled_from([ME, OTHER]),
            st.sampled_from(["Lunch?", "lunch?", "Lunch ?", "Dinner?"]),
            st.integers(min_value=-900, max_value=900),
        ),
        max_size=12,
    ),
    st.sets(st.integers(min_value=0, max_value=11)),
)
def test_a_match_is_mine_has_the_words_is_in_the_window_and_is_the_newest(
    rows: list[tuple[str, str, int]], known: set[int]
) -> None:
    elements = [
        post(f"0D5{i:03d}", text, SENT + timedelta(seconds=s), who) for i, (who, text, s) in enumerate(rows)
    ]
    exclude = {f"0D5{i:03d}" for i in known}
    found = find_post(elements, ME, "Lunch?", WINDOW, exclude)

    def fits(element: FeedItem) -> bool:
        created = parse_time(element.created)
        return (
            element.actor.id == ME
            and normalize(element.body_text) == "lunch?"
            and element.id not in exclude
            and created is not None
            and SENT - CLOCK_SLACK <= created <= WINDOW.checked_at + CLOCK_SLACK
        )

    fitting = [element for element in elements if fits(element)]
    if not fitting:
        assert found is None
    else:
        assert found is not None
        assert fits(found)
        assert found.created == max(element.created or "" for element in fitting)
