"""A demo org with a data directory keeps its data, sign-ins and URLs across restarts, even when killed."""

from __future__ import annotations

import json
import signal
import socket
import subprocess
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
import requests

from .browser_steps import api_session, sign_in

ROOT = Path(__file__).resolve().parents[3]
ZOE = "zoe@acme.demo"
DATA = "/services/data/v66.0"
FEED = f"{DATA}/chatter/feeds/news/me/feed-elements"


@dataclass
class Served:
    """A demo org running as `python -m desktop_app.demo_org`, as its JSON line describes it."""

    process: subprocess.Popen[str]
    line: dict[str, Any]
    login_url: str = field(init=False)
    client_id: str = field(init=False)
    instance_urls: list[str] = field(init=False)

    def __post_init__(self) -> None:
        self.login_url = self.line["login_url"]
        self.client_id = self.line["client_id"]
        self.instance_urls = [org["instance_url"] for org in self.line["orgs"]]

    @property
    def callback_url(self) -> str:
        """The connected app's callback, which sign_in() needs."""
        return f"{self.login_url}/services/oauth2/success"

    def stop(self, how: signal.Signals) -> int:
        """Send the signal and wait for the process to end; its exit status."""
        self.process.send_signal(how)
        return self.process.wait(timeout=30)


@contextmanager
def running(data: Path, *options: str) -> Iterator[Served]:
    """Start the demo org on a data directory; it is killed afterwards if the test left it running."""
    command = [sys.executable, "-m", "desktop_app.demo_org", "--data", str(data), "--port", "0", *options]
    with subprocess.Popen(
        command, cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True
    ) as process:
        try:
            assert process.stdout is not None
            first = process.stdout.readline()
            assert first, process.stderr.read() if process.stderr else "no output"
            yield Served(process, json.loads(first))
        finally:
            if process.poll() is None:
                process.kill()
            process.wait(timeout=30)


def _browser_sign_in(served: Served) -> dict[str, str]:
    with requests.Session() as session:
        return sign_in(session, served, ZOE)  # type: ignore[arg-type]


def _refresh(served: Served, refresh_token: str) -> requests.Response:
    with requests.Session() as session:
        return session.post(
            served.login_url + "/services/oauth2/token",
            data={
                "grant_type": "refresh_token",
                "refresh_token": refresh_token,
                "client_id": served.client_id,
            },
            timeout=10,
        )


def _get(grant: dict[str, str], path: str, token: str | None = None) -> requests.Response:
    with api_session(token or grant["access_token"]) as session:
        return session.get(grant["instance_url"] + path, timeout=10)


def _post(grant: dict[str, str], text: str) -> dict[str, Any]:
    with api_session(grant["access_token"]) as session:
        answer = session.post(
            f"{grant['instance_url']}{DATA}/chatter/feed-elements",
            json={
                "feedElementType": "FeedItem",
                "subjectId": "me",
                "body": {"messageSegments": [{"type": "Text", "text": text}]},
            },
            timeout=10,
        )
    assert answer.status_code == 201, answer.text
    body: dict[str, Any] = answer.json()
    return body


def _feed_dates(grant: dict[str, str]) -> list[tuple[str, str]]:
    elements = _get(grant, f"{FEED}?pageSize=100").json()["elements"]
    return [(element["id"], element["createdDate"]) for element in elements]


@pytest.mark.parametrize("how", [signal.SIGTERM, signal.SIGKILL], ids=["sigterm", "sigkill"])
def test_restart_keeps_urls_tokens_posts_and_revocations(tmp_path: Path, how: signal.Signals) -> None:
    with running(tmp_path) as first:
        kept = _browser_sign_in(first)
        revoked = _browser_sign_in(first)
        posted = _post(kept, "Still here after a restart ✅")
        seeded = _feed_dates(kept)
        with requests.Session() as session:
            answer = session.post(
                first.login_url + "/services/oauth2/revoke",
                data={"token": revoked["refresh_token"]},
                timeout=10,
            )
        assert answer.status_code == 200
        status = first.stop(how)
        assert status == (0 if how == signal.SIGTERM else -signal.SIGKILL)
    with running(tmp_path) as second:
        assert (second.login_url, second.instance_urls) == (first.login_url, first.instance_urls)
        assert kept["id"].startswith(second.login_url + "/id/")
        me = _get(kept, f"{DATA}/chatter/users/me")
        assert me.status_code == 200, "the access token issued before the restart still works"
        assert me.json()["username"] == ZOE
        again = _get(kept, f"{DATA}/chatter/feed-elements/{posted['id']}")
        assert again.status_code == 200
        assert again.json()["body"]["text"] == "Still here after a restart ✅"
        assert again.json()["createdDate"] == posted["createdDate"]
        assert _feed_dates(kept) == seeded, "seeded items keep the times they were given at first start"
        refreshed = _refresh(second, kept["refresh_token"])
        assert refreshed.status_code == 200
        assert _get(kept, f"{DATA}/chatter/users/me", refreshed.json()["access_token"]).status_code == 200
        assert _get(revoked, f"{DATA}/chatter/users/me").status_code == 401
        assert _refresh(second, revoked["refresh_token"]).json()["error"] == "invalid_grant"
        assert second.stop(signal.SIGTERM) == 0


def _timeless(value: Any) -> Any:
    if isinstance(value, dict):
        return {key: _timeless(child) for key, child in value.items() if key != "relativeCreatedDate"}
    if isinstance(value, list):
        return [_timeless(child) for child in value]
    return value


def _every_element(grant: dict[str, str]) -> list[dict[str, Any]]:
    found: list[dict[str, Any]] = []
    url: str | None = f"{FEED}?pageSize=100"
    while url:
        page = _get(grant, url).json()
        found += page["elements"]
        url = page["nextPageUrl"]
    return found


def test_restart_keeps_every_kind_of_element_the_votes_and_the_files(tmp_path: Path) -> None:
    with running(tmp_path) as first:
        grant = _browser_sign_in(first)
        seeded = _every_element(grant)
        poll = next(
            e for e in seeded if e.get("type") == "PollPost" and not e["capabilities"]["poll"]["myChoiceId"]
        )
        choice = poll["capabilities"]["poll"]["choices"][-1]["id"]
        with api_session(grant["access_token"]) as session:
            url = f"{grant['instance_url']}{DATA}/chatter/feed-elements/{poll['id']}/capabilities/poll"
            voted = session.patch(url, json={"myChoiceId": choice}, timeout=10)
        assert voted.status_code == 200
        files = [entry for e in seeded for entry in e["capabilities"].get("files", {}).get("items", [])]
        contents = {entry["id"]: _get(grant, entry["downloadUrl"]).content for entry in files}
        assert first.stop(signal.SIGTERM) == 0
    with running(tmp_path) as second:
        again = _every_element(grant)
        # Everything but the voted poll reads the same, apart from ages ("3m ago") that move with the clock.
        assert [_timeless(e) for e in again if e["id"] != poll["id"]] == [
            _timeless(e) for e in seeded if e["id"] != poll["id"]
        ]
        kept = next(e for e in again if e["id"] == poll["id"])["capabilities"]["poll"]
        assert kept == voted.json(), "the vote is still counted, and still the caller's"
        assert {entry["id"]: _get(grant, entry["downloadUrl"]).content for entry in files} == contents
        assert second.stop(signal.SIGTERM) == 0


def test_reset_starts_afresh(tmp_path: Path) -> None:
    with running(tmp_path) as first:
        grant = _browser_sign_in(first)
        posted = _post(grant, "gone after --reset")
        assert first.stop(signal.SIGTERM) == 0
    with running(tmp_path, "--reset") as second:
        on_new_host = {**grant, "instance_url": second.instance_urls[0]}
        assert _get(on_new_host, f"{DATA}/chatter/users/me").status_code == 401
        assert _refresh(second, grant["refresh_token"]).json()["error"] == "invalid_grant"
        fresh = _browser_sign_in(second)
        assert _get(fresh, f"{DATA}/chatter/feed-elements/{posted['id']}").status_code == 404
        assert len(_feed_dates(fresh)) == 100, "the seeded feed is back"
        assert second.stop(signal.SIGTERM) == 0
    with running(tmp_path) as third:
        assert third.login_url == second.login_url, "the reset directory keeps its new URLs"
        assert third.stop(signal.SIGTERM) == 0


def test_a_taken_stored_port_fails_with_a_clear_message(tmp_path: Path) -> None:
    with running(tmp_path) as first:
        port = int(first.login_url.rsplit(":", 1)[1])
        assert first.stop(signal.SIGTERM) == 0
    with socket.socket() as holder:
        holder.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        holder.bind(("127.0.0.1", port))
        holder.listen()
        command = [sys.executable, "-m", "desktop_app.demo_org", "--data", str(tmp_path), "--port", "0"]
        done = subprocess.run(command, cwd=ROOT, capture_output=True, text=True, timeout=60, check=False)
    assert done.returncode == 1
    assert done.stdout == ""
    assert f"http://127.0.0.1:{port}" in done.stderr
    assert "in use" in done.stderr
    assert "Traceback" not in done.stderr


def test_reset_needs_a_data_directory() -> None:
    command = [sys.executable, "-m", "desktop_app.demo_org", "--reset"]
    done = subprocess.run(command, cwd=ROOT, capture_output=True, text=True, timeout=60, check=False)
    assert done.returncode == 2
    assert "--reset needs --data DIR" in done.stderr
