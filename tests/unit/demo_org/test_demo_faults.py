"""The fault switch: Chatter writes fail on purpose (stored or not, as each kind says); reads stay healthy."""

from __future__ import annotations

import json
import signal
import subprocess
import sys
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
import requests

from desktop_app.demo_org import DemoOrg
from desktop_app.demo_org.__main__ import build_parser
from desktop_app.demo_org.faults import KINDS, Faults, is_chatter_write, parse_kinds

from .browser_steps import api_session

ROOT = Path(__file__).resolve().parents[3]
ZOE = "zoe@acme.demo"
API = "/services/data/v66.0/chatter"


class Zoe:
    """Zoe's calls to her org's instance host."""

    def __init__(self, demo: DemoOrg) -> None:
        grant = demo.grant(ZOE)
        self.base = grant["instance_url"] + API
        self.session = api_session(grant["access_token"])

    def post(self, text: str, **kwargs: Any) -> requests.Response:
        body = {
            "feedElementType": "FeedItem",
            "subjectId": "me",
            "body": {"messageSegments": [{"type": "Text", "text": text}]},
        }
        return self.session.post(f"{self.base}/feed-elements", json=body, timeout=10, **kwargs)

    def feed(self) -> list[dict[str, Any]]:
        answer = self.session.get(f"{self.base}/feeds/news/me/feed-elements", timeout=10)
        assert answer.status_code == 200
        elements: list[dict[str, Any]] = answer.json()["elements"]
        return elements

    def count(self, text: str) -> int:
        return sum(1 for element in self.feed() if element["body"]["text"] == text)


@pytest.fixture
def demo(make_demo: Callable[..., DemoOrg]) -> DemoOrg:
    return make_demo()


@pytest.fixture
def zoe(demo: DemoOrg) -> Iterator[Zoe]:
    user = Zoe(demo)
    with user.session:
        yield user


def test_500_and_503_answer_before_the_write(demo: DemoOrg, zoe: Zoe) -> None:
    for kind, status, code in (("500", 500, "UNKNOWN_EXCEPTION"), ("503", 503, "REQUEST_LIMIT_EXCEEDED")):
        demo.set_faults([kind])
        answer = zoe.post(f"refused by {kind}")
        assert answer.status_code == status
        assert answer.json()[0]["errorCode"] == code
        demo.set_faults()
        assert zoe.count(f"refused by {kind}") == 0
    assert demo.counters["fault 500"] == demo.counters["fault 503"] == 1


def test_truncated_sends_the_head_then_half_the_body_and_stores_the_write(demo: DemoOrg, zoe: Zoe) -> None:
    demo.set_faults(["truncated"])
    with zoe.post("cut short", stream=True) as answer:
        assert answer.status_code == 201
        declared = int(answer.headers["Content-Length"])
        with pytest.raises(requests.exceptions.ChunkedEncodingError):
            answer.content  # noqa: B018
    assert declared > 100
    assert zoe.count("cut short") == 1, "reads stay healthy while writes fail"


def test_unreadable_answers_2xx_with_a_body_that_is_not_json(demo: DemoOrg, zoe: Zoe) -> None:
    demo.set_faults(["unreadable"])
    answer = zoe.post("garbled")
    assert answer.status_code == 201
    with pytest.raises(requests.JSONDecodeError):
        answer.json()
    assert zoe.count("garbled") == 1


def test_drop_after_write_commits_then_hangs_up(demo: DemoOrg, zoe: Zoe) -> None:
    demo.set_faults(["drop-after-write"])
    with pytest.raises(requests.ConnectionError):
        zoe.post("no answer")
    assert zoe.count("no answer") == 1
    item = zoe.feed()[0]
    with pytest.raises(requests.ConnectionError):
        zoe.session.post(
            f"{zoe.base}/feed-elements/{item['id']}/capabilities/chatter-likes/items", timeout=10
        )
    with pytest.raises(requests.ConnectionError):
        zoe.session.delete(f"{zoe.base}/feed-elements/{item['id']}", timeout=10)
    demo.set_faults()
    assert zoe.count("no answer") == 0, "the delete went through before the hang-up"


def test_comments_meet_faults_too_and_stay_stored(demo: DemoOrg, zoe: Zoe) -> None:
    item = zoe.feed()[0]
    url = f"{zoe.base}/feed-elements/{item['id']}/capabilities/comments/items"
    demo.set_faults(["truncated"])
    body = {"body": {"messageSegments": [{"type": "Text", "text": "a lost comment"}]}}
    with pytest.raises(requests.exceptions.ChunkedEncodingError):
        zoe.session.post(url, json=body, timeout=10)
    comments = zoe.session.get(url, timeout=10).json()["items"]
    assert [c["body"]["text"] for c in comments].count("a lost comment") == 1


def test_the_rate_and_seed_decide_which_writes_fail(make_demo: Callable[..., DemoOrg]) -> None:
    outcomes = []
    for _ in range(2):
        demo = make_demo(faults=["500"], fault_rate=0.5, fault_seed=3)
        user = Zoe(demo)
        with user.session:
            outcomes.append([user.post(f"try {n}").status_code for n in range(12)])
        assert demo.counters["fault 500"] == outcomes[-1].count(500)
    assert outcomes[0] == outcomes[1]
    assert set(outcomes[0]) == {201, 500}


def test_faults_go_on_and_off_on_a_running_org(demo: DemoOrg, zoe: Zoe) -> None:
    assert zoe.post("healthy").status_code == 201
    demo.set_faults(["500", "503"], rate=1.0)
    assert zoe.post("failing").status_code in (500, 503)
    demo.set_faults(["500"], rate=0.0)
    assert zoe.post("rate zero").status_code == 201
    demo.set_faults()
    assert zoe.post("healthy again").status_code == 201
    with pytest.raises(ValueError, match="unknown fault"):
        demo.set_faults(["timeout"])
    with pytest.raises(ValueError, match="between 0 and 1"):
        demo.set_faults(["500"], rate=1.5)


def test_only_chatter_writes_meet_faults() -> None:
    assert is_chatter_write("POST", "/services/data/v66.0/chatter/feed-elements")
    assert is_chatter_write("delete", "/services/data/v66.0/chatter/likes/0I0x")
    assert is_chatter_write("PATCH", "/services/data/v66.0/connect/organization")
    assert not is_chatter_write("GET", "/services/data/v66.0/chatter/feed-elements")
    assert not is_chatter_write("POST", "/services/oauth2/token")
    assert not is_chatter_write("POST", "/services/oauth2/singleaccess")
    faults = Faults(["500"])
    assert faults.pick("GET", "/services/data/v66.0/chatter/feeds/news/me/feed-elements") is None
    assert faults.pick("POST", "/services/data/v66.0/chatter/feed-elements") == "500"


def test_the_command_line_takes_kinds_and_a_rate() -> None:
    parser = build_parser()
    args = parser.parse_args(["--faults", "truncated,drop-after-write", "--fault-rate", "0.25"])
    assert args.faults == ("truncated", "drop-after-write")
    assert args.fault_rate == 0.25
    assert parse_kinds(",".join(KINDS)) == KINDS
    for bad in (["--faults", "timeout"], ["--faults", "500", "--fault-rate", "2"], ["--fault-rate", "x"]):
        with pytest.raises(SystemExit):
            parser.parse_args(bad)


def test_the_command_line_serves_a_flaky_org() -> None:
    command = [sys.executable, "-m", "desktop_app.demo_org", "--faults", "500"]
    with subprocess.Popen(
        command, cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True
    ) as process:
        try:
            assert process.stdout is not None
            line = json.loads(process.stdout.readline())
            assert line["faults"] == ["500"]
            instance = line["orgs"][0]["instance_url"]
            versions = requests.get(instance + "/services/data/", timeout=10)
            assert versions.status_code == 200, "reads are healthy"
            post = requests.post(instance + API + "/feed-elements", json={}, timeout=10)
            assert post.status_code == 500
            assert post.json()[0]["errorCode"] == "UNKNOWN_EXCEPTION"
        finally:
            process.send_signal(signal.SIGTERM)
            assert process.wait(timeout=20) == 0
    rejected = subprocess.run(
        [sys.executable, "-m", "desktop_app.demo_org", "--fault-rate", "0.5"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert rejected.returncode == 2
    assert "need --faults" in rejected.stderr
