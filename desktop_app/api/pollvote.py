"""Voting in a poll: the request (`PATCH …/capabilities/poll`, `{"myChoiceId": …}`) and its answer.

The Connect REST API documents GET and PATCH on the poll capability; a PATCH with a choice id casts the
user's vote or moves it to another choice, and answers with the whole Poll Capability (new counts included),
so the row can be redrawn from the answer without reading the element again.
"""

from __future__ import annotations

from urllib.parse import quote

import msgspec

from desktop_app.api.capabilities import Poll
from desktop_app.api.capabilityparse import parse_poll
from desktop_app.api.client import ConnectClient
from desktop_app.api.errors import BadResponse
from desktop_app.api.jsonfields import require_object


class PlannedRequest(msgspec.Struct, frozen=True):
    """A Connect REST API call to make: the method, the path after `/services/data/vXX.X`, the JSON body."""

    method: str
    path: str
    body: dict[str, str] = msgspec.field(default_factory=dict)


def _path_segment(value: str, what: str) -> str:
    if not value or not value.strip():
        raise ValueError(f"{what} is empty")
    return quote(value.strip(), safe="")


def poll_vote_request(feed_element_id: str, choice_id: str) -> PlannedRequest:
    """The request that votes for `choice_id` (or moves the user's vote there) in an element's poll."""
    element = _path_segment(feed_element_id, "feed element id")
    choice = choice_id.strip() if choice_id else ""
    if not choice:
        raise ValueError("poll choice id is empty")
    path = f"/chatter/feed-elements/{element}/capabilities/poll"
    return PlannedRequest("PATCH", path, {"myChoiceId": choice})


def parse_poll_answer(value: object, *, decode_entities: bool = False) -> Poll:
    """The Poll from the Poll Capability a vote is answered with."""
    poll = parse_poll(require_object(value, "a poll"), decode_entities)
    assert poll is not None
    if not poll.choices:
        raise BadResponse(None, None, "poll without choices", None)
    return poll


def vote_in_poll(client: ConnectClient, feed_element_id: str, choice_id: str) -> Poll:
    """Cast (or move) the user's vote; the poll as it stands after it (blocking: call it off the GUI)."""
    planned = poll_vote_request(feed_element_id, choice_id)
    url = client.data_url(planned.path)
    response = client.request(planned.method, url, json=planned.body)
    try:
        body = response.json()
    except (ValueError, RecursionError) as exc:
        raise BadResponse(response.status_code, None, "body is not JSON", url) from exc
    finally:
        response.close()
    try:
        return parse_poll_answer(body, decode_entities=client.decode_entities)
    except BadResponse as exc:
        raise BadResponse(response.status_code, exc.error_code, exc.message, url) from exc
