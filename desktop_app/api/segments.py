"""Message segment input for posts and comments: text with @mentions, links and #hashtags."""

from __future__ import annotations

import re
from collections.abc import Mapping

_LINK = r"(?P<link>\bhttps?://[^\s<>\"]+)"
_HASHTAG = r"(?P<tag>(?<![\w&#/])#(?:\[(?P<multi>[^\]\n]{1,100})\]|(?P<word>\w[\w-]{0,99})))"
_TRAILING = ".,;:!?'\""


def _mention_pattern(names: list[str]) -> str:
    alternatives = "|".join(re.escape(name) for name in sorted(names, key=len, reverse=True))
    return rf"(?P<mention>(?<![\w.@])@(?P<name>{alternatives})(?!\w))"


def _trim_link(url: str) -> str:
    """Leave sentence punctuation (and an unbalanced closing bracket) out of a link."""
    while url:
        last = url[-1]
        unbalanced = last == ")" and url.count("(") < url.count(")")
        if last not in _TRAILING and not unbalanced:
            break
        url = url[:-1]
    return url


def segments_for(text: str, mentions: Mapping[str, str] | None = None) -> list[dict[str, str]]:
    """Input message segments for `text`.

    `mentions` maps the display names the person picked (with or without a leading `@`) to user ids;
    `@Name` for those becomes a Mention, `http(s)://` URLs become Links, `#tag` and `#[two words]`
    become Hashtags, and everything else is Text.
    """
    ids = {name.removeprefix("@"): user_id for name, user_id in (mentions or {}).items() if name.strip("@ ")}
    parts = ([_mention_pattern(list(ids))] if ids else []) + [_LINK, _HASHTAG]
    pattern = re.compile("|".join(parts))
    out: list[dict[str, str]] = []
    pending = ""

    def flush_text() -> None:
        nonlocal pending
        if pending:
            out.append({"type": "Text", "text": pending})
            pending = ""

    position = 0
    for match in pattern.finditer(text):
        pending += text[position : match.start()]
        position = match.end()
        if match.group("link") is not None:
            url = _trim_link(match.group("link"))
            if url.partition("://")[2]:
                flush_text()
                out.append({"type": "Link", "url": url})
                pending += match.group("link")[len(url) :]
            else:
                pending += match.group("link")
        elif match.group("tag") is not None:
            flush_text()
            tag = match.group("multi") if match.group("multi") is not None else match.group("word")
            out.append({"type": "Hashtag", "tag": tag})
        else:
            flush_text()
            out.append({"type": "Mention", "id": ids[match.group("name")]})
    pending += text[position:]
    flush_text()
    return out
