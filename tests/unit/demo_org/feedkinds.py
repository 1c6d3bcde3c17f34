"""Reading a demo org's whole news feed, recognising each kind of element, and the key paths of JSON."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import requests

from .browser_steps import api_session

DATA = "/services/data/v66.0"
FEED = f"{DATA}/chatter/feeds/news/me/feed-elements"
FIXTURES = Path(__file__).resolve().parents[1] / "api" / "fixtures"
USERS = ("zoe@acme.demo", "bjorn@acme.demo.uat")
Element = dict[str, Any]


def _has_segment(element: Element, kind: str) -> bool:
    return any(segment["type"] == kind for segment in element["body"]["messageSegments"])


# The documented shape of each kind (a fixture written from the Connect REST API reference), and how to
# recognise an element of that kind in a feed.
KINDS: dict[str, Callable[[Element], bool]] = {
    "approval_post.json": lambda e: e.get("type") == "ApprovalPost",
    "bundle_tracked_changes.json": lambda e: e["feedElementType"] == "Bundle",
    "create_record_event.json": lambda e: e.get("type") == "CreateRecordEvent",
    "enhanced_link.json": lambda e: "enhancedLink" in e["capabilities"],
    "file_post.json": lambda e: e.get("type") == "ContentPost",
    "link_post.json": lambda e: e.get("type") == "LinkPost",
    "poll.json": lambda e: e.get("type") == "PollPost",
    "question.json": lambda e: e.get("type") == "QuestionPost",
    "rich_text_post.json": lambda e: _has_segment(e, "InlineImage"),
    "tracked_change.json": lambda e: e.get("type") == "TrackedChange",
    "unknown_element_type.json": lambda e: e["feedElementType"] == "ConversationSummary",
}


def fixture(name: str) -> Element:
    """A documented element shape."""
    loaded: Element = json.loads((FIXTURES / name).read_text(encoding="utf-8"))
    return loaded


def pages(grant: dict[str, str], *, encode: bool = False, size: int = 100) -> list[Element]:
    """Every page of the caller's news feed, as served."""
    found: list[Element] = []
    url: str | None = f"{FEED}?pageSize={size}"
    with api_session(grant["access_token"], encode=encode) as session:
        while url:
            answer = session.get(grant["instance_url"] + url, timeout=10)
            assert answer.status_code == 200, answer.text
            found.append(answer.json())
            url = found[-1]["nextPageUrl"]
    return found


def elements(grant: dict[str, str], *, encode: bool = False) -> list[Element]:
    """Every element of the caller's news feed, newest first."""
    return [element for page in pages(grant, encode=encode) for element in page["elements"]]


def get(
    grant: dict[str, str],
    path: str,
    *,
    token: str | None = None,
    headers: dict[str, str] | None = None,
    **params: Any,
) -> requests.Response:
    """GET a path on the caller's instance host with their (or another) token and query parameters."""
    with api_session(token if token is not None else grant["access_token"]) as session:
        return session.get(grant["instance_url"] + path, params=params, headers=headers, timeout=10)


def _type_name(value: Any) -> str:
    return "null" if value is None else type(value).__name__


def key_paths(value: Any, prefix: str = "", out: dict[str, set[str]] | None = None) -> dict[str, set[str]]:
    """Every key path of a JSON value with the JSON types found there.

    List entries share the path `list[]`; message segments are told apart by type (`segments[Mention]`),
    since each segment type has keys of its own.
    """
    out = {} if out is None else out
    if isinstance(value, dict):
        for key, child in value.items():
            path = f"{prefix}.{key}"
            out.setdefault(path, set()).add(_type_name(child))
            key_paths(child, path, out)
    elif isinstance(value, list):
        for child in value:
            segment = prefix.endswith(("messageSegments", ".segments")) and isinstance(child, dict)
            tag = child.get("type", "") if segment else ""
            key_paths(child, f"{prefix}[{tag}]", out)
    return out


def merged_paths(values: list[Any]) -> dict[str, set[str]]:
    """The key paths of several JSON values together."""
    merged: dict[str, set[str]] = {}
    for value in values:
        for path, types in key_paths(value).items():
            merged.setdefault(path, set()).update(types)
    return merged


def comment_contents(items: list[Element]) -> list[Element]:
    """The files attached to shown comments (a comment's `content` capability)."""
    return [
        comment["capabilities"]["content"]
        for item in items
        for comment in item.get("capabilities", {}).get("comments", {}).get("page", {}).get("items", [])
        if "content" in comment["capabilities"]
    ]


def all_files(items: list[Element]) -> list[Element]:
    """Every file of posts and comments in the feed, each once."""
    found = {
        entry["id"]: entry
        for item in items
        for entry in item["capabilities"].get("files", {}).get("items", [])
    }
    found.update((entry["id"], entry) for entry in comment_contents(items))
    return list(found.values())
