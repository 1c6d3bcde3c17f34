"""Rich text posts as the Salesforce editor makes them: paragraphs, styles, lists, code, links, an image."""

from __future__ import annotations

import random

from . import seedcatalog as catalog
from .models import Person, Segment


def _wrap(markup: str, inner: list[Segment]) -> list[Segment]:
    return [Segment("MarkupBegin", "", markup=markup), *inner, Segment("MarkupEnd", "", markup=markup)]


def _styled(markup: str, words: str) -> list[Segment]:
    return _wrap(markup, [Segment("Text", words)])


def _list(markup: str, entries: list[str]) -> list[Segment]:
    return _wrap(markup, [segment for entry in entries for segment in _styled("ListItem", entry)])


def rich_post(number: int, rng: random.Random, other: Person, image_id: str, alt: str) -> list[Segment]:
    """The segments of one rich post: every markup type, a mention, a hyperlink and an inline image."""
    title = catalog.RICH_TITLES[number % len(catalog.RICH_TITLES)]
    url, hyperlink_alt, words = catalog.HYPERLINKS[number % len(catalog.HYPERLINKS)]
    steps = rng.sample(catalog.RICH_STEPS, 5)
    opening = [
        *_styled("Bold", title),
        Segment("Text", ": "),
        *_styled("Italic", "please read before"),
        Segment("Text", " "),
        *_styled("Underline", "Thursday"),
        Segment("Text", ", not "),
        *_styled("Strikethrough", "Friday"),
        Segment("Text", "."),
    ]
    pointers = [
        Segment("Text", "Questions to "),
        Segment("Mention", "@" + other.user.display_name, other.user.user_id),
        Segment("Text", " or see "),
        Segment("MarkupBegin", "", url, "Hyperlink", hyperlink_alt),
        Segment("Text", words),
        Segment("MarkupEnd", "", markup="Hyperlink"),
        Segment("Text", " "),
        Segment("Hashtag", "#release", "release"),
        Segment("Text", " "),
        Segment("Link", "https://status.example.com", "https://status.example.com"),
    ]
    return [
        *_wrap("Paragraph", opening),
        *_wrap("Paragraph", pointers),
        *_list("UnorderedList", steps[:2]),
        *_list("OrderedList", steps[2:]),
        *_styled("Code", catalog.RICH_CODE[number % len(catalog.RICH_CODE)]),
        *_wrap("Paragraph", [Segment("InlineImage", alt, image_id, alt=alt)]),
    ]
