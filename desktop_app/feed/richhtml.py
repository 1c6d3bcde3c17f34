"""A RichText as safe HTML for a text document: every piece of text escaped, tags only from a fixed table.

Nothing the server sends becomes markup: text and URLs go through `html.escape`, and the only tags written
are the few below. Links other than web pages use the `mention:`, `hashtag:` and `entity:` schemes with the
value percent-encoded, so a click handler can tell what was clicked without parsing server text.
"""

from __future__ import annotations

import html
from collections.abc import Callable
from urllib.parse import quote

from desktop_app.feed.richdoc import Block, BlockKind, Image, LinkKind, RichText, Run, Style

_STYLE_TAGS = ((Style.BOLD, "b"), (Style.ITALIC, "i"), (Style.UNDERLINE, "u"), (Style.STRIKETHROUGH, "s"))

ImageSource = Callable[[Image], str | None]
"""Where a document finds an inline image (a resource name it was given), or None to show the alt text."""


def href(kind: str, value: str) -> str:
    """The href for a link: the URL itself for web links, else `{kind}:{percent-encoded value}`."""
    return value if kind == LinkKind.WEB else f"{kind}:{quote(value, safe='')}"


def _escape(text: str, keep_newlines: bool) -> str:
    escaped = html.escape(text, quote=True)
    return escaped if keep_newlines else escaped.replace("\n", "<br>")


def _run(run: Run, links: bool, image_source: ImageSource | None, code: bool) -> str:
    if run.image is not None:
        source = image_source(run.image) if image_source is not None else None
        if source:
            alt = html.escape(run.image.alt_text, quote=True)
            return f'<img src="{html.escape(source, quote=True)}" alt="{alt}">'
    out = _escape(run.text, code)
    for style, tag in _STYLE_TAGS:
        if style in run.styles:
            out = f"<{tag}>{out}</{tag}>"
    if links and run.link is not None:
        out = f'<a href="{html.escape(href(run.link.kind, run.link.value), quote=True)}">{out}</a>'
    return out


def _runs(block: Block, links: bool, image_source: ImageSource | None) -> str:
    code = block.kind == BlockKind.CODE
    return "".join(_run(run, links, image_source, code) for run in block.runs)


def to_html(doc: RichText, *, links: bool = True, image_source: ImageSource | None = None) -> str:
    """HTML for a document: paragraphs, nested lists, preformatted code, styled runs and safe anchors."""
    out: list[str] = []
    open_lists: list[tuple[str, int]] = []  # (tag, depth), innermost last

    def close_lists(depth: int) -> None:
        while open_lists and open_lists[-1][1] > depth:
            out.append(f"</{open_lists.pop()[0]}>")

    for block in doc.blocks:
        if block.kind != BlockKind.LIST_ITEM:
            close_lists(0)
            body = _runs(block, links, image_source)
            out.append(f"<pre>{body}</pre>" if block.kind == BlockKind.CODE else f"<p>{body}</p>")
            continue
        tag = "ol" if block.ordered else "ul"
        close_lists(block.depth)
        if open_lists and open_lists[-1][1] == block.depth and open_lists[-1][0] != tag:
            out.append(f"</{open_lists.pop()[0]}>")
        while not open_lists or open_lists[-1][1] < block.depth:
            depth = open_lists[-1][1] + 1 if open_lists else 1
            start = (
                block.number
                if tag == "ol" and depth == block.depth and block.number not in (None, 1)
                else None
            )
            out.append(f'<{tag} start="{start}">' if start else f"<{tag}>")
            open_lists.append((tag, depth))
        out.append(f"<li>{_runs(block, links, image_source)}</li>")
    close_lists(0)
    return f'<div style="white-space: pre-wrap">{"".join(out)}</div>'
