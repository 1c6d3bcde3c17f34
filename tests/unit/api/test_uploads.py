"""Uploading files and posting with them: the streamed multipart body, the demo org's answers, Cancel."""

from __future__ import annotations

import io
import json
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from werkzeug.formparser import parse_form_data

from desktop_app.api.client import ConnectClient
from desktop_app.api.elementops import freeze_segments, segments_input, without_hyperlinks
from desktop_app.api.errors import ApiError
from desktop_app.api.multipart import FileChanged, MultipartBody, UploadCancelled
from desktop_app.api.operations import DownloadFile
from desktop_app.api.segments import segments_for
from desktop_app.api.uploads import (
    MAX_UPLOAD_BYTES,
    FindMyUpload,
    PostFileLimit,
    PostMessage,
    UploadFile,
    human_size,
    size_problem,
    upload_title,
)

from .conftest import Offline, ScriptedServer, Signed, json_reply


def _parse(body: MultipartBody, raw: bytes) -> tuple[dict[str, str], dict[str, tuple[str, bytes]]]:
    environ = {
        "REQUEST_METHOD": "POST",
        "CONTENT_TYPE": body.content_type,
        "CONTENT_LENGTH": str(len(raw)),
        "wsgi.input": io.BytesIO(raw),
    }
    _stream, form, files = parse_form_data(environ)
    out: dict[str, tuple[str, bytes]] = {}
    for name, storage in files.items():
        out[name] = (storage.filename or "", storage.read())
        storage.close()
    return dict(form), out


@settings(max_examples=60, deadline=None)
@given(
    data=st.binary(max_size=5000),
    name=st.text(
        st.characters(exclude_categories=("Cs",), exclude_characters="\x00/\\"), min_size=1, max_size=30
    ),
    title=st.text(max_size=30),
    sizes=st.lists(st.integers(1, 9000), min_size=1, max_size=8),
)
def test_body_is_exactly_its_length_and_parses_back(
    data: bytes, name: str, title: str, sizes: list[int]
) -> None:
    body = MultipartBody({"title": title}, io.BytesIO(data), len(data), name)
    pieces: list[bytes] = []
    index = 0
    while piece := body.read(sizes[index % len(sizes)]):
        assert len(piece) <= sizes[index % len(sizes)]
        pieces.append(piece)
        index += 1
    raw = b"".join(pieces)
    assert len(raw) == len(body) == body.position
    form, files = _parse(body, raw)
    assert files["fileData"][1] == data
    assert form["json"] == json.dumps({"title": title}, ensure_ascii=False)
    assert b"\r\n--" + body.boundary.encode() + b"--\r\n" == raw[-len(body.boundary) - 8 :]


def test_progress_counts_up_to_the_total_and_can_cancel() -> None:
    data = b"x" * 200_000
    seen: list[tuple[int, int]] = []

    def progress(sent: int, total: int) -> bool:
        seen.append((sent, total))
        return sent < 100_000

    body = MultipartBody({}, io.BytesIO(data), len(data), "a.bin", progress=progress)
    with pytest.raises(UploadCancelled):
        for _piece in body:
            pass
    assert [sent for sent, _ in seen] == sorted(sent for sent, _ in seen)
    assert all(total == len(body) for _, total in seen)
    assert seen[-1][0] >= 100_000


def test_a_file_that_shrinks_is_not_sent_short() -> None:
    body = MultipartBody({}, io.BytesIO(b"abc"), 10, "a.txt")
    with pytest.raises(FileChanged):
        b"".join(body)


def test_sizes_for_people() -> None:
    assert human_size(812) == "812 bytes"
    assert human_size(1536) == "1.5 KB"
    assert human_size(3 * 1024**3) == "3.0 GB"
    assert size_problem("a.txt", 10) is None
    assert "empty" in (size_problem("a.txt", 0) or "")
    problem = size_problem("big.iso", MAX_UPLOAD_BYTES)
    assert problem is not None
    assert "2.0 GB" in problem
    assert "big.iso" in problem


def test_upload_then_post_then_download_the_same_bytes(zoe: Signed, tmp_path: Path) -> None:
    client = zoe.client()
    source = tmp_path / "Quarterly plan.txt"
    data = ("Plan line\n" * 5000).encode()
    source.write_bytes(data)
    operation = UploadFile(str(source))
    stored = operation.run(client)
    assert stored.id
    assert stored.id.startswith("069")
    assert stored.title == "Quarterly plan"
    assert stored.size_bytes == len(data)
    assert operation.progress.fraction == 1.0
    post = PostMessage(freeze_segments(segments_for("Here is the plan")), "me", (stored.id,)).run(client)
    assert [f.id for f in post.capabilities.files] == [stored.id]
    shown = next(item for item in client.news_feed().items if item.id == post.id)
    attachment = shown.capabilities.files[0]
    assert attachment.download_url
    target = tmp_path / "copy.txt"
    DownloadFile(attachment.download_url, str(target)).run(client)
    assert target.read_bytes() == data


def test_cancelled_upload_stores_nothing(zoe: Signed, tmp_path: Path) -> None:
    client = zoe.client()
    source = tmp_path / "big.bin"
    source.write_bytes(b"\0" * 2_000_000)
    before = len(zoe.demo.state.orgs[0].files)
    operation = UploadFile(str(source))
    operation.progress.cancel()
    with pytest.raises(UploadCancelled):
        operation.run(client)
    assert len(zoe.demo.state.orgs[0].files) == before


def test_org_limit_is_refused_with_words(zoe: Signed, tmp_path: Path) -> None:
    zoe.demo.config.max_upload_bytes = 10_000
    source = tmp_path / "big.bin"
    source.write_bytes(b"1" * 20_000)
    with pytest.raises(ApiError) as raised:
        UploadFile(str(source)).run(zoe.client())
    assert raised.value.status == 400
    assert raised.value.error_code == "FILE_SIZE_LIMIT_EXCEEDED"
    assert "too large" in raised.value.user_message


def test_app_limit_is_checked_before_sending(zoe: Signed, tmp_path: Path) -> None:
    source = tmp_path / "big.bin"
    source.write_bytes(b"1" * 20_000)
    with pytest.raises(ApiError) as raised:
        UploadFile(str(source), limit=10_000).run(zoe.client())
    assert raised.value.error_code == "file_too_large"
    assert "big.bin" in raised.value.user_message


def test_missing_file_says_so(zoe: Signed, tmp_path: Path) -> None:
    with pytest.raises(ApiError) as raised:
        UploadFile(str(tmp_path / "gone.txt")).run(zoe.client())
    assert "gone.txt" in raised.value.user_message


def test_post_with_an_unknown_file_is_refused(zoe: Signed) -> None:
    with pytest.raises(ApiError) as raised:
        PostMessage(freeze_segments(segments_for("x")), "me", ("069000000000000AAA",)).run(zoe.client())
    assert raised.value.status == 400


def test_hyperlinks_become_links_for_orgs_before_45() -> None:
    segments = freeze_segments(
        [
            {"type": "Text", "text": "See "},
            {"type": "MarkupBegin", "markupType": "Hyperlink", "url": "https://x.org", "altText": "docs"},
            {"type": "Text", "text": "docs"},
            {"type": "MarkupEnd", "markupType": "Hyperlink"},
        ]
    )
    assert segments_input(without_hyperlinks(segments)) == [
        {"type": "Text", "text": "See "},
        {"type": "Text", "text": "docs"},
        {"type": "Text", "text": " ("},
        {"type": "Link", "url": "https://x.org"},
        {"type": "Text", "text": ")"},
    ]


def test_the_org_says_how_many_files_a_post_takes(zoe: Signed) -> None:
    assert PostFileLimit().run(zoe.client()) == 10


@pytest.mark.parametrize(
    ("features", "limit"),
    [
        ({"files": True, "maxFilesPerFeedItem": 3}, 3),
        ({"files": False, "maxFilesPerFeedItem": 10}, 0),
        ({"maxFilesPerFeedItem": 25}, 10),
        (None, 10),
    ],
)
def test_an_org_with_fewer_or_no_files_says_so(
    scripted: ScriptedServer, offline_account: Callable[..., Offline], features: object, limit: int
) -> None:
    scripted.answer("/services/data/v66.0/connect/organization", json_reply({"features": features}))
    offline = offline_account(scripted.url)
    with ConnectClient(offline.account, offline.credentials) as client:
        assert PostFileLimit().run(client) == limit


def test_an_upload_that_meets_an_expired_token_is_sent_whole_again(zoe: Signed, tmp_path: Path) -> None:
    client = zoe.client()
    source = tmp_path / "notes.bin"
    data = bytes(range(256)) * 400
    source.write_bytes(data)
    client.me()  # the session is up before the token runs out
    zoe.demo.expire_access_tokens()
    stored = UploadFile(str(source)).run(client)
    assert stored.size_bytes == len(data)
    post = PostMessage(freeze_segments(segments_for("Notes")), "me", (stored.id,)).run(client)
    target = tmp_path / "copy.bin"
    DownloadFile(post.capabilities.files[0].download_url or "", str(target)).run(client)
    assert target.read_bytes() == data


def test_a_rewound_body_gives_the_same_bytes_again() -> None:
    data = b"0123456789" * 1000
    body = MultipartBody({"title": "t"}, io.BytesIO(data), len(data), "t.txt")
    first = b"".join(body)
    body.rewind()
    assert b"".join(body) == first


def test_an_upload_whose_answer_was_lost_is_found_by_title_size_and_time(zoe: Signed, tmp_path: Path) -> None:
    client = zoe.client()
    source = tmp_path / "Board minutes.txt"
    source.write_bytes(b"Minutes: approved")
    sent_at = datetime.now(UTC)
    stored = UploadFile(str(source)).run(client)
    size = len(b"Minutes: approved")
    found = FindMyUpload(upload_title(str(source)), size, sent_at).run(client)
    assert found is not None
    assert found.id == stored.id
    assert FindMyUpload("Board minutes", size + 1, sent_at).run(client) is None
    assert FindMyUpload("Board minutes", size, sent_at, frozenset({stored.id or ""})).run(client) is None
    # Made long before the send (an older file of the same name and size) is not the lost upload.
    assert FindMyUpload("Board minutes", size, sent_at + timedelta(hours=1)).run(client) is None


def test_the_files_list_is_read_as_real_orgs_send_it(
    scripted: ScriptedServer, offline_account: Callable[..., Offline]
) -> None:
    path = "/services/data/v66.0/connect/files/users/me"
    sent_at = datetime(2026, 12, 3, 10, 0, tzinfo=UTC)
    summary = {
        "id": "069A",
        "title": "Q&amp;A notes",
        "contentSize": 12,
        "modifiedDate": "2026-12-03T10:00:05.000Z",
    }
    scripted.answer(
        path,
        json_reply(
            {
                "files": [
                    None,
                    "not a file",
                    {
                        "id": "069B",
                        "title": "Q&A notes",
                        "contentSize": 12,
                        "createdDate": "2026-12-03T09:00:00.000Z",
                    },
                    summary,
                    {"id": "069C", "title": "Q&A notes", "contentSize": 12, "createdDate": "nonsense"},
                ],
                "nextPageUrl": None,
            }
        ),
        json_reply({"files": None}),
        json_reply([]),
    )
    offline = offline_account(scripted.url)
    with ConnectClient(offline.account, offline.credentials) as client:
        client.decode_entities = True
        found = FindMyUpload("Q&A notes", 12, sent_at).run(client)
        assert found is not None
        assert found.id == "069A"  # before API 41.0 a File Summary has no createdDate: modifiedDate stands in
        assert FindMyUpload("Q&A notes", 12, sent_at).run(client) is None
        assert FindMyUpload("Q&A notes", 12, sent_at).run(client) is None
    assert scripted.requests_to(path)[0].query == "pageSize=50"
