"""The typed operations behind a feed row's vote and download buttons, against a scripted loopback server."""

from __future__ import annotations

import json
import os
import threading
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from desktop_app.api.client import ConnectClient
from desktop_app.api.errors import ApiError, Forbidden
from desktop_app.api.operations import DownloadFile, DownloadProgress, VotePoll

from . import fixtures
from .conftest import Offline, ScriptedServer, json_reply

FILE_PATH = "/services/data/v66.0/chatter/files/0694x00001Q3PdfAAA/content"
FILE_URL = f"{FILE_PATH}?versionNumber=1"
POLL_PATH = "/services/data/v66.0/chatter/feed-elements/0D54x00000PollAAAA/capabilities/poll"


@pytest.fixture
def client(scripted: ScriptedServer, offline_account: Callable[..., Offline]) -> Iterator[ConnectClient]:
    offline = offline_account(scripted.url)
    made = ConnectClient(offline.account, offline.credentials)
    yield made
    made.close()


def test_vote_poll_patches_the_choice_and_returns_the_poll(
    scripted: ScriptedServer, client: ConnectClient
) -> None:
    answer = fixtures.element("poll")["capabilities"]["poll"]
    answer["myChoiceId"] = "09A4x0000008pZcEAI"
    scripted.answer(POLL_PATH, json_reply(answer))
    poll = VotePoll("0D54x00000PollAAAA", "09A4x0000008pZcEAI").run(client)
    assert poll.my_choice_id == "09A4x0000008pZcEAI"
    (seen,) = scripted.requests_to(POLL_PATH)
    assert (seen.method, json.loads(seen.body)) == ("PATCH", {"myChoiceId": "09A4x0000008pZcEAI"})
    assert VotePoll("a", "b") == VotePoll("a", "b")  # operations stay hashable values


def test_a_download_streams_to_the_path_and_reports_progress(
    scripted: ScriptedServer, client: ConnectClient, tmp_path: Path
) -> None:
    served = os.urandom(200_003)
    scripted.answer(FILE_PATH, (200, {"Content-Type": "application/octet-stream"}, served))
    target = tmp_path / "Q3.pdf"
    operation = DownloadFile(FILE_URL, str(target))
    assert operation.progress.fraction == -1.0
    result = operation.run(client)
    assert (result.path, result.size, result.complete) == (str(target), len(served), True)
    assert target.read_bytes() == served
    assert operation.progress.fraction == 1.0
    assert operation.progress.received == len(served)
    assert [path.name for path in tmp_path.iterdir()] == ["Q3.pdf"]
    (seen,) = scripted.requests_to(FILE_PATH)
    assert seen.query == "versionNumber=1"
    assert seen.headers["Authorization"].startswith("Bearer ")
    assert DownloadFile("u", "p") == DownloadFile("u", "p")  # progress is not part of the value


def test_a_cancelled_download_leaves_no_file_and_keeps_an_old_one(
    scripted: ScriptedServer, client: ConnectClient, tmp_path: Path
) -> None:
    scripted.answer(FILE_PATH, (200, {}, os.urandom(500_000)))
    target = tmp_path / "Q3.pdf"
    target.write_bytes(b"the old version")
    progress = DownloadProgress()
    progress.cancel()
    result = DownloadFile(FILE_URL, str(target), progress).run(client)
    assert not result.complete
    assert target.read_bytes() == b"the old version"
    assert [path.name for path in tmp_path.iterdir()] == ["Q3.pdf"]


def test_a_download_stopped_while_waiting_for_the_server_stops_at_the_first_chunk(
    scripted: ScriptedServer, client: ConnectClient, tmp_path: Path
) -> None:
    scripted.answer(FILE_PATH, (200, {}, os.urandom(500_000)))
    scripted.hold.add(FILE_PATH)
    operation = DownloadFile(FILE_URL, str(tmp_path / "late.bin"))
    outcome: list[object] = []
    worker = threading.Thread(target=lambda: outcome.append(operation.run(client)))
    worker.start()
    operation.progress.cancel()
    scripted.release.set()
    worker.join(10)
    (result,) = outcome
    assert getattr(result, "complete", True) is False
    assert list(tmp_path.iterdir()) == []


def test_failures_are_api_errors_and_leave_nothing(
    scripted: ScriptedServer, client: ConnectClient, tmp_path: Path
) -> None:
    refused = [{"errorCode": "INSUFFICIENT_ACCESS", "message": "no access"}]
    scripted.answer(FILE_PATH, json_reply(refused, status=403))
    with pytest.raises(Forbidden):
        DownloadFile(FILE_URL, str(tmp_path / "a.pdf")).run(client)
    scripted.answer(FILE_PATH, (200, {}, b"bytes"))
    with pytest.raises(ApiError, match="foreign") as foreign:
        DownloadFile("https://files.example.com/x", str(tmp_path / "b.pdf")).run(client)
    assert foreign.value.error_code == "foreign_host"
    with pytest.raises(ApiError) as unwritable:
        DownloadFile(FILE_URL, str(tmp_path / "no such folder" / "c.pdf")).run(client)
    assert unwritable.value.error_code == "write_failed"
    assert "couldn't be saved" in unwritable.value.user_message
    assert list(tmp_path.iterdir()) == []
