"""Files on an instance host: a file's detail, its bytes, PNG renditions, previews and version data.

Like every data resource these need the caller's bearer token (401 without it); files resources are not
Chatter resources (since 36.0), so they count toward the org's API calls but not the hourly Chatter
limit. Bytes carry an ETag (the file's MD5) and may be cached privately, as renditions are metered.
"""

from __future__ import annotations

import sqlite3
from urllib.parse import quote

from flask import Flask, Response, request

from . import filecontent, files, uploads
from .host import NOT_FOUND, Host, error_body, reply
from .models import StoredFile
from .view import View

NO_RENDITION = "There is no rendition of this type for this file."


class FileViews:
    """The file views of one instance host."""

    def __init__(self, host: Host) -> None:
        self.host = host
        self.state = host.state

    def _open(self, version: str, file_id: str) -> tuple[View, StoredFile] | Response:
        """The caller's view and the file, or the error to answer with (call inside a transaction)."""
        user = self.host.guard(version, chatter=False)
        if isinstance(user, Response):
            return user
        stored = self.host.org.files.get(file_id)
        if stored is None:
            return error_body(404, "NOT_FOUND", NOT_FOUND)
        return View(self.host.org, user.user_id, version, self.state.now()), stored

    def detail(self, version: str, file_id: str) -> Response:
        """GET /connect/files/{id}: File Detail."""
        with self.state.db.transaction():
            opened = self._open(version, file_id)
            if isinstance(opened, Response):
                return opened
            if request.args.get("versionNumber", "1") != "1":
                return error_body(404, "NOT_FOUND", NOT_FOUND)
            return reply(files.file_detail(opened[1], opened[0]))

    def previews(self, version: str, file_id: str) -> Response:
        """GET /connect/files/{id}/previews: File Preview Collection (the thumbnails of an image)."""
        with self.state.db.transaction():
            opened = self._open(version, file_id)
            if isinstance(opened, Response):
                return opened
            view, stored = opened
            if not files.has_renditions(stored):
                return reply(
                    {
                        "fileId": stored.file_id,
                        "previews": [],
                        "url": f"{files.file_url(stored, view)}/previews",
                    }
                )
            return reply(files.inline_image(stored, view)["thumbnails"])

    def content(self, version: str, file_id: str) -> Response:
        """GET /connect/files/{id}/content: the file's bytes (version 1, its only version)."""
        with self.state.db.transaction() as conn:
            opened = self._open(version, file_id)
            if isinstance(opened, Response):
                return opened
            if request.args.get("versionNumber", "1") != "1":
                return error_body(404, "NOT_FOUND", NOT_FOUND)
            data = _data(conn, opened[1])
        return _bytes(opened[1], data, opened[1].mime_type, attach=True)

    def rendition(self, version: str, file_id: str) -> Response:
        """GET /connect/files/{id}/rendition?type=: a PNG thumbnail (or, for a PDF, the PDF itself)."""
        kind = request.args.get("type", filecontent.DEFAULT_RENDITION)
        with self.state.db.transaction():
            opened = self._open(version, file_id)
            if isinstance(opened, Response):
                return opened
            stored = opened[1]
            if kind != "PDF" and kind not in filecontent.RENDITIONS:
                valid = ", ".join([*filecontent.RENDITIONS, "PDF"])
                return error_body(
                    400, "INVALID_API_INPUT", f"Invalid rendition type: {kind}. Valid values: {valid}"
                )
        if kind == "PDF":
            if stored.extension != "pdf":
                return error_body(404, "NOT_FOUND", NO_RENDITION)
            return _bytes(stored, filecontent.content(stored.recipe), "application/pdf", tag=kind)
        image = filecontent.rendition(stored.recipe, kind) if files.has_renditions(stored) else None
        if image is None:
            return error_body(404, "NOT_FOUND", NO_RENDITION)
        return _bytes(stored, image, "image/png", tag=kind)

    def version_data(self, version: str, version_id: str) -> Response:
        """GET /sobjects/ContentVersion/{id}/VersionData: a version's bytes (where inline images point)."""
        with self.state.db.transaction() as conn:
            user = self.host.guard(version, chatter=False)
            if isinstance(user, Response):
                return user
            stored = next(
                (each for each in self.host.org.files.values() if each.version_id == version_id), None
            )
            if stored is None:
                return error_body(404, "NOT_FOUND", NOT_FOUND)
            data = _data(conn, stored)
        return _bytes(stored, data, stored.mime_type)


def _data(conn: sqlite3.Connection, stored: StoredFile) -> bytes:
    """A file's bytes: as uploaded, or made again from its recipe."""
    if uploads.is_upload(stored):
        return uploads.stored_bytes(conn, stored)
    return filecontent.content(stored.recipe)


def _bytes(
    stored: StoredFile, data: bytes, mime_type: str, *, attach: bool = False, tag: str = ""
) -> Response:
    etag = f"{stored.checksum}{'-' + tag if tag else ''}"
    headers = {"ETag": f'"{etag}"', "Cache-Control": "private, max-age=86400"}
    if etag in request.if_none_match:
        return Response(status=304, headers=headers)
    if attach:
        name = f"{stored.title}.{stored.extension}"
        # A plain ASCII name for old clients, the exact one (RFC 6266) for everyone else.
        plain = name.encode("ascii", "replace").decode().replace('"', "")
        headers["Content-Disposition"] = f"attachment; filename=\"{plain}\"; filename*=UTF-8''{quote(name)}"
    return Response(data, mimetype=mime_type, headers=headers)


def register_files(app: Flask, host: Host) -> None:
    """Add the files routes under /services/data/vXX.X/connect/files and the ContentVersion data."""
    views = FileViews(host)
    data = "/services/data/v<version>"
    rules = (
        (f"{data}/connect/files/<file_id>", views.detail),
        (f"{data}/connect/files/<file_id>/content", views.content),
        (f"{data}/connect/files/<file_id>/rendition", views.rendition),
        (f"{data}/connect/files/<file_id>/previews", views.previews),
        (f"{data}/sobjects/ContentVersion/<version_id>/VersionData", views.version_data),
    )
    for rule, view in rules:
        app.add_url_rule(rule, f"files_{view.__name__}", view, methods=["GET"])
