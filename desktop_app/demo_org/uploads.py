"""The person's Files home: uploading (`POST /connect/files/users/me`, multipart, 201 File Detail) and
listing their own files, newest first (`GET`, a File Summary Page with `page` and `pageSize`).

The request has the parts the Connect REST API documents: `json` (File Input: `title`, `desc`) and the
bytes in `fileData` (its `filename` is required; the stored name comes from `title`). Uploaded bytes are
kept in the database (seeded files are made again from recipes instead); a body over the org's upload limit
is refused before it is read.
"""

from __future__ import annotations

import hashlib
import json
import mimetypes
import sqlite3
from pathlib import PurePath
from urllib.parse import urlencode

from flask import Flask, Response, request

from . import files, ids, orgstore, paging, rows
from .host import Host, error_body, reply
from .models import StoredFile
from .segments import InputError
from .view import View

UPLOAD_RECIPE = "upload"
"""The recipe of a file whose bytes were uploaded (stored as they came, not made again)."""
_TABLE = (
    "CREATE TABLE IF NOT EXISTS uploads (file_id TEXT PRIMARY KEY, org_id TEXT NOT NULL, data BLOB NOT NULL)"
)


def is_upload(stored: StoredFile) -> bool:
    """True for a file someone uploaded."""
    return stored.recipe == UPLOAD_RECIPE


def stored_bytes(conn: sqlite3.Connection, stored: StoredFile) -> bytes:
    """An uploaded file's bytes (empty if they are gone)."""
    conn.execute(_TABLE)
    row = conn.execute("SELECT data FROM uploads WHERE file_id = ?", (stored.file_id,)).fetchone()
    return bytes(row[0]) if row is not None else b""


def _file_input() -> dict[str, object]:
    """The File Input: the `json` part (or the browser-style alternative names), else plain form fields."""
    for name in ("json", "file"):
        raw = request.form.get(name)
        if raw:
            try:
                value = json.loads(raw)
            except ValueError:
                return {}
            return value if isinstance(value, dict) else {}
    return {key: request.form[key] for key in ("title", "desc") if key in request.form}


class UploadViews:
    """The upload view of one instance host."""

    def __init__(self, host: Host) -> None:
        self.host = host
        self.state = host.state

    def upload(self, version: str) -> Response:
        """POST /connect/files/users/me: store the file and answer with its File Detail."""
        limit = self.state.config.max_upload_bytes
        declared = request.content_length
        with self.state.db.transaction() as conn:
            user = self.host.guard(version, chatter=False)
            if isinstance(user, Response):
                return user
            if declared is not None and declared > limit:
                return error_body(
                    400, "FILE_SIZE_LIMIT_EXCEEDED",
                    f"The file is too large. The maximum size of an upload is {limit:,} bytes.",
                )  # fmt: skip
            if not (request.mimetype or "").startswith("multipart/"):
                return error_body(400, "INVALID_API_INPUT", "Send the file as multipart/form-data.")
            # The whole body first: a client that stops half way (a cancelled upload) is a 400 here, and no
            # half-parsed part is left open (the parts are kept in memory anyway, as the database keeps them).
            request.get_data(cache=True)
            upload = request.files.get("fileData")
            if upload is None or not upload.filename:
                return error_body(
                    400, "INVALID_API_INPUT", "Missing required input: fileData (with a filename)"
                )
            data = upload.read()
            fields = _file_input()
            path = PurePath(upload.filename)
            title = fields.get("title")
            description = fields.get("desc")
            extension = path.suffix.lstrip(".").lower()
            org = self.host.org
            now = self.state.now()
            stored = StoredFile(
                file_id=orgstore.new_id(conn, org, ids.CONTENT_DOCUMENT),
                version_id=orgstore.new_id(conn, org, ids.CONTENT_VERSION),
                owner_id=user.user_id,
                title=title if isinstance(title, str) and title.strip() else path.stem or path.name,
                extension=extension,
                file_type=extension.upper() or "UNKNOWN",
                mime_type=mimetypes.guess_type(path.name)[0] or "application/octet-stream",
                size=len(data),
                checksum=hashlib.md5(data, usedforsecurity=False).hexdigest(),
                created=now,
                recipe=UPLOAD_RECIPE,
                description=description if isinstance(description, str) else None,
            )
            rows.insert_file(conn, org.info.org_id, stored)
            conn.execute(_TABLE)
            conn.execute(
                "INSERT INTO uploads (file_id, org_id, data) VALUES (?, ?, ?)",
                (stored.file_id, org.info.org_id, data),
            )
            org.files[stored.file_id] = stored
            return reply(files.file_detail(stored, View(org, user.user_id, version, now)), 201)

    def my_files(self, version: str) -> Response:
        """GET /connect/files/users/me: the files the person owns, newest first, a page at a time."""
        with self.state.db.transaction():
            user = self.host.guard(version, chatter=False)
            if isinstance(user, Response):
                return user
            raw = request.args.get("page", "0")
            try:
                size = paging.page_size(request.args.get("pageSize"))
                if not raw.isdigit():
                    raise InputError(f"Invalid page: {raw}")
            except InputError as error:
                return error_body(error.status, error.error_code, error.message)
            number = int(raw)
            query = request.args.get("q", "").casefold()
            org = self.host.org
            owned = sorted(
                (f for f in org.files.values() if f.owner_id == user.user_id and query in f.title.casefold()),
                key=lambda stored: (stored.created, stored.file_id),
                reverse=True,
            )
            view = View(org, user.user_id, version, self.state.now())
            base = view.api("/connect/files/users/me")
            keep = {key: value for key, value in request.args.items() if key in ("q", "pageSize")}

            def page_url(page: int) -> str:
                return f"{base}?{urlencode({**keep, 'page': str(page)})}"

            more = (number + 1) * size < len(owned)
            return reply(
                {
                    "currentPageUrl": page_url(number),
                    "files": [files.file_detail(f, view) for f in owned[number * size : (number + 1) * size]],
                    "nextPageUrl": page_url(number + 1) if more else None,
                    "previousPageUrl": page_url(number - 1) if number else None,
                }
            )


def register_uploads(app: Flask, host: Host) -> None:
    """Add POST and GET /services/data/vXX.X/connect/files/users/me."""
    views = UploadViews(host)
    rule = "/services/data/v<version>/connect/files/users/me"
    app.add_url_rule(rule, "uploads_upload", views.upload, methods=["POST"])
    app.add_url_rule(rule, "uploads_my_files", views.my_files, methods=["GET"])
