"""Voting in polls: PATCH …/capabilities/poll casts or moves the caller's vote and answers with the poll."""

from __future__ import annotations

import contextlib
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from desktop_app.demo_org import DemoOrg, kinds, orgstore
from desktop_app.demo_org.database import Database
from desktop_app.demo_org.feed import FeedStore
from desktop_app.demo_org.models import OrgData
from desktop_app.demo_org.seed import build_orgs
from desktop_app.demo_org.view import View

from .browser_steps import api_session
from .feedkinds import DATA, Element, elements, get

ZOE, JOSE = "zoe@acme.demo", "jose@acme.demo"


def _poll_url(element_id: str) -> str:
    return f"{DATA}/chatter/feed-elements/{element_id}/capabilities/poll"


def _patch(grant: dict[str, str], element_id: str, *, token: str | None = None, **how: Any) -> Any:
    with api_session(grant["access_token"] if token is None else token) as session:
        return session.patch(grant["instance_url"] + _poll_url(element_id), timeout=10, **how)


def _counts(poll: Element) -> dict[str, int]:
    return {choice["id"]: choice["voteCount"] for choice in poll["choices"]}


def _unvoted_poll(grant: dict[str, str]) -> Element:
    return next(
        item
        for item in elements(grant)
        if item.get("type") == "PollPost" and item["capabilities"]["poll"]["myChoiceId"] is None
    )


def test_a_vote_counts_and_a_second_vote_moves_it(make_demo: Callable[..., DemoOrg]) -> None:
    demo = make_demo()
    grant, jose = demo.grant(ZOE), demo.grant(JOSE)
    element = _unvoted_poll(grant)
    before = element["capabilities"]["poll"]
    joses_vote = get(jose, _poll_url(element["id"])).json()["myChoiceId"]
    assert get(grant, _poll_url(element["id"])).json() == before
    first, second = before["choices"][0]["id"], before["choices"][1]["id"]

    voted = _patch(grant, element["id"], json={"myChoiceId": first})
    assert voted.status_code == 200
    poll = voted.json()
    assert poll["myChoiceId"] == first
    assert _counts(poll) == {**_counts(before), first: _counts(before)[first] + 1}
    total = int(before["totalVoteCount"]) + 1
    assert poll["totalVoteCount"] == str(total)
    for choice in poll["choices"]:
        assert choice["voteCountRatio"] == pytest.approx(choice["voteCount"] / total)
    assert [choice["position"] for choice in poll["choices"]] == list(range(1, len(poll["choices"]) + 1))

    # The request-parameter form of the same input moves the vote.
    moved = _patch(grant, element["id"], params={"myChoiceId": second}).json()
    assert moved["myChoiceId"] == second
    assert _counts(moved) == {**_counts(before), second: _counts(before)[second] + 1}
    assert moved["totalVoteCount"] == str(total)
    assert _patch(grant, element["id"], json={"myChoiceId": second}).json() == moved, (
        "voting again changes nothing"
    )

    again = get(grant, f"{DATA}/chatter/feed-elements/{element['id']}").json()
    assert again["capabilities"]["poll"] == moved
    assert again["modifiedDate"] == element["modifiedDate"], "a vote is not an update of the post"
    seen_by_jose = get(jose, _poll_url(element["id"])).json()
    assert _counts(seen_by_jose) == _counts(moved)
    assert seen_by_jose["myChoiceId"] == joses_vote, "everyone sees their own vote"


def test_vote_errors_answer_with_the_error_body_and_change_nothing(make_demo: Callable[..., DemoOrg]) -> None:
    demo = make_demo()
    grant = demo.grant(ZOE)
    items = elements(grant)
    polls = [item for item in items if item.get("type") == "PollPost"]
    element, other = polls[0], polls[1]
    text_post = next(item for item in items if item.get("type") == "TextPost")
    foreign_choice = other["capabilities"]["poll"]["choices"][0]["id"]
    unknown_element = element["id"][:8] + "zzzzzzz" + element["id"][15:]
    cases = [
        (unknown_element, {"json": {"myChoiceId": foreign_choice}}, 404, "NOT_FOUND"),
        (text_post["id"], {"json": {"myChoiceId": foreign_choice}}, 404, "NOT_FOUND"),
        (element["id"], {"json": {"myChoiceId": foreign_choice}}, 400, "INVALID_API_INPUT"),
        (element["id"], {"json": {"myChoiceId": "09Anot-a-choice"}}, 400, "INVALID_API_INPUT"),
        (element["id"], {"json": {}}, 400, "INVALID_API_INPUT"),
        (element["id"], {"json": {"myChoiceId": 7}}, 400, "INVALID_API_INPUT"),
        (
            element["id"],
            {"data": b"{not json", "headers": {"Content-Type": "application/json"}},
            400,
            "JSON_PARSER_ERROR",
        ),
    ]
    for element_id, how, status, code in cases:
        answer = _patch(grant, element_id, **how)
        assert answer.status_code == status, (element_id, how)
        (error,) = answer.json()
        assert error["errorCode"] == code
        assert error["message"]
    unauthorised = _patch(grant, element["id"], token="", json={"myChoiceId": foreign_choice})
    assert unauthorised.status_code == 401
    assert unauthorised.json()[0]["errorCode"] == "INVALID_SESSION_ID"
    with api_session(grant["access_token"]) as session:
        posted = session.post(grant["instance_url"] + _poll_url(element["id"]), json={}, timeout=10)
    assert posted.status_code == 405, "the reference documents GET and PATCH only"
    assert get(grant, _poll_url(element["id"])).json() == element["capabilities"]["poll"]


@dataclass
class _Seeded:
    db: Database
    org: OrgData
    poll_id: str


class _Rollback(Exception):
    """Ends an example's transaction so that the next example starts from the seeded votes."""


@pytest.fixture(scope="module")
def seeded() -> Iterator[_Seeded]:
    db = Database(None)
    with db.transaction() as conn:
        orgstore.save(conn, build_orgs(11, datetime.now(UTC)))
        org = orgstore.load(conn, ["http://127.0.0.1:1", "http://127.0.0.1:2"])[0]
        (poll_id,) = conn.execute("SELECT item_id FROM items WHERE kind = 'PollPost' LIMIT 1").fetchone()
    yield _Seeded(db, org, poll_id)
    db.close()


@settings(max_examples=40, deadline=None)
@given(votes=st.lists(st.tuples(st.integers(0, 3), st.integers(0, 9)), max_size=12), viewer=st.integers(0, 3))
def test_each_person_counts_once_for_the_choice_they_picked_last(
    seeded: _Seeded, votes: list[tuple[int, int]], viewer: int
) -> None:
    people = list(seeded.org.people)
    with contextlib.suppress(_Rollback), seeded.db.transaction() as conn:
        store = FeedStore(conn, seeded.org)
        item = store.item(seeded.poll_id)
        assert item is not None
        choices = [choice_id for choice_id, _ in item.extra["choices"]]
        expected = dict(item.votes)
        for person, choice in votes:
            voter, choice_id = people[person % len(people)], choices[choice % len(choices)]
            store.vote(item, voter, choice_id)
            expected[voter] = choice_id
        reread = store.item(seeded.poll_id)
        assert reread is not None
        assert reread.votes == expected
        looker = people[viewer % len(people)]
        poll = kinds.poll(reread, View(seeded.org, looker, "66.0", datetime.now(UTC)))
        tally = Counter(expected.values())
        assert _counts(poll) == {choice_id: tally[choice_id] for choice_id in choices}
        assert poll["totalVoteCount"] == str(len(expected))
        assert poll["myChoiceId"] == expected.get(looker)
        assert sum(choice["voteCountRatio"] for choice in poll["choices"]) == pytest.approx(
            1.0 if expected else 0.0
        )
        raise _Rollback
