"""Files on a new post: attach (dialog or drop), sizes checked first, upload with progress and Cancel,
failures that keep the text and the files, and a post that carries them."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QMimeData, QUrl
from PySide6.QtWidgets import QLabel
from pytestqt.qtbot import QtBot

from desktop_app.api.errors import Timeout
from desktop_app.api.models import FeedItem
from desktop_app.api.uploads import UploadFile
from desktop_app.auth.account import Account
from desktop_app.demo_org import DemoOrg
from desktop_app.ui.app.apiworker import ApiOutcome, ApiService, Lane
from desktop_app.ui.composer.attachments import upload_failure
from desktop_app.ui.composer.composer import Composer
from tests.ui.conftest import AccountBook
from tests.ui.windowing import shoot

WAIT = 15_000


@pytest.fixture
def composer(qtbot: QtBot, api_service: ApiService, demo_account: Account) -> Iterator[Composer]:
    widget = Composer(api_service)
    qtbot.addWidget(widget)
    widget.resize(560, 260)
    widget.show()
    widget.set_account(demo_account.key)
    yield widget
    qtbot.wait_until(lambda: not api_service.busy, timeout=WAIT)


def names(composer: Composer) -> list[str]:
    return [label.text() for label in composer.attachments.findChildren(QLabel) if " · " in label.text()]


def test_attach_shows_name_and_size_and_refuses_what_cannot_go(composer: Composer, tmp_path: Path) -> None:
    small = tmp_path / "notes.txt"
    small.write_bytes(b"x" * 1536)
    huge = tmp_path / "disk.img"
    with huge.open("wb") as out:
        out.truncate(3 * 1024**3)  # sparse: the size is there without the bytes
    empty = tmp_path / "empty.txt"
    empty.touch()
    composer.attach([str(small), str(huge), str(empty), str(small)])
    assert [item.name for item in composer.attachments.items] == ["notes.txt"]
    assert names(composer) == ["notes.txt · 1.5 KB"]
    assert "disk.img is 3.0 GB" in composer.error_text
    assert "empty.txt is empty" in composer.error_text


def test_dropped_files_are_attached(composer: Composer, tmp_path: Path) -> None:
    dropped = tmp_path / "photo.png"
    dropped.write_bytes(b"\x89PNG....")
    source = QMimeData()
    source.setUrls([QUrl.fromLocalFile(str(dropped))])
    assert composer.editor.canInsertFromMimeData(source)
    composer.editor.insertFromMimeData(source)
    assert [item.path for item in composer.attachments.items] == [str(dropped)]
    assert composer.text == ""


def test_post_with_files_uploads_them_first_then_clears(
    qtbot: QtBot, composer: Composer, tmp_path: Path
) -> None:
    first = tmp_path / "a.txt"
    first.write_bytes(b"alpha")
    second = tmp_path / "b.csv"
    second.write_bytes(b"1,2,3")
    composer.attach([str(first), str(second)])
    composer.set_text("Two files for you")
    with qtbot.wait_signal(composer.posted, timeout=WAIT) as posted:
        composer.submit()
    item = posted.args[0]
    assert isinstance(item, FeedItem)
    assert [f.title for f in item.capabilities.files] == ["a", "b"]
    assert composer.attachments.items == []
    assert composer.text == ""


def test_failed_upload_keeps_text_and_files(
    qtbot: QtBot, composer: Composer, demo: DemoOrg, tmp_path: Path
) -> None:
    path = tmp_path / "report.txt"
    path.write_bytes(b"report")
    composer.attach([str(path)])
    composer.set_text("Report attached")
    demo.set_faults(["500"])
    try:
        composer.submit()
        qtbot.wait_until(lambda: "Couldn't upload report.txt" in composer.error_text, timeout=WAIT)
    finally:
        demo.set_faults([])
    assert composer.text == "Report attached"
    assert [item.name for item in composer.attachments.items] == ["report.txt"]
    assert "Your text and files are kept" in composer.error_text
    with qtbot.wait_signal(composer.posted, timeout=WAIT) as posted:
        composer.submit()
    assert [f.title for f in posted.args[0].capabilities.files] == ["report"]


def _draft_with_file(composer: Composer, path: Path, data: bytes, text: str) -> str:
    """The composer holding ``text`` and the file ``path`` (written with ``data``); the account's key."""
    key = composer.attachments.account_key
    assert key is not None
    path.write_bytes(data)
    composer.attach([str(path)])
    composer.set_text(text)
    return key


def _one_stored_and_posted(account_book: AccountBook, key: str, title: str, post: FeedItem) -> None:
    """The org holds one file with this title, and the post carries exactly it."""
    stored = _files_titled(account_book, key, title)
    assert len(stored) == 1
    assert [f.id for f in post.capabilities.files] == stored


def _files_titled(account_book: AccountBook, key: str, title: str) -> list[str]:
    """The ids of the person's files with this title, as the org lists them."""
    client = account_book.client(key)
    try:
        answer = client.request("GET", client.data_url("/connect/files/users/me"), params={"pageSize": 100})
        return [f["id"] for f in answer.json()["files"] if f["title"] == title]
    finally:
        client.close()


@pytest.mark.parametrize("kind", ["drop-after-write", "truncated"])
def test_an_upload_whose_answer_was_lost_is_found_not_stored_twice(
    qtbot: QtBot, composer: Composer, demo: DemoOrg, account_book: AccountBook, *, tmp_path: Path, kind: str
) -> None:
    path = tmp_path / f"minutes-{kind}.txt"
    key = _draft_with_file(composer, path, b"Minutes of the Tuesday meeting", f"Minutes attached ({kind})")
    demo.set_faults([kind])
    faults = demo.counters[f"fault {kind}"]
    try:
        with qtbot.wait_signal(composer.posted, timeout=WAIT) as posted:
            composer.submit()
    finally:
        demo.set_faults([])
    # Both the upload's answer and the post's were lost; each was looked for and found, neither sent twice.
    assert demo.counters[f"fault {kind}"] == faults + 2
    _one_stored_and_posted(account_book, key, f"minutes-{kind}", posted.args[0])
    client = account_book.client(key)
    try:
        page = client.news_feed(None, 50)
    finally:
        client.close()
    assert sum(1 for item in page.items if item.body_text == f"Minutes attached ({kind})") == 1


def test_an_upload_the_org_failed_is_looked_for_then_said_not_stored(
    qtbot: QtBot, composer: Composer, demo: DemoOrg, account_book: AccountBook, tmp_path: Path
) -> None:
    key = _draft_with_file(composer, tmp_path / "agenda.txt", b"1. Budget", "Agenda")
    demo.set_faults(["500"])
    try:
        composer.submit()
        qtbot.wait_until(lambda: "The org doesn't have it" in composer.error_text, timeout=WAIT)
    finally:
        demo.set_faults([])
    assert composer.error_text.startswith("Couldn't upload agenda.txt:")
    assert _files_titled(account_book, key, "agenda") == []
    assert composer.attachments.items[0].sent_at is None  # known not stored: the retry sends it at once
    with qtbot.wait_signal(composer.posted, timeout=WAIT) as posted:
        composer.submit()
    _one_stored_and_posted(account_book, key, "agenda", posted.args[0])


def test_a_lost_upload_that_cannot_be_looked_for_is_kept_and_looked_for_at_the_retry(
    qtbot: QtBot, composer: Composer, account_book: AccountBook, tmp_path: Path
) -> None:
    key = _draft_with_file(composer, tmp_path / "budget.txt", b"Budget 2027", "Budget")
    # As left by an upload whose answer was lost and whose check could not be made: the retry looks first.
    composer.attachments.items[0].sent_at = datetime.now(UTC)
    lost = Timeout(None, "timeout", "no answer", "https://example.invalid", maybe_applied=True)
    assert "Retry looks for it there" in upload_failure(lost, "budget.txt")
    shoot(composer, "composer-upload-answer-lost")
    with qtbot.wait_signal(composer.posted, timeout=WAIT) as posted:
        composer.submit()
    _one_stored_and_posted(account_book, key, "budget", posted.args[0])


def test_upload_shows_progress_and_cancel_stops_it_keeping_everything(
    qtbot: QtBot, composer: Composer, api_service: ApiService, account_book: AccountBook, tmp_path: Path
) -> None:
    demo = account_book.demo
    demo_account = next(iter(account_book.accounts.values()))
    warm = tmp_path / "warm.txt"
    warm.write_text("warm")
    done: list[ApiOutcome[Any]] = []
    # The transfer worker learns the API version first: afterwards the org is held still without blocking it.
    api_service.call(demo_account.key, UploadFile(str(warm)), lane=Lane.DOWNLOAD, on_done=done.append)
    qtbot.wait_until(lambda: bool(done), timeout=WAIT)
    big = tmp_path / "video.mp4"
    with big.open("wb") as out:
        out.write(b"\0" * (48 * 1024 * 1024))
    edit = composer.editor
    composer.set_text("Watch this clip")
    cursor = edit.textCursor()
    cursor.setPosition(6)
    cursor.setPosition(10, cursor.MoveMode.KeepAnchor)
    edit.setTextCursor(cursor)
    composer.format_bar.bold.trigger()
    cursor.movePosition(cursor.MoveOperation.End)
    edit.setTextCursor(cursor)
    composer.attach([str(big)])
    tray = composer.attachments
    with demo.state.db.lock:  # the org takes no request now: the upload stalls part way
        composer.submit()
        qtbot.wait_until(lambda: tray.uploading and tray.bar.value() > 0, timeout=WAIT)
        assert tray.bar.isVisible()
        assert tray.cancel_button.isVisible()
        assert composer._button.text() == "Uploading…"
        assert composer.busy
        shoot(composer, "actions-composer-uploading")
        tray.cancel_button.click()
    qtbot.wait_until(lambda: "Upload stopped" in composer.error_text, timeout=WAIT)
    assert not tray.uploading
    assert composer.text == "Watch this clip"
    assert [item.name for item in tray.items] == ["video.mp4"]
    assert tray.items[0].file_id is None
    assert any(run.bold for run in edit.blocks()[0].runs)


def test_the_org_caps_the_files_on_a_post(qtbot: QtBot, composer: Composer, tmp_path: Path) -> None:
    paths = []
    for number in range(11):
        path = tmp_path / f"f{number}.txt"
        path.write_text(str(number))
        paths.append(str(path))
    composer.attach(paths[:1])
    qtbot.wait_until(
        lambda: composer.attachments.limit == 10 and not composer.attachments.over_limit, timeout=WAIT
    )
    composer.attach(paths[1:])
    assert len(composer.attachments.items) == 10
    assert "up to 10 files here; f10.txt was left out" in composer.error_text
