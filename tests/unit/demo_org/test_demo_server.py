"""DemoOrg lifecycle, the command line, and the pure pieces (ids, segments, photos, encoding)."""

from __future__ import annotations

import json
import signal
import socket
import subprocess
import sys
import threading
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
import requests

from desktop_app.demo_org import DemoOrg, ids, photos, render, segments

from .browser_steps import api_session

ROOT = Path(__file__).resolve().parents[3]


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


def test_start_serves_and_stop_closes_every_port() -> None:
    demo = DemoOrg().start()
    urls = [demo.login_url, *(org.instance_url for org in demo.orgs)]
    assert len(set(urls)) == 3
    with requests.Session() as session:
        assert session.get(demo.orgs[0].instance_url + "/services/data/", timeout=10).status_code == 200
        assert session.get(demo.callback_url, timeout=10).status_code == 200
    demo.stop()
    for url in urls:
        port = int(url.rsplit(":", 1)[1])
        with socket.socket() as probe:
            probe.settimeout(2)
            with pytest.raises(ConnectionRefusedError):
                probe.connect(("127.0.0.1", port))
    assert not any(thread.name.startswith("demo-org-") for thread in threading.enumerate())


def test_fixed_port_uses_the_next_ports_for_instances() -> None:
    for _ in range(20):
        port = _free_port()
        try:
            demo = DemoOrg(port=port).start()
        except OSError:
            continue  # a neighbouring port was in use; any run of three free ports will do
        with demo:
            assert demo.login_url == f"http://127.0.0.1:{port}"
            instances = [org.instance_url for org in demo.orgs]
            assert instances == [f"http://127.0.0.1:{port + 1}", f"http://127.0.0.1:{port + 2}"]
        return
    pytest.fail("found no three consecutive free ports")


def test_taken_port_fails_cleanly() -> None:
    with socket.socket() as holder:
        holder.bind(("127.0.0.1", 0))
        holder.listen()
        port = holder.getsockname()[1]
        with pytest.raises(OSError, match="in use"):
            DemoOrg(port=port).start()


def test_binds_loopback_only(demo: DemoOrg) -> None:
    assert all(server.server_address[0] == "127.0.0.1" for server in demo._servers)


def test_concurrent_requests(demo: DemoOrg) -> None:
    grant = demo.grant("zoe@acme.demo")
    statuses: list[int] = []
    lock = threading.Lock()

    def work(number: int) -> None:
        with api_session(grant["access_token"]) as session:
            url = grant["instance_url"] + "/services/data/v66.0/chatter/feed-elements"
            answer = session.post(
                url,
                params={"feedElementType": "FeedItem", "subjectId": "me", "text": f"parallel {number}"},
                timeout=10,
            )
            with lock:
                statuses.append(answer.status_code)

    threads = [threading.Thread(target=work, args=(number,)) for number in range(12)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert statuses == [201] * 12


def test_command_line_prints_the_json_line_and_serves() -> None:
    command = [sys.executable, "-m", "desktop_app.demo_org", "--port", "0", "--chatter-limit", "5"]
    with subprocess.Popen(
        command, cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True
    ) as process:
        try:
            assert process.stdout is not None
            line = json.loads(process.stdout.readline())
            assert set(line) >= {"login_url", "orgs", "client_id"}
            assert [org["name"] for org in line["orgs"]] == ["Acme Demo", "Acme Demo Sandbox"]
            assert all({"name", "instance_url", "org_id"} <= set(org) for org in line["orgs"])
            with requests.Session() as session:
                versions = session.get(line["orgs"][0]["instance_url"] + "/services/data/", timeout=10)
                assert versions.json()[-1]["version"] == "66.0"
                login = session.get(line["login_url"] + "/services/oauth2/success", timeout=10)
                assert login.status_code == 200
        finally:
            process.send_signal(signal.SIGTERM)
            assert process.wait(timeout=20) == 0
            assert process.stderr is not None
            assert "Traceback" not in process.stderr.read()


def test_case_safe_ids() -> None:
    assert ids.case_safe_suffix("001A0000006Vm9r") == "IAC"
    made = ids.make_id(ids.FEED_ITEM, "5g", 123)
    assert len(made) == 18
    assert made.startswith("0D55g")
    assert made[15:] == ids.case_safe_suffix(made[:15])


def test_text_to_segments() -> None:
    kinds = [
        (seg.kind, seg.text) for seg in segments.from_text("#start mid#no (https://a.example/x?y=1). end")
    ]
    assert kinds == [
        ("Hashtag", "#start"),
        ("Text", " mid#no ("),
        ("Link", "https://a.example/x?y=1"),
        ("Text", "). end"),
    ]


def test_relative_dates() -> None:
    now = datetime(2026, 3, 10, 15, 0, tzinfo=UTC)
    assert render.relative(now - timedelta(seconds=5), now) == "Just now"
    assert render.relative(now - timedelta(minutes=7), now) == "7m ago"
    assert render.relative(now - timedelta(hours=3), now) == "3h ago"
    assert render.relative(datetime(2026, 3, 9, 9, 5, tzinfo=UTC), now) == "Yesterday at 9:05 AM"
    assert render.relative(datetime(2026, 1, 2, 13, 30, tzinfo=UTC), now) == "January 2, 2026 at 1:30 PM"
    assert render.iso(datetime(2026, 1, 2, 3, 4, 5, 678_000, tzinfo=UTC)) == "2026-01-02T03:04:05.678Z"


def test_entity_encode_skips_ids_urls_and_tokens() -> None:
    value = {
        "text": "<a href='x'>&\\",
        "id": "a&b",
        "url": "/x?a=1&b=2",
        "smallPhotoUrl": "h?a&b",
        "nextPageToken": "t&",
        "list": ["<"],
        "count": 3,
        "flag": None,
    }
    assert render.entity_encode(value) == {
        "text": "&lt;a href=&#39;x&#39;&gt;&amp;&#92;",
        "id": "a&b",
        "url": "/x?a=1&b=2",
        "smallPhotoUrl": "h?a&b",
        "nextPageToken": "t&",
        "list": ["&lt;"],
        "count": 3,
        "flag": None,
    }


def test_photo_initials_and_fallback() -> None:
    assert photos.initials("Zoë", "Ångström") == "ZA"
    assert photos.initials("美咲", "田中") == ""
    latin = photos.render("a", "Zoë", "Ångström", "1B96FF", 64)
    pattern = photos.render("b", "美咲", "田中", "1B96FF", 64)
    assert latin.startswith(b"\x89PNG")
    assert pattern.startswith(b"\x89PNG")
    assert latin != pattern


def test_make_demo_fixture_gives_independent_orgs(make_demo: Callable[..., DemoOrg]) -> None:
    first, second = make_demo(), make_demo()
    grant = first.grant("zoe@acme.demo")
    with api_session(grant["access_token"]) as session:
        other_host = second.orgs[0].instance_url + "/services/data/v66.0/chatter/users/me"
        assert session.get(other_host, timeout=10).status_code == 401


def test_set_down_refuses_connections_and_comes_back_with_state(make_demo: Callable[..., DemoOrg]) -> None:
    demo = make_demo()
    grant = demo.grant("zoe@acme.demo")
    url = grant["instance_url"] + "/services/data/v66.0/chatter/users/me"
    demo.set_down(True)
    with requests.Session() as session, pytest.raises(requests.ConnectionError):
        session.get(url, timeout=5)
    demo.set_down(False)
    with api_session(grant["access_token"]) as session:
        assert session.get(url, timeout=10).status_code == 200, "tokens survive an outage"
    assert demo.login_url == grant["id"].split("/id/")[0]


def test_request_log_never_shows_tokens(demo: DemoOrg, caplog: pytest.LogCaptureFixture) -> None:
    grant = demo.grant("zoe@acme.demo")
    caplog.set_level("DEBUG")
    with requests.Session() as session:
        session.get(grant["id"], params={"oauth_token": grant["access_token"]}, timeout=10)
        session.get(
            f"{demo.login_url}/services/oauth2/revoke", params={"token": grant["refresh_token"]}, timeout=10
        )
    server_records = [record for record in caplog.records if record.name in ("connect.demo", "werkzeug")]
    assert any("/services/oauth2/revoke" in record.getMessage() for record in server_records)
    for record in server_records:
        assert grant["access_token"] not in record.getMessage()
        assert grant["refresh_token"] not in record.getMessage()
