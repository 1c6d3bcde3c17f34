"""Voting in a poll: the documented PATCH, and the poll it answers with."""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from typing import Any

import pytest

from desktop_app.api.capabilities import PollChoice
from desktop_app.api.client import ConnectClient
from desktop_app.api.errors import BadResponse, NotFound
from desktop_app.api.pollvote import PlannedRequest, parse_poll_answer, poll_vote_request, vote_in_poll

from . import fixtures
from .conftest import Offline, ScriptedServer, json_reply

ELEMENT = "0D54x00000PollAAAA"
SUSHI = "09A4x0000008pZbEAI"
POLL_PATH = f"/services/data/v66.0/chatter/feed-elements/{ELEMENT}/capabilities/poll"


@pytest.fixture
def local(
    scripted: ScriptedServer, offline_account: Callable[..., Offline]
) -> Iterator[Callable[[], ConnectClient]]:
    """Clients whose instance is the scripted server (closed at teardown)."""
    made: list[ConnectClient] = []

    def make() -> ConnectClient:
        offline = offline_account(scripted.url)
        client = ConnectClient(offline.account, offline.credentials)
        made.append(client)
        return client

    yield make
    for client in made:
        client.close()


def _poll_after_voting_for_sushi() -> dict[str, Any]:
    poll: dict[str, Any] = fixtures.element("poll")["capabilities"]["poll"]
    for choice in poll["choices"]:
        choice["voteCount"] += {SUSHI: 1, "09A4x0000008pZaEAI": -1}.get(choice["id"], 0)
    poll["myChoiceId"] = SUSHI
    return poll


def test_the_vote_request_is_the_documented_patch() -> None:
    assert poll_vote_request(ELEMENT, SUSHI) == PlannedRequest(
        "PATCH", f"/chatter/feed-elements/{ELEMENT}/capabilities/poll", {"myChoiceId": SUSHI}
    )
    assert poll_vote_request("a/b?c", " x ").path == "/chatter/feed-elements/a%2Fb%3Fc/capabilities/poll"


@pytest.mark.parametrize(("element", "choice"), [("", SUSHI), ("  ", SUSHI), (ELEMENT, ""), (ELEMENT, "  ")])
def test_empty_ids_are_refused(element: str, choice: str) -> None:
    with pytest.raises(ValueError, match="empty"):
        poll_vote_request(element, choice)


def test_vote_sends_the_choice_and_returns_the_new_counts(
    scripted: ScriptedServer, local: Callable[[], ConnectClient]
) -> None:
    scripted.answer(POLL_PATH, json_reply(_poll_after_voting_for_sushi()))
    poll = vote_in_poll(local(), ELEMENT, SUSHI)
    (seen,) = scripted.requests_to(POLL_PATH)
    assert seen.method == "PATCH"
    assert json.loads(seen.body) == {"myChoiceId": SUSHI}
    assert seen.headers["Content-Type"] == "application/json"
    assert poll.my_choice_id == SUSHI
    assert poll.choices[:2] == (
        PollChoice("09A4x0000008pZaEAI", "Pizza", 1, 2),
        PollChoice(SUSHI, "Sushi", 2, 2),
    )


def test_an_element_without_a_poll_is_not_found(
    scripted: ScriptedServer, local: Callable[[], ConnectClient]
) -> None:
    with pytest.raises(NotFound):
        vote_in_poll(local(), "0D5000000000404AAA", SUSHI)


@pytest.mark.parametrize(
    "reply",
    [
        (200, {"Content-Type": "application/json"}, b"not json"),
        json_reply({"choices": [], "myChoiceId": None, "totalVoteCount": "0"}),
        json_reply(["a list"]),
    ],
)
def test_an_unreadable_answer_is_a_bad_response(
    scripted: ScriptedServer, local: Callable[[], ConnectClient], reply: tuple[int, dict[str, str], bytes]
) -> None:
    scripted.answer(POLL_PATH, reply)
    with pytest.raises(BadResponse) as caught:
        vote_in_poll(local(), ELEMENT, SUSHI)
    assert caught.value.url is not None
    assert caught.value.url.endswith("/capabilities/poll")


def test_poll_answer_is_entity_decoded_when_asked() -> None:
    poll = _poll_after_voting_for_sushi()
    poll["choices"][0]["text"] = "Fish &amp; chips"
    assert parse_poll_answer(poll, decode_entities=True).choices[1].text == "Fish & chips"
