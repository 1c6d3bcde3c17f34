"""Rich text as HTML: only whitelisted, balanced tags, and every piece of server text escaped."""

from __future__ import annotations

from html.parser import HTMLParser

from hypothesis import HealthCheck, given, settings

from desktop_app.api.messageparse import parse_segments
from desktop_app.api.parse import parse_feed_item
from desktop_app.feed.richdoc import Block, BlockKind, Image, Link, LinkKind, RichText, Run, Style, rich_text
from desktop_app.feed.richhtml import href, to_html
from tests.unit.api import fixtures, shapes

ALLOWED = {"div", "p", "pre", "ul", "ol", "li", "b", "i", "u", "s", "a", "br", "img"}
VOID = {"br", "img"}


class _Tags(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.started: list[str] = []
        self.ended: list[str] = []
        self.hrefs: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.started.append(tag)
        self.hrefs += [value or "" for name, value in attrs if name == "href"]

    def handle_endtag(self, tag: str) -> None:
        self.ended.append(tag)


def tags(markup: str) -> _Tags:
    parser = _Tags()
    parser.feed(markup)
    parser.close()
    return parser


def test_the_rich_text_fixture() -> None:
    post = parse_feed_item(fixtures.element("rich_text_post"))
    markup = to_html(rich_text(post.message_segments), image_source=lambda image: "thumb:diagram")
    assert "<p>Release <b>today</b>, <i>maybe</i> <u>for real</u> <s>next week</s>.</p>" in markup
    assert "<ul><li>Backup</li><li>Deploy</li></ul><ol><li>Smoke test</li><li>Announce</li></ol>" in markup
    assert "<pre>make deploy ENV=prod</pre>" in markup
    assert '<img src="thumb:diagram" alt="Deploy diagram">' in markup
    assert tags(markup).hrefs == [
        "mention:0054x000003BobSAAU",
        "https://www.example.com/runbook",
        "hashtag:release",
        "https://status.example.com",
    ]
    assert "javascript" not in markup


def test_server_text_is_escaped_and_links_can_be_left_out() -> None:
    runs = (
        Run("<script>alert(1)</script>\n", frozenset({Style.BOLD})),
        Run("x", link=Link(LinkKind.WEB, 'https://e.example/?a=1&b="2"')),
    )
    doc = RichText((Block(BlockKind.PARAGRAPH, runs),))
    markup = to_html(doc)
    assert "<script>" not in markup
    assert "<b>&lt;script&gt;alert(1)&lt;/script&gt;<br></b>" in markup
    assert 'href="https://e.example/?a=1&amp;b=&quot;2&quot;"' in markup
    assert "<a " not in to_html(doc, links=False)


def test_images_without_a_source_show_their_alt_text() -> None:
    doc = RichText((Block(BlockKind.PARAGRAPH, (Run("A <chart>", image=Image("/v", None, "A <chart>")),)),))
    assert to_html(doc) == '<div style="white-space: pre-wrap"><p>A &lt;chart&gt;</p></div>'
    assert "<img" not in to_html(doc, image_source=lambda image: None)


def test_nested_and_interrupted_lists() -> None:
    def item(text: str, ordered: bool, depth: int, number: int | None) -> Block:
        return Block(BlockKind.LIST_ITEM, (Run(text),), ordered, depth, number)

    doc = RichText(
        (
            item("one", True, 1, 1),
            item("inner", False, 2, None),
            item("two", True, 1, 2),
            item("bullet", False, 1, None),
            Block(BlockKind.CODE, (Run("a\nb"),)),
            item("three", True, 1, 3),
        )
    )
    assert to_html(doc) == (
        '<div style="white-space: pre-wrap">'
        "<ol><li>one</li><ul><li>inner</li></ul><li>two</li></ol>"
        "<ul><li>bullet</li></ul>"
        "<pre>a\nb</pre>"
        '<ol start="3"><li>three</li></ol>'
        "</div>"
    )


def test_href_encodes_everything_but_web_urls() -> None:
    assert href(LinkKind.MENTION, "Zoë Ärger") == "mention:Zo%C3%AB%20%C3%84rger"
    assert href(LinkKind.HASHTAG, "a/b") == "hashtag:a%2Fb"
    assert href(LinkKind.WEB, "https://x.example/a b") == "https://x.example/a b"


@settings(max_examples=300, suppress_health_check=[HealthCheck.too_slow])
@given(shapes.segments())
def test_any_segments_give_balanced_whitelisted_html(values: list[object]) -> None:
    found = tags(to_html(rich_text(parse_segments(values)), image_source=lambda image: image.url))
    assert set(found.started) <= ALLOWED
    assert sorted(t for t in found.started if t not in VOID) == sorted(found.ended)
    for link in found.hrefs:
        assert link.split(":", 1)[0] in ("http", "https", "mention", "hashtag", "entity")
