"""Files attached to a new post: the size check, the upload to Files home, and the post that carries them.

Since API 36.0 a post cannot carry a new binary itself: the file goes to `POST /connect/files/users/me`
(multipart, see ``multipart``) and answers with a File Summary whose 069 id the post then names in
`capabilities.files.items`. A post or an upload that fails keeps nothing half-done on this side: the files
already uploaded keep their ids, so trying again posts them without sending their bytes twice.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING

import msgspec

from desktop_app.api.capabilities import FileAttachment
from desktop_app.api.capabilityparse import parse_file
from desktop_app.api.elementops import Segments, segments_for, segments_input
from desktop_app.api.errors import ApiError, BadResponse
from desktop_app.api.jsoncall import json_answer
from desktop_app.api.jsonfields import as_object, field_list, field_str, require_object
from desktop_app.api.multipart import MultipartBody
from desktop_app.api.operations import DownloadProgress
from desktop_app.api.organization import Organization, OrganizationInfo
from desktop_app.api.parse import parse_feed_item
from desktop_app.api.writematch import SendWindow, parse_time

if TYPE_CHECKING:
    from desktop_app.api.client import ConnectClient
    from desktop_app.api.models import FeedItem

MAX_UPLOAD_BYTES = 2 * 1024 * 1024 * 1024
"""Salesforce's limit on a binary upload, headers included (the org may set a lower one)."""
MAX_FILES_PER_POST = 10
"""Files a post may carry (Files Capability Input); `Features.maxFilesPerFeedItem` may say fewer."""
UPLOAD_DEADLINE = 4 * 60 * 60.0
CHECK_FILES = 50
"""The person's newest files looked through for an upload whose answer was lost."""
# Room for the multipart headers inside the 2 GB, which counts them too.
_HEADER_ROOM = 4 * 1024
_UNITS = ("bytes", "KB", "MB", "GB")


def human_size(size: int) -> str:
    """A byte count for people: "812 bytes", "1.4 MB" (1 KB = 1,024 bytes, as Salesforce shows sizes)."""
    value = float(size)
    for unit in _UNITS:
        if value < 1024 or unit == _UNITS[-1]:
            return f"{size:,} bytes" if unit == "bytes" else f"{value:.1f} {unit}"
        value /= 1024
    raise AssertionError("unreachable")


def size_problem(name: str, size: int, limit: int = MAX_UPLOAD_BYTES) -> str | None:
    """Why a file of this size can't be uploaded (a sentence), or None when it can."""
    if size <= 0:
        return f"{name} is empty: there is nothing to upload."
    if size + _HEADER_ROOM > limit:
        most = human_size(limit - _HEADER_ROOM)
        return f"{name} is {human_size(size)}; Salesforce takes files up to {most}."
    return None


class UploadProgress(DownloadProgress):
    """How far an upload got and whether it should stop, shared by the GUI thread and the worker."""


@dataclass(frozen=True)
class UploadFile:
    """Upload a file from disk to the person's Files home, titled with its name less the extension."""

    path: str
    limit: int = MAX_UPLOAD_BYTES
    progress: UploadProgress = field(default_factory=UploadProgress, compare=False, repr=False)

    def run(self, client: ConnectClient) -> FileAttachment:
        """The stored file (its 069 id), streamed with progress; UploadCancelled when stopped."""
        source = Path(self.path)
        try:
            size = source.stat().st_size
            handle = source.open("rb")
        except OSError as exc:
            reason = exc.strerror or type(exc).__name__
            message = f"Couldn't read {source.name}: {reason}."
            raise ApiError(None, "read_failed", reason, None, user_message=message) from exc
        problem = size_problem(source.name, size, self.limit)
        if problem is not None:
            handle.close()
            raise ApiError(None, "file_too_large", problem, None, user_message=problem)

        def report(sent: int, total: int) -> bool:
            self.progress.update(sent, total)
            return not self.progress.cancelled

        with handle:
            title = upload_title(self.path)
            body = MultipartBody({"title": title}, handle, size, source.name, progress=report)
            self.progress.update(0, len(body))
            url = client.data_url("/connect/files/users/me")
            headers = {"Content-Type": body.content_type}
            answer = json_answer(client, "POST", url, data=body, headers=headers, deadline=UPLOAD_DEADLINE)
        stored = parse_file(require_object(answer, "a file"), client.decode_entities)
        if stored is None or not stored.id:
            raise BadResponse(201, None, "file answer without an id", url, maybe_applied=True)
        return stored


def upload_title(path: str) -> str:
    """The title a file is stored under: its name less the extension (the name itself if nothing is left)."""
    source = Path(path)
    return source.stem or source.name


class FindMyUpload(msgspec.Struct, frozen=True):
    """Whether a file whose upload answer was lost is in the person's Files: their newest files, searched.

    A match has the title and size sent and was made within the send's window (see ``writematch``); files
    already known (attached before) are never taken for it. The newest match wins.
    """

    title: str
    size: int
    sent_at: datetime
    known_ids: frozenset[str] = frozenset()

    def run(self, client: ConnectClient) -> FileAttachment | None:
        """The stored file, or None when it is not there."""
        url = client.data_url("/connect/files/users/me")
        answer = json_answer(client, "GET", url, params={"pageSize": CHECK_FILES})
        window = SendWindow(self.sent_at, datetime.now(UTC))
        best: tuple[datetime, FileAttachment] | None = None
        for entry in field_list(as_object(answer), "files"):
            obj = as_object(entry)
            stored = parse_file(obj, client.decode_entities)
            if stored is None or not stored.id or stored.id in self.known_ids:
                continue
            if stored.title != self.title or stored.size_bytes != self.size:
                continue
            # createdDate came with API 41.0; before, a new file's modifiedDate is when it was made.
            made = parse_time(field_str(obj, "createdDate", "modifiedDate"))
            if made is not None and made in window and (best is None or made > best[0]):
                best = (made, stored)
        return best[1] if best is not None else None


class PostMessage(msgspec.Struct, frozen=True):
    """Post a message (segment inputs, rich text included) to a feed, with files already uploaded.

    ``subject_id`` is where the post goes: "me" (the person's own feed, shown in the news feed), a group or
    a record id.
    """

    segments: Segments
    subject_id: str = "me"
    file_ids: tuple[str, ...] = ()

    def run(self, client: ConnectClient) -> FeedItem:
        """The new post as the org stored it."""
        segments = segments_for(client, self.segments)
        body: dict[str, object] = {
            "feedElementType": "FeedItem",
            "subjectId": self.subject_id,
            "body": {"messageSegments": segments_input(segments)},
        }
        if self.file_ids:
            body["capabilities"] = {"files": {"items": [{"id": ident} for ident in self.file_ids]}}
        answer = json_answer(client, "POST", client.data_url("/chatter/feed-elements"), json=body)
        return parse_feed_item(answer, decode_entities=client.decode_entities)


def files_per_post(org: Organization) -> int:
    """How many files a post may carry in this org: 0 with Files off, else its limit within Salesforce's."""
    if not org.feature("files"):
        return 0
    most = org.max_files_per_post
    return max(0, min(most, MAX_FILES_PER_POST)) if most is not None else MAX_FILES_PER_POST


class PostFileLimit(msgspec.Struct, frozen=True):
    """How many files a post may carry here: `features.maxFilesPerFeedItem` of GET /connect/organization.

    0 when the org has files turned off (`features.files` false); MAX_FILES_PER_POST when it does not say.
    """

    def run(self, client: ConnectClient) -> int:
        """The number of files a new post may have."""
        return files_per_post(OrganizationInfo().run(client))
