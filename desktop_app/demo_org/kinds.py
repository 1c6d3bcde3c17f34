"""The kinds of feed element beyond text posts: their headers and capabilities, in the Connect API's shapes.

A kind's own data lives in `FeedItem.extra` as plain JSON values, written when the element is made:

| kind (type)          | extra                                                                  |
|----------------------|------------------------------------------------------------------------|
| CreateRecordEvent    | record, verb ("created a case."), sections [{heading, fields}]          |
| TrackedChange        | record, changes [[field, old, new]], bundled (inside a bundle)          |
| Bundle (element)     | record, changes [[field, old, new, element id, created ms]]             |
| PollPost             | choices [[choice id, text]] (votes are rows of their own)               |
| QuestionPost         | title, best (comment id), selectedBy (user id)                          |
| ContentPost          | files [069 ids]                                                         |
| LinkPost             | url, urlName                                                            |
| TextPost             | enhancedLink {title, description, linkUrl, iconUrl} (when it has one)   |
| ApprovalPost         | record, status, fields [[name, value]], process, step, workItem         |
| ConversationSummary  | record, recording [id, title] (an element type the API may add anytime) |
"""

from __future__ import annotations

from collections import Counter
from typing import Any

from . import files, render
from .models import FeedItem, Segment
from .view import View

TEXT_POST = "TextPost"
CREATE_RECORD = "CreateRecordEvent"
TRACKED_CHANGE = "TrackedChange"
POLL = "PollPost"
QUESTION = "QuestionPost"
CONTENT = "ContentPost"
LINK = "LinkPost"
APPROVAL = "ApprovalPost"
BUNDLE = "Bundle"
CONVERSATION = "ConversationSummary"
# Record updates: made by Salesforce, not typed by anyone, so no one may edit or delete them.
SYSTEM_KINDS = frozenset({CREATE_RECORD, TRACKED_CHANGE, APPROVAL, BUNDLE, CONVERSATION})
BLANK = "a blank value"


def _entity(target: str, view: View) -> dict[str, Any]:
    name = (
        view.org.people[target].user.display_name
        if target in view.org.people
        else view.org.records[target].name
    )
    return render.segment(Segment("EntityLink", name, target), view)


def _text(words: str) -> dict[str, Any]:
    return {"type": "Text", "text": words}


def _message(segments: list[dict[str, Any]]) -> dict[str, Any]:
    return {
        "isRichText": None,
        "messageSegments": segments,
        "text": "".join(str(segment["text"]) for segment in segments),
    }


def field_change(field: str, old: str | None, new: str | None) -> dict[str, Any]:
    """A FieldChange segment: "changed Stage from Prospecting to Closed Won" with its named parts."""
    old_text = BLANK if old is None else old
    new_text = BLANK if new is None else new
    return {
        "type": "FieldChange",
        "text": f"changed {field} from {old_text} to {new_text}",
        "segments": [
            _text("changed "),
            {"type": "FieldChangeName", "text": field},
            _text(" from "),
            {"type": "FieldChangeValue", "text": old_text, "url": None, "valueType": "OldValue"},
            _text(" to "),
            {"type": "FieldChangeValue", "text": new_text, "url": None, "valueType": "NewValue"},
        ],
    }


def header(item: FeedItem, view: View) -> dict[str, Any]:
    """The header of an element: who did what to which record, or (for posts) who posted where."""
    extra = item.extra
    actor = _entity(item.actor_id, view)
    if item.kind == CREATE_RECORD:
        return _message([_entity(extra["record"], view), _text(" — "), actor, _text(" " + extra["verb"])])
    if item.kind == TRACKED_CHANGE:
        field, old, new = extra["changes"][0]
        told = [actor, _text(" "), field_change(field, old, new), _text(".")]
        # In a bundle the record is the bundle's subject; alone in a feed, the header names it.
        prefix = [] if extra.get("bundled") else [_entity(extra["record"], view), _text(" — ")]
        return _message(prefix + told)
    if item.kind == BUNDLE:
        count = len(extra["changes"])
        updated = f" updated {count} field{'s' if count != 1 else ''} on "
        return _message([actor, _text(updated), _entity(extra["record"], view), _text(".")])
    if item.kind == APPROVAL:
        return _message(
            [actor, _text(" submitted "), _entity(extra["record"], view), _text(" for approval.")]
        )
    if item.kind == CONVERSATION:
        return _message(
            [actor, _text(" summarized a call with "), _entity(extra["record"], view), _text(".")]
        )
    return render.header(item, view)


def record_snapshot(item: FeedItem, view: View) -> dict[str, Any]:
    """A Record Snapshot capability: the record as it was created, section by section."""
    record = view.record(item.extra["record"])
    sections = [
        {
            "columnCount": 2,
            "columnOrder": "LeftRight",
            "heading": section["heading"],
            "isCollapsible": True,
            "fields": [
                {"label": label, "text": text, "type": kind, **({"dateValue": value} if value else {})}
                for label, text, kind, value in section["fields"]
            ],
        }
        for section in item.extra["sections"]
    ]
    view_ = {**record, "relatedListDefinitions": None, "sections": sections}
    return {"recordView": dict(sorted(view_.items()))}


def changes(entries: list[list[Any]]) -> list[dict[str, Any]]:
    """Tracked changes as the API lists them (null values where a field was blank)."""
    return [{"fieldName": entry[0], "oldValue": entry[1], "newValue": entry[2]} for entry in entries]


def poll(item: FeedItem, view: View) -> dict[str, Any]:
    """A Poll capability: the choices in order with their votes, the viewer's vote and the total.

    The total is a string, as the REST reference documents it; each choice's ratio is its share of it.
    """
    counts = Counter(item.votes.values())
    total = sum(counts[choice_id] for choice_id, _ in item.extra["choices"])
    return {
        "choices": [
            {
                "id": choice_id,
                "position": position,
                "text": text,
                "voteCount": counts[choice_id],
                "voteCountRatio": counts[choice_id] / total if total else 0.0,
            }
            for position, (choice_id, text) in enumerate(item.extra["choices"], start=1)
        ],
        "myChoiceId": item.votes.get(view.viewer_id),
        "totalVoteCount": str(total),
    }


def question(item: FeedItem, view: View) -> dict[str, Any]:
    """A Question and Answers capability: the title and, once chosen, the best answer."""
    best = next((entry for entry in item.comments if entry.comment_id == item.extra.get("best")), None)
    chooser = item.extra.get("selectedBy")
    return {
        "bestAnswer": render.comment(best, view, answer=True) if best is not None else None,
        "bestAnswerSelectedBy": view.user(chooser) if best is not None and chooser else None,
        "canCurrentUserSelectOrRemoveBestAnswer": item.actor_id == view.viewer_id,
        "candidateAnswers": None,
        "escalatedCase": None,
        "questionTitle": item.extra["title"],
    }


def files_capability(item: FeedItem, view: View) -> dict[str, Any]:
    """A Files capability: the Content of every file on the post, in the order they were attached."""
    return {"items": [files.content(view.org.files[file_id], view) for file_id in item.extra["files"]]}


def enhanced_link(data: dict[str, Any]) -> dict[str, Any]:
    """An Enhanced Link capability: a link with its title, description and site icon."""
    return {
        "description": data["description"],
        "icon": {"height": 32, "width": 32, "url": data["iconUrl"]},
        "linkRecordId": None,
        "linkUrl": data["linkUrl"],
        "title": data["title"],
    }


def approval(item: FeedItem) -> dict[str, Any]:
    """An Approval capability: the pending step of an approval process and the fields it shows."""
    extra = item.extra
    return {
        "id": extra["step"],
        "postTemplateFields": [
            {"displayName": name, "displayValue": value, "record": None} for name, value in extra["fields"]
        ],
        "process": {"id": extra["process"], "url": None},
        "processInstanceStepId": extra["step"],
        "status": extra["status"],
        "workItemId": extra["workItem"],
    }


def capabilities(item: FeedItem, view: View) -> dict[str, Any]:
    """The capabilities only this kind of element has (merged over those every feed item has)."""
    extra = item.extra
    if item.kind == CREATE_RECORD:
        return {"recordSnapshot": record_snapshot(item, view)}
    if item.kind == TRACKED_CHANGE:
        return {"trackedChanges": {"changes": changes(extra["changes"])}}
    if item.kind == POLL:
        return {"poll": poll(item, view)}
    if item.kind == QUESTION:
        return {"questionAndAnswers": question(item, view)}
    if item.kind == CONTENT:
        return {"files": files_capability(item, view)}
    if item.kind == LINK:
        return {"link": {"url": extra["url"], "urlName": extra["urlName"]}}
    if item.kind == APPROVAL:
        return {"approval": approval(item)}
    if item.kind == CONVERSATION:
        recording_id, title = extra["recording"]
        return {"callCollaboration": {"recording": {"id": recording_id, "title": title}}}
    if "enhancedLink" in extra:
        return {"enhancedLink": enhanced_link(extra["enhancedLink"])}
    return {}
