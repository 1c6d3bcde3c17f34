"""A multipart/form-data body streamed from an open file: a JSON part, then the file, with progress, Cancel.

The Connect REST API takes a new file as two parts (`CG/intro_input.htm`): the rich input as JSON (part
`json`, `application/json; charset=UTF-8`) and the bytes (part `fileData`, `application/octet-stream;
charset=ISO-8859-1`), CRLF line ends. A file may be up to 2 GB, so the body is never built in memory: it is a
file-like object with a known length (requests then sends `Content-Length`, not chunks, which Salesforce
documents no support for) whose ``read`` hands out the next piece and reports how far it got.
"""

from __future__ import annotations

import json
import os
from collections.abc import Callable, Iterator, Mapping
from typing import BinaryIO

from desktop_app.api.errors import ApiError

CHUNK = 64 * 1024
FILE_PART = "fileData"
JSON_PART = "json"

Progress = Callable[[int, int], bool]
"""Called with (bytes handed out, total) as the body is read; returns False to cancel the upload."""


class UploadCancelled(ApiError):
    """The person stopped an upload: nothing was stored."""

    def __init__(self) -> None:
        super().__init__(None, "cancelled", "upload cancelled", None, user_message="The upload was stopped.")


class FileChanged(ApiError):
    """The file got shorter while it was being sent: what arrived would not be the file."""

    def __init__(self, name: str) -> None:
        message = f"{name} changed while it was being uploaded. Try again once it is saved."
        super().__init__(None, "file_changed", "file shrank during upload", None, user_message=message)


def _quoted(value: str) -> str:
    """A form-data parameter value as browsers send it (WHATWG): quotes and line breaks escaped."""
    return value.replace("\r", "%0D").replace("\n", "%0A").replace('"', "%22")


class MultipartBody:
    """The body of a file upload: read it like a file (``read``), or iterate it in chunks."""

    def __init__(
        self,
        fields: Mapping[str, object],
        file: BinaryIO,
        file_size: int,
        filename: str,
        *,
        boundary: str | None = None,
        progress: Progress | None = None,
    ) -> None:
        # os.urandom, not the secrets module: that one loads OpenSSL (3 MiB) on the start-up path.
        self.boundary = boundary or f"ConnectDesktop{os.urandom(16).hex()}"
        bound = self.boundary.encode("ascii")
        document = json.dumps(dict(fields), ensure_ascii=False)
        self._head = (
            b"--" + bound + b"\r\n"
            b'Content-Disposition: form-data; name="' + JSON_PART.encode() + b'"\r\n'
            b"Content-Type: application/json; charset=UTF-8\r\n\r\n"
            + document.encode("utf-8") + b"\r\n"
            b"--" + bound + b"\r\n"
            b'Content-Disposition: form-data; name="' + FILE_PART.encode() + b'"; filename="'
            + _quoted(filename).encode("utf-8") + b'"\r\n'
            b"Content-Type: application/octet-stream; charset=ISO-8859-1\r\n\r\n"
        )  # fmt: skip
        self._tail = b"\r\n--" + bound + b"--\r\n"
        self._file = file
        self._file_start = file.tell()
        self._file_size = file_size
        self._name = filename
        self._progress = progress
        self._position = 0

    @property
    def content_type(self) -> str:
        """The request's Content-Type header, with the boundary."""
        return f"multipart/form-data; boundary={self.boundary}"

    def __len__(self) -> int:
        return len(self._head) + self._file_size + len(self._tail)

    @property
    def position(self) -> int:
        """Bytes handed out so far."""
        return self._position

    def rewind(self) -> None:
        """Start again from the first byte (the same request sent again, after a token refresh)."""
        self._file.seek(self._file_start)
        self._position = 0

    def _next(self, size: int) -> bytes:
        head, file_end = len(self._head), len(self._head) + self._file_size
        at = self._position
        if at < head:
            return self._head[at : at + size]
        if at < file_end:
            piece = self._file.read(min(size, file_end - at))
            if not piece:
                raise FileChanged(self._name)
            return piece
        return self._tail[at - file_end : at - file_end + size]

    def read(self, size: int = -1) -> bytes:
        """The next bytes (at most ``size``; up to CHUNK when not given); b"" at the end.

        Raises UploadCancelled when the progress callback says stop, FileChanged when the file ran short.
        """
        want = CHUNK if size is None or size < 0 else size
        if want == 0 or self._position >= len(self):
            return b""
        piece = self._next(want)
        self._position += len(piece)
        if self._progress is not None and not self._progress(self._position, len(self)):
            raise UploadCancelled()
        return piece

    def __iter__(self) -> Iterator[bytes]:
        while piece := self.read(CHUNK):
            yield piece
