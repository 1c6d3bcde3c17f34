"""DemoOrg(data_dir=...) in process: what it remembers, what a failed request leaves, memory-only orgs."""

from __future__ import annotations

import socket
import sqlite3
import threading
from pathlib import Path
from typing import Any

import pytest
import requests

from desktop_app.demo_org import DemoOrg, PortInUseError, render
from desktop_app.demo_org.database import FILE_NAME, SchemaError

from .browser_steps import api_session, authorize_params, callback_values, log_in, sign_in

ZOE = "zoe@acme.demo"
DATA = "/services/data/v66.0"
POST = f"{DATA}/chatter/feed-elements"
ME = f"{DATA}/chatter/users/me"


def _post(grant: dict[str, str], text: str) -> requests.Response:
    with api_session(grant["access_token"]) as session:
        return session.post(
            grant["instance_url"] + POST,
            params={"feedElementType": "FeedItem", "subjectId": "me", "text": text},
            timeout=10,
        )


def _get(grant: dict[str, str], path: str) -> requests.Response:
    with api_session(grant["access_token"]) as session:
        return session.get(grant["instance_url"] + path, timeout=10)


def _texts(grant: dict[str, str]) -> list[str]:
    texts: list[str] = []
    url: str | None = f"{grant['instance_url']}{DATA}/chatter/feeds/news/me/feed-elements?pageSize=100"
    with api_session(grant["access_token"]) as session:
        while url:
            page: dict[str, Any] = session.get(url, timeout=10).json()
            # Record updates and bundles are told by their header: their body has no text.
            texts += [element["body"]["text"] or "" for element in page["elements"]]
            url = grant["instance_url"] + page["nextPageUrl"] if page["nextPageUrl"] else None
    return texts


def test_restart_in_process_keeps_secret_approvals_and_concurrent_posts(tmp_path: Path) -> None:
    with DemoOrg(data_dir=tmp_path) as first:
        secret, login_url = first.consumer_secret, first.login_url
        with requests.Session() as browser:
            grant = sign_in(browser, first, ZOE)
        threads = [threading.Thread(target=_post, args=(grant, f"parallel {n}")) for n in range(12)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
    with DemoOrg(data_dir=tmp_path) as second:
        assert (second.consumer_secret, second.login_url) == (secret, login_url)
        assert second.is_refresh_token_valid(grant["refresh_token"])
        assert sorted(text for text in _texts(grant) if text.startswith("parallel ")) == sorted(
            f"parallel {n}" for n in range(12)
        )
        with requests.Session() as browser:
            answer = log_in(browser, second, authorize_params(second), ZOE)
        values = callback_values(answer)
        assert _get(values, ME).status_code == 200, "the approval given before the restart still counts"


def test_token_ttl_counts_wall_time_from_the_stored_issue_time(tmp_path: Path) -> None:
    with DemoOrg(data_dir=tmp_path) as first:
        grant = first.grant(ZOE)
    with DemoOrg(data_dir=tmp_path, token_ttl=3600) as second:
        assert _get(grant, ME).status_code == 200
        assert second.is_refresh_token_valid(grant["refresh_token"])
    with DemoOrg(data_dir=tmp_path, token_ttl=1e-6):
        assert _get(grant, ME).status_code == 401, "issued before the restart, long past a microsecond"


def test_a_request_that_fails_midway_writes_nothing(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    with DemoOrg(data_dir=tmp_path) as demo:
        grant = demo.grant(ZOE)
        before = _texts(grant)

        def fail(*args: object) -> dict[str, Any]:
            raise RuntimeError("rendering failed after the post was written")

        monkeypatch.setattr(render, "feed_item", fail)
        assert _post(grant, "half-written?").status_code == 500
        monkeypatch.undo()
        assert _texts(grant) == before
        assert _post(grant, "whole").status_code == 201
    with DemoOrg(data_dir=tmp_path) as again:
        assert _texts(again.grant(ZOE)) == ["whole", *before]


def test_reset_in_process_forgets_everything(tmp_path: Path) -> None:
    with DemoOrg(data_dir=tmp_path) as first:
        grant = first.grant(ZOE)
        assert _post(grant, "before the reset").status_code == 201
    with DemoOrg(data_dir=tmp_path, reset=True) as second:
        assert not second.is_refresh_token_valid(grant["refresh_token"])
        assert "before the reset" not in _texts(second.grant(ZOE))


def test_a_taken_stored_port_raises_rather_than_moving(tmp_path: Path) -> None:
    with DemoOrg(data_dir=tmp_path) as first:
        port = int(first.orgs[1].instance_url.rsplit(":", 1)[1])
    with socket.socket() as holder:
        holder.bind(("127.0.0.1", port))
        holder.listen()
        with pytest.raises(PortInUseError, match=str(tmp_path)):
            DemoOrg(data_dir=tmp_path).start()
    with DemoOrg(data_dir=tmp_path) as again:
        assert again.orgs[1].instance_url == first.orgs[1].instance_url


def test_a_data_directory_keeps_its_first_ports_whatever_port_is_asked(tmp_path: Path) -> None:
    with DemoOrg(data_dir=tmp_path) as first:
        chosen = first.login_url
    with DemoOrg(data_dir=tmp_path, port=1) as second:
        assert second.login_url == chosen


def test_memory_only_org_writes_no_file_and_forgets(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    with DemoOrg() as first:
        grant = first.grant(ZOE)
        assert _post(grant, "only in memory").status_code == 201
        assert "only in memory" in _texts(grant)
    with DemoOrg() as second:
        assert not second.is_refresh_token_valid(grant["refresh_token"])
        assert "only in memory" not in _texts(second.grant(ZOE))
    assert list(tmp_path.iterdir()) == []


def test_state_is_unavailable_before_start() -> None:
    demo = DemoOrg()
    assert demo.orgs == []
    assert demo.users == []
    with pytest.raises(RuntimeError, match="not been started"):
        demo.grant(ZOE)


def test_data_of_another_schema_is_refused_not_misread(tmp_path: Path) -> None:
    with DemoOrg(data_dir=tmp_path):
        pass
    with sqlite3.connect(tmp_path / FILE_NAME) as conn:
        conn.execute("UPDATE meta SET value = '0' WHERE key = 'schema_version'")
    conn.close()
    with pytest.raises(SchemaError, match="--reset"):
        DemoOrg(data_dir=tmp_path).start()
    with DemoOrg(data_dir=tmp_path, reset=True) as fresh:
        assert fresh.grant(ZOE)["access_token"]


def test_data_of_the_first_schema_is_refused_and_left_as_it_was(tmp_path: Path) -> None:
    # What the first schema's start left: its tables, without the columns and tables of the feed's kinds.
    with sqlite3.connect(tmp_path / FILE_NAME) as conn:
        conn.executescript(
            "CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);"
            "INSERT INTO meta VALUES ('schema_version', '1');"
            "CREATE TABLE items (item_id TEXT PRIMARY KEY, org_id TEXT NOT NULL, actor_id TEXT NOT NULL,"
            " parent_id TEXT NOT NULL, created_ms INTEGER NOT NULL, modified_ms INTEGER NOT NULL,"
            " segments TEXT NOT NULL, app_name TEXT);"
        )
    conn.close()
    before = (tmp_path / FILE_NAME).read_bytes()
    with pytest.raises(SchemaError, match="schema 1, not 2"):
        DemoOrg(data_dir=tmp_path).start()
    assert (tmp_path / FILE_NAME).read_bytes() == before
