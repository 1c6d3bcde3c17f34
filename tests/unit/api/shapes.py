"""Hypothesis strategies for feed elements of every documented shape, with odd values mixed into every field.

The shapes follow the Connect REST API reference (Feed Item, Generic Feed Element, Feed Element Capabilities,
Message Segments); each field may instead hold a value of another JSON type or be left out, as fields come
and go between API versions.
"""

from __future__ import annotations

from typing import Any

from hypothesis import strategies as st

SearchStrategy = st.SearchStrategy

ids = st.text(alphabet="0123456789abcdefABCDEF", min_size=15, max_size=18)
words = st.text(max_size=20)
odd: SearchStrategy[Any] = (
    st.none()
    | st.booleans()
    | st.integers(-3, 10**12)
    | st.floats(allow_nan=True, allow_infinity=True)
    | st.text(max_size=6)
    | st.just([])
    | st.just({})
)
urls = st.sampled_from(
    [
        "https://www.example.com/a",
        "http://example.com",
        "javascript:alert(1)",
        "/services/data/v66.0/chatter/files/069000000000001AAA/content",
        "",
        "https://",
    ]
)
MARKUP_TYPES = [
    "Bold",
    "Italic",
    "Underline",
    "Strikethrough",
    "Paragraph",
    "OrderedList",
    "UnorderedList",
    "ListItem",
    "Code",
    "Hyperlink",
    "Heading",
]
ELEMENT_TYPES = ["FeedItem", "Bundle", "Recommendation", "SomethingNew"]
ITEM_TYPES = [
    "TextPost",
    "CreateRecordEvent",
    "TrackedChange",
    "PollPost",
    "QuestionPost",
    "ContentPost",
    "LinkPost",
]


def _or_odd(strategy: SearchStrategy[Any]) -> SearchStrategy[Any]:
    return strategy | odd


def _object(fields: dict[str, SearchStrategy[Any]]) -> SearchStrategy[dict[str, Any]]:
    """An object whose documented fields are each present, absent or odd."""
    return st.fixed_dictionaries({}, optional={key: _or_odd(value) for key, value in fields.items()})


def segments(depth: int = 0) -> SearchStrategy[list[Any]]:
    """A list of message segments of every documented type (and an unknown one)."""
    plain = _object({"type": st.sampled_from(["Text", "Complex", "ResourceLink", "Unknown"]), "text": words})
    mention = _object(
        {
            "type": st.just("Mention"),
            "text": words,
            "name": words,
            "record": _object({"id": ids, "displayName": words}),
        }
    )
    link = _object({"type": st.sampled_from(["Link", "FieldChangeValue"]), "text": words, "url": urls})
    hashtag = _object({"type": st.just("Hashtag"), "text": words, "tag": words})
    entity = _object(
        {"type": st.just("EntityLink"), "text": words, "reference": _object({"id": ids, "url": urls})}
    )
    markup = _object(
        {
            "type": st.sampled_from(["MarkupBegin", "MarkupEnd"]),
            "markupType": st.sampled_from(MARKUP_TYPES),
            "text": st.sampled_from(["", "[Start code block]", "[End code block]", "x"]),
            "url": urls,
        }
    )
    image = _object(
        {
            "type": st.just("InlineImage"),
            "text": words,
            "altText": words,
            "url": urls,
            "thumbnails": _object(
                {"previews": st.lists(_object({"format": st.just("Thumbnail"), "url": urls}), max_size=2)}
            ),
        }
    )
    kinds = [plain, mention, link, hashtag, entity, markup, image]
    if depth < 2:
        kinds.append(
            _object({"type": st.just("FieldChange"), "text": words, "segments": segments(depth + 1)})
        )
    return st.lists(st.one_of(kinds) | odd, max_size=8)


def message() -> SearchStrategy[Any]:
    """A message body or header."""
    return _object({"text": words, "messageSegments": segments(), "isRichText": st.booleans()})


def user() -> SearchStrategy[Any]:
    """A user summary."""
    return _object({"id": ids, "displayName": words, "name": words, "type": st.just("User")})


def comment() -> SearchStrategy[Any]:
    """A comment, possibly with a file."""
    return _object(
        {"id": ids, "body": message(), "user": user(), "capabilities": _object({"content": content()})}
    )


def content() -> SearchStrategy[Any]:
    """A Content or File Summary object."""
    return _object(
        {
            "id": ids,
            "title": words,
            "fileExtension": st.sampled_from(["pdf", "png", ""]),
            "fileType": words,
            "fileSize": st.sampled_from(["1258291", "Unknown", "0"]) | st.integers(0, 10**10),
            "contentSize": st.integers(0, 10**10),
            "downloadUrl": urls,
            "renditionUrl240By180": urls,
            "thumb240By180RenditionStatus": st.sampled_from(["Success", "Processing", "Failed", "Na"]),
            "versionId": ids,
            "mimeType": words,
        }
    )


def changes() -> SearchStrategy[Any]:
    """A list of tracked changes."""
    return st.lists(_object({"fieldName": words, "oldValue": words, "newValue": words}), max_size=4)


def capabilities(element: SearchStrategy[Any] | None) -> SearchStrategy[dict[str, Any]]:
    """A capabilities object with any of the documented capabilities (bundles hold `element`s)."""
    fields: dict[str, SearchStrategy[Any]] = {
        "comments": _object(
            {"page": _object({"total": st.integers(0, 50), "items": st.lists(comment(), max_size=2)})}
        ),
        "poll": _object(
            {
                "choices": st.lists(
                    _object(
                        {
                            "id": ids,
                            "text": words,
                            "position": st.integers(0, 5),
                            "voteCount": st.integers(0, 9),
                        }
                    ),
                    max_size=4,
                ),
                "myChoiceId": ids,
                "totalVoteCount": st.integers(0, 40) | st.sampled_from(["4", "x"]),
            }
        ),
        "questionAndAnswers": _object(
            {
                "questionTitle": words,
                "bestAnswer": comment(),
                "bestAnswerSelectedBy": user(),
                "canCurrentUserSelectOrRemoveBestAnswer": st.booleans(),
            }
        ),
        "files": _object({"items": st.lists(content(), max_size=3)}),
        "content": content(),
        "link": _object({"url": urls, "urlName": words}),
        "enhancedLink": _object(
            {"title": words, "description": words, "linkUrl": urls, "icon": _object({"url": urls})}
        ),
        "trackedChanges": _object({"changes": changes()}),
        "recordSnapshot": _object(
            {
                "recordView": _object(
                    {
                        "id": ids,
                        "name": words,
                        "type": words,
                        "sections": st.lists(
                            _object(
                                {"fields": st.lists(_object({"label": words, "text": words}), max_size=3)}
                            ),
                            max_size=2,
                        ),
                    }
                )
            }
        ),
        "record": _object({"recordId": ids, "url": urls}),
        "approval": _object({"status": words, "id": ids}),
        "chatterLikes": _object({"isLikedByCurrentUser": st.booleans()}),
        "somethingNew": _object({"value": words}),
    }
    if element is not None:
        fields["bundle"] = _object(
            {
                "bundleType": st.sampled_from(["TrackedChanges", "GenericBundle"]),
                "totalElements": st.integers(0, 30),
                "changes": changes(),
                "page": _object({"elements": st.lists(element, max_size=2)}),
            }
        )
    return _object(fields)


def feed_element(nested: bool = True) -> SearchStrategy[dict[str, Any]]:
    """A feed element of any documented kind (a Feed Item or a Generic Feed Element such as a bundle)."""
    inner = feed_element(nested=False) if nested else None
    optional = {
        "feedElementType": st.sampled_from(ELEMENT_TYPES),
        "type": st.sampled_from(ITEM_TYPES),
        "actor": user(),
        "header": message(),
        "body": message(),
        "capabilities": capabilities(inner),
        "url": urls,
        "createdDate": st.just("2026-01-05T11:06:07.000Z"),
    }
    return st.fixed_dictionaries(
        {"id": ids}, optional={key: _or_odd(value) for key, value in optional.items()}
    )
