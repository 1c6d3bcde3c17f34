"""Message segment input built from what people type."""

from __future__ import annotations

import itertools

from hypothesis import given
from hypothesis import strategies as st

from desktop_app.api.segments import segments_for

PICKED = {"Bob Stone": "005B", "@Bob": "005b", "Zoë Ärger": "005Z"}


def rebuild(segments: list[dict[str, str]], names: dict[str, str], typed: str) -> str:
    """The typed text again, from input segments (`typed` tells `#tag` from `#[tag]`)."""
    out = ""
    for segment in segments:
        if segment["type"] == "Mention":
            out += "@" + names[segment["id"]]
        elif segment["type"] == "Link":
            out += segment["url"]
        elif segment["type"] == "Hashtag":
            bracketed = f"#[{segment['tag']}]"
            out += bracketed if typed.startswith(bracketed, len(out)) else "#" + segment["tag"]
        else:
            out += segment["text"]
    return out


def test_plain_text_is_one_text_segment() -> None:
    assert segments_for("Hello world") == [{"type": "Text", "text": "Hello world"}]
    assert segments_for("") == []


def test_mentions_links_and_hashtags() -> None:
    text = "Hi @Bob Stone, see https://example.com/a(b)). #ship #[two words] a#b mail@Bob Stone"
    assert segments_for(text, PICKED) == [
        {"type": "Text", "text": "Hi "},
        {"type": "Mention", "id": "005B"},
        {"type": "Text", "text": ", see "},
        {"type": "Link", "url": "https://example.com/a(b)"},
        {"type": "Text", "text": "). "},
        {"type": "Hashtag", "tag": "ship"},
        {"type": "Text", "text": " "},
        {"type": "Hashtag", "tag": "two words"},
        {"type": "Text", "text": " a#b mail@Bob Stone"},
    ]


def test_longest_picked_name_wins_and_unpicked_names_stay_text() -> None:
    assert segments_for("@Bob Stone and @Bob and @Alice", PICKED) == [
        {"type": "Mention", "id": "005B"},
        {"type": "Text", "text": " and "},
        {"type": "Mention", "id": "005b"},
        {"type": "Text", "text": " and @Alice"},
    ]
    assert segments_for("@Bobby", PICKED) == [{"type": "Text", "text": "@Bobby"}]
    assert segments_for("@Zoë Ärger!", PICKED) == [
        {"type": "Mention", "id": "005Z"},
        {"type": "Text", "text": "!"},
    ]


def test_link_loses_sentence_punctuation_and_keeps_fragments() -> None:
    assert segments_for("Go to http://x.io/p?q=1#top.") == [
        {"type": "Text", "text": "Go to "},
        {"type": "Link", "url": "http://x.io/p?q=1#top"},
        {"type": "Text", "text": "."},
    ]
    assert segments_for("http://") == [{"type": "Text", "text": "http://"}]


def test_names_with_regex_characters_are_literal() -> None:
    assert segments_for("@A.B (QA)", {"A.B (QA)": "005Q"}) == [{"type": "Mention", "id": "005Q"}]
    assert segments_for("@AxB (QA)", {"A.B (QA)": "005Q"})[0]["type"] == "Text"


names = st.text(
    alphabet=st.characters(codec="utf-8", exclude_categories=["Cs", "Cc"]), min_size=1, max_size=12
)
pieces = st.lists(
    st.one_of(
        st.text(max_size=12),
        st.sampled_from(["@Bob Stone", "@Bob", "#tag", "#[a b]", "https://x.io/y.", " http://a.b/c) ", "@"]),
    ),
    max_size=8,
)


@given(pieces, st.lists(names, max_size=3, unique=True))
def test_segments_give_back_the_typed_text(parts: list[str], picked: list[str]) -> None:
    text = "".join(parts)
    mentions = {name: f"005{index:05d}" for index, name in enumerate(picked) if name.strip("@ ")}
    if len({name.removeprefix("@") for name in mentions}) < len(mentions):
        return
    segments = segments_for(text, mentions)
    ids = {user: name.removeprefix("@") for name, user in mentions.items()}
    assert rebuild(segments, ids, text) == text
    assert all(segment["type"] in {"Text", "Mention", "Link", "Hashtag"} for segment in segments)
    assert all(segment.get("text") != "" for segment in segments)
    assert not any(a["type"] == b["type"] == "Text" for a, b in itertools.pairwise(segments))
