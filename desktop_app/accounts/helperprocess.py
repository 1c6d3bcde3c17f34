"""What the app's helper processes share: their answer, silence, words for why they gave up, framed messages.

Loaded by the app before Qt: nothing here loads the HTTP stack or the keyring (``helpercredentials`` does,
in the helpers and the workers).
"""

from __future__ import annotations

import logging
import os
import socket
import struct
from typing import Any

import msgspec

from desktop_app.api.errors import ApiError
from desktop_app.errors import AppError

_HEADER = struct.Struct(">IQ")  # payload length, call number
MAX_FRAME_BYTES = 64 * 1024 * 1024


class HelperAnswer(msgspec.Struct, frozen=True):
    """What a helper's read came to: a value or the error it ended in, what the org told on the way, the
    first page's JSON to keep; or, ``declined``, why the app should read itself."""

    value: Any = None
    error: AppError | None = None
    api_version: str | None = None
    usage: Any = None  # an ApiUsage
    kept: tuple[str, bytes] | None = None  # (feed, JSON) of a first page to keep
    declined: str = ""


def reason(exc: BaseException) -> str:
    """Why a helper gave up, for the app's log: the kind of failure and its code, never its details."""
    while isinstance(exc, ApiError) and exc.error_code == "refresh_failed" and exc.__cause__ is not None:
        exc = exc.__cause__
    code = getattr(exc, "error_code", None)
    return f"{type(exc).__name__}{f' ({code})' if code else ''}"


def quiet() -> None:
    """A helper says nothing: no log lines, no output on the app's streams."""
    logging.disable(logging.CRITICAL)
    devnull = os.open(os.devnull, os.O_RDWR)
    for stream in (0, 1, 2):
        os.dup2(devnull, stream)
    os.close(devnull)


def send_frame(sock: socket.socket, number: int, payload: bytes) -> None:
    """One message: its length and call number, then its bytes."""
    sock.sendall(_HEADER.pack(len(payload), number) + payload)


def receive_frame(sock: socket.socket) -> tuple[int, bytes] | None:
    """The next message (call number, bytes); None once the other side has closed."""
    header = _receive_exactly(sock, _HEADER.size)
    if header is None:
        return None
    size, number = _HEADER.unpack(header)
    if size > MAX_FRAME_BYTES:
        raise OSError(f"a message of {size} bytes")
    payload = _receive_exactly(sock, size)
    return None if payload is None else (number, payload)


def _receive_exactly(sock: socket.socket, size: int) -> bytes | None:
    buffer = bytearray(size)
    view = memoryview(buffer)
    received = 0
    while received < size:
        count = sock.recv_into(view[received:])
        if not count:
            return None
        received += count
    return bytes(buffer)
