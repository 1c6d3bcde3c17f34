"""Files in the feed are served: their bytes, PNG renditions, details and inline images, all with a token."""

from __future__ import annotations

import csv
import hashlib
import io
import struct
import zipfile
import zlib

import pytest

from desktop_app.demo_org import DemoOrg

from .feedkinds import DATA, USERS, Element, all_files, elements, fixture, get

BOXES = {"renditionUrl": (120, 90), "renditionUrl240By180": (240, 180), "renditionUrl720By480": (720, 480)}


@pytest.fixture(scope="module")
def feed(demo: DemoOrg) -> list[Element]:
    """The first org's news feed as its first user reads it."""
    return elements(demo.grant(USERS[0]))


def png_size(data: bytes) -> tuple[int, int]:
    """Width and height of a truecolour PNG, after checking every chunk and decoding its pixels."""
    assert data.startswith(b"\x89PNG\r\n\x1a\n")
    position, idat, header = 8, b"", b""
    while position < len(data):
        (length,) = struct.unpack(">I", data[position : position + 4])
        kind, body = data[position + 4 : position + 8], data[position + 8 : position + 8 + length]
        (crc,) = struct.unpack(">I", data[position + 8 + length : position + 12 + length])
        assert crc == zlib.crc32(kind + body) & 0xFFFFFFFF
        header = body if kind == b"IHDR" else header
        idat += body if kind == b"IDAT" else b""
        position += 12 + length
    width, height, depth, colour = struct.unpack(">IIBB", header[:10])
    assert (depth, colour) == (8, 2)
    assert len(zlib.decompress(idat)) == height * (1 + 3 * width)
    return width, height


def _check_format(data: bytes, mime_type: str) -> None:
    if mime_type == "application/pdf":
        assert data.startswith(b"%PDF-1.")
        assert data.rstrip().endswith(b"%%EOF")
        assert data.count(b"/Type /Page ") >= 1
    elif mime_type == "image/png":
        png_size(data)
    elif mime_type == "text/csv":
        rows = list(csv.reader(io.StringIO(data.decode("utf-8"))))
        assert len(rows) > 100
        assert {len(row) for row in rows} == {len(rows[0])}
    elif mime_type == "application/zip":
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            assert archive.testzip() is None
    else:
        assert mime_type == "text/plain"
        assert data.decode("utf-8").strip()


def test_every_file_downloads_with_its_size_type_and_checksum(demo: DemoOrg, feed: list[Element]) -> None:
    grant = demo.grant(USERS[0])
    files = all_files(feed)
    assert {entry["fileExtension"] for entry in files} >= {"pdf", "png", "csv", "txt", "zip"}
    for entry in files:
        assert entry["downloadUrl"] == f"{DATA}/connect/files/{entry['id']}/content?versionNumber=1"
        answer = get(grant, entry["downloadUrl"])
        assert answer.status_code == 200, entry["title"]
        data = answer.content
        assert len(data) == entry["contentSize"] == int(entry["fileSize"])
        assert 1_000 <= len(data) <= 400_000, "a few KB to a few hundred KB"
        assert hashlib.md5(data, usedforsecurity=False).hexdigest() == entry["checksum"]
        assert answer.headers["Content-Type"].split(";")[0] == entry["mimeType"]
        assert "attachment" in answer.headers["Content-Disposition"]
        _check_format(data, entry["mimeType"])
        assert get(grant, entry["downloadUrl"]).content == data, "the same bytes every time"
        cached = get(grant, entry["downloadUrl"], headers={"If-None-Match": answer.headers["ETag"]})
        assert (cached.status_code, cached.content) == (304, b"")


def test_renditions_are_pngs_of_the_documented_sizes(demo: DemoOrg, feed: list[Element]) -> None:
    grant = demo.grant(USERS[0])
    files = all_files(feed)
    for entry in files:
        for key, box in BOXES.items():
            answer = get(grant, entry[key])
            if entry["thumb720By480RenditionStatus"] == "Na":
                assert answer.status_code == 404
                assert answer.json()[0]["errorCode"] == "NOT_FOUND"
                continue
            assert entry["thumb120By90RenditionStatus"] == "Success"
            assert answer.status_code == 200, (entry["title"], key)
            assert answer.headers["Content-Type"] == "image/png"
            assert png_size(answer.content) == box
    assert {entry["thumb720By480RenditionStatus"] for entry in files} == {"Success", "Na"}
    pdf = next(entry for entry in files if entry["fileExtension"] == "pdf")
    assert get(grant, f"{DATA}/connect/files/{pdf['id']}/rendition", type="PDF").content.startswith(b"%PDF")
    assert png_size(get(grant, f"{DATA}/connect/files/{pdf['id']}/rendition").content) == (120, 90)
    bad = get(grant, f"{DATA}/connect/files/{pdf['id']}/rendition", type="THUMB1BY1")
    assert bad.status_code == 400
    assert bad.json()[0]["errorCode"] == "INVALID_API_INPUT"


def test_inline_images_point_at_served_images(demo: DemoOrg, feed: list[Element]) -> None:
    grant = demo.grant(USERS[0])
    images = [
        segment
        for item in feed
        for segment in item["body"]["messageSegments"]
        if segment["type"] == "InlineImage"
    ]
    assert len(images) >= 3
    for image in images:
        data = get(grant, image["url"]).content
        assert len(data) == image["contentSize"]
        assert png_size(data)
        detail = get(grant, f"{DATA}/connect/files/{image['thumbnails']['fileId']}").json()
        assert image["url"].endswith(f"/sobjects/ContentVersion/{detail['contentVersionId']}/VersionData")
        assert get(grant, detail["downloadUrl"]).content == data
        for preview in image["thumbnails"]["previews"]:
            (entry,) = preview["previewUrls"]
            size = {"ThumbnailBig": (720, 480), "Thumbnail": (240, 180)}[preview["format"]]
            assert png_size(get(grant, entry["previewUrl"]).content) == size
        assert get(grant, image["thumbnails"]["url"]).json() == image["thumbnails"]


def test_file_detail_is_the_file_summary_of_the_reference(demo: DemoOrg, feed: list[Element]) -> None:
    grant = demo.grant(USERS[0])
    documented = {
        key
        for key in fixture("file_post.json")["capabilities"]["files"]["items"][0]
        if key not in ("fileSize", "hasImagePreview", "hasPdfPreview", "versionId")
    }
    summary_keys = documented - {"type"} | {
        "createdDate",
        "modifiedDate",
        "name",
        "owner",
        "origin",
        "publishStatus",
        "sharingRole",
        "versionNumber",
        "pageCount",
    }
    for entry in all_files(feed):
        detail = get(grant, entry["url"]).json()
        assert summary_keys <= set(detail)
        assert detail["type"] == "ContentDocument"
        assert (detail["id"], detail["contentSize"], detail["checksum"]) == (
            entry["id"],
            entry["contentSize"],
            entry["checksum"],
        )
        assert detail["owner"]["id"].startswith("005")
        assert detail["contentVersionId"] == entry["versionId"]
        assert detail["versionNumber"] == "1"
        assert detail["pageCount"] >= 1
    old = get(grant, entry["url"].replace("v66.0", "v60.0")).json()
    assert "contentVersionId" not in old, "contentVersionId came in 62.0"
    assert get(grant, entry["url"], versionNumber="2").status_code == 404


def test_files_need_a_token_of_their_own_org(demo: DemoOrg, feed: list[Element]) -> None:
    grant = demo.grant(USERS[0])
    sandbox = demo.grant(USERS[1])
    entry = next(entry for entry in all_files(feed) if entry["fileExtension"] == "png")
    image = next(s for item in feed for s in item["body"]["messageSegments"] if s["type"] == "InlineImage")
    urls = [
        entry["url"],
        entry["downloadUrl"],
        entry["renditionUrl720By480"],
        image["url"],
        image["thumbnails"]["url"],
    ]
    for url in urls:
        for token in ("", "not-a-token", sandbox["access_token"]):
            answer = get(grant, url, token=token)
            assert answer.status_code == 401, (url, token[:4])
            assert answer.json() == [
                {"errorCode": "INVALID_SESSION_ID", "message": "Session expired or invalid"}
            ]
    # The sandbox has files of its own; this org's ids are unknown there.
    on_sandbox = get(sandbox, entry["downloadUrl"])
    assert on_sandbox.status_code == 404
    assert on_sandbox.json()[0]["errorCode"] == "NOT_FOUND"
