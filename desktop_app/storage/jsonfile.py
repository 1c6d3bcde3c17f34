"""JSON files that survive crashes and damage: atomic replacement on write, quarantine on a bad read.

Every file written here is 0600 and every folder made here 0700, whatever the umask: they are private.
"""

from __future__ import annotations

import contextlib
import json
import logging
import os
import tempfile
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

log = logging.getLogger("connect.storage")

FILE_MODE = 0o600
DIR_MODE = 0o700


class CorruptFile(Exception):
    """The file exists but does not hold what it should."""


def write_private(path: Path, data: bytes) -> None:
    """Write data to path as a file only its owner can read (0600), replacing what was there."""
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, FILE_MODE)
    with os.fdopen(fd, "wb") as handle:
        if hasattr(os, "fchmod"):
            os.fchmod(handle.fileno(), FILE_MODE)  # O_CREAT's mode only applies to a new file
        handle.write(data)


def write_json_atomic(path: Path, data: Any) -> None:
    """Write data as indented JSON so that readers see either the old file or the whole new one, never a
    part, and the new one survives a power cut."""
    text = json.dumps(data, indent=2, ensure_ascii=False, sort_keys=False) + "\n"
    write_atomic(path, text.encode("utf-8"))


def write_atomic(path: Path, data: bytes, *, durable: bool = True) -> None:
    """Write bytes so that readers see either the old file or the whole new one, never a part.

    ``durable`` also waits for the disk (fsync of the file and its folder), so the new file survives a power
    cut; a cache that can be fetched again need not wait.
    """
    path.parent.mkdir(parents=True, exist_ok=True, mode=DIR_MODE)
    fd, tmp_name = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    tmp = Path(tmp_name)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            if durable:
                os.fsync(handle.fileno())
        os.chmod(tmp, FILE_MODE)
        os.replace(tmp, path)
    except BaseException:
        with contextlib.suppress(OSError):
            tmp.unlink()
        raise
    if durable:
        _fsync_dir(path.parent)


def _fsync_dir(directory: Path) -> None:
    # Makes the rename itself durable; not possible on every platform (Windows), where it is skipped.
    try:
        fd = os.open(directory, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


def _move_aside(path: Path) -> Path | None:
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%SZ")
    target = path.with_name(f"{path.name}.corrupt-{stamp}")
    serial = 1
    while target.exists():
        serial += 1
        target = path.with_name(f"{path.name}.corrupt-{stamp}-{serial}")
    try:
        os.replace(path, target)
    except OSError as exc:
        log.warning("Could not move %s aside: %s", path, exc)
        return None
    return target


def read_json_object(path: Path, what: str) -> tuple[dict[str, Any] | None, str | None]:
    """(the JSON object in path or None when absent/unreadable, a warning for people when it was unreadable).

    An unreadable file is moved aside as <name>.corrupt-<UTC timestamp> so it is kept, not overwritten.
    """
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        return None, None
    except OSError as exc:
        reason = f"it could not be opened ({exc.strerror or type(exc).__name__})"
    else:
        try:
            data = json.loads(raw.decode("utf-8"))
        except (UnicodeDecodeError, ValueError, RecursionError):
            reason = "it is not valid JSON"
        else:
            if isinstance(data, dict):
                return data, None
            reason = "it does not hold a JSON object"
    return None, quarantine(path, what, reason)


def quarantine(path: Path, what: str, reason: str) -> str:
    """Move a damaged file aside and return the sentence that tells people what happened."""
    moved = _move_aside(path)
    log.warning("%s at %s is unreadable (%s); moved aside to %s", what, path, reason, moved)
    kept = f" The old file was kept as {moved}." if moved else f" The old file is still at {path}."
    return f"Your {what} could not be read because {reason}, so Connect Desktop started without it.{kept}"
