"""Other users at work in the demo org: real rows the news feed, its updatesUrl and the To Me feed see."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
import requests

from desktop_app.demo_org import DemoOrg
from desktop_app.demo_org.__main__ import build_parser

from .browser_steps import api_session

ZOE = "zoe@acme.demo"
NEWS = "/services/data/v66.0/chatter/feeds/news/me/feed-elements"
TO_ME = "/services/data/v66.0/chatter/feeds/to/me/feed-elements"


def _get(grant: dict[str, str], path: str, **params: Any) -> requests.Response:
    with api_session(grant["access_token"]) as session:
        return session.get(grant["instance_url"] + path, params=params, timeout=10)


def test_nothing_happens_for_an_org_no_one_signed_in_to(make_demo: Callable[..., DemoOrg]) -> None:
    demo = make_demo()
    assert demo.start_activity().tick(org_index=0) is None


def test_a_mention_of_the_signed_in_user_reaches_both_feeds(make_demo: Callable[..., DemoOrg]) -> None:
    demo = make_demo()
    grant = demo.grant(ZOE)
    me = demo.user(ZOE).user_id
    first = _get(grant, NEWS, pageSize=5).json()
    happened = demo.start_activity().tick(org_index=0, action="mention")
    assert happened is not None
    assert (happened.action, happened.target_id) == ("mention", me)
    assert happened.actor_id != me
    updates = _get(grant, first["updatesUrl"]).json()
    assert [e["id"] for e in updates["elements"]] == [happened.item_id]
    segments = updates["elements"][0]["body"]["messageSegments"]
    assert segments[0]["type"] == "Mention"
    assert segments[0]["record"]["id"] == me
    to_me = _get(grant, TO_ME, sort="LastModifiedDateDesc", pageSize=10).json()
    assert to_me["elements"][0]["id"] == happened.item_id
    assert to_me["updatesUrl"] is None


def test_a_comment_lands_on_the_users_own_newest_post(make_demo: Callable[..., DemoOrg]) -> None:
    demo = make_demo()
    grant = demo.grant(ZOE)
    me = demo.user(ZOE).user_id
    with api_session(grant["access_token"]) as session:
        posted = session.post(
            grant["instance_url"] + "/services/data/v66.0/chatter/feed-elements",
            json={
                "feedElementType": "FeedItem",
                "subjectId": "me",
                "body": {"messageSegments": [{"type": "Text", "text": "Mine"}]},
            },
            timeout=10,
        ).json()
    happened = demo.start_activity().tick(org_index=0, action="comment")
    assert happened is not None
    assert happened.item_id == posted["id"]
    assert happened.comment_id is not None
    to_me = _get(grant, TO_ME, sort="LastModifiedDateDesc").json()
    top = to_me["elements"][0]
    assert top["id"] == posted["id"]
    comments = top["capabilities"]["comments"]["page"]["items"]
    assert comments[-1]["id"] == happened.comment_id
    assert comments[-1]["user"]["id"] not in (me, None)


def test_ticks_go_round_posts_comments_and_mentions(make_demo: Callable[..., DemoOrg]) -> None:
    demo = make_demo()
    demo.grant(ZOE)
    activity = demo.start_activity()
    done = [activity.tick(org_index=0) for _ in range(6)]
    assert all(h is not None for h in done)
    actions = [h.action for h in done if h is not None]
    assert "post" in actions
    assert "mention" in actions


def test_the_command_line_takes_a_positive_interval() -> None:
    assert build_parser().parse_args(["--activity", "45"]).activity == 45.0
    for bad in ("0", "-3", "soon"):
        with pytest.raises(SystemExit):
            build_parser().parse_args(["--activity", bad])
