"""Where access and refresh tokens live: the OS keyring (or memory, for tests and keyring-less machines)."""

from __future__ import annotations

import contextlib
import hashlib
import json
import logging
import threading
from collections.abc import Callable
from typing import Any, Protocol, TypeVar

import keyring
import keyring.errors

from desktop_app.auth.tokenset import Tokens

from .secretoutcomes import Deletion, NoKeyring, SecretStoreError, SecretsUnavailable

__all__ = [
    "MAX_VALUE_BYTES",
    "Deletion",
    "KeyringSecretStore",
    "MemorySecretStore",
    "NoKeyring",
    "SecretStore",
    "SecretStoreError",
    "SecretsUnavailable",
    "Tokens",
    "backend_label",
    "decode_tokens",
    "encode_tokens",
    "encoded_size",
    "split_payload",
]

log = logging.getLogger("connect.storage")

SCHEMA = 1
# Windows Credential Manager refuses secrets over 2,560 bytes (stored as UTF-16): stay below in any encoding.
MAX_VALUE_BYTES = 2_500
_CHUNK_BYTES = 2_000
_MAX_CHUNKS = 64

T = TypeVar("T")


class SecretStore(Protocol):
    """Keeps Tokens by account key."""

    @property
    def backend_name(self) -> str:
        """The keyring backend's readable name ("memory" for the in-memory store)."""
        ...

    @property
    def persistent(self) -> bool:
        """False when tokens only live in memory for this run."""
        ...

    def get(self, key: str) -> Tokens | None:
        """The account's tokens, None when there are none."""
        ...

    def set(self, key: str, tokens: Tokens) -> None:
        """Store (or replace) the account's tokens."""
        ...

    def delete(self, key: str) -> Deletion:
        """Forget the account's tokens (nothing happens when there are none); says where they were deleted."""
        ...


def _check_key(key: str) -> None:
    if not key or "#" in key:
        raise ValueError(f"Not an account key: {key!r}")


def encoded_size(text: str) -> int:
    """The larger of the UTF-8 and UTF-16 sizes, which is what a keyring backend might store."""
    return max(len(text.encode("utf-8", "surrogatepass")), len(text.encode("utf-16-le", "surrogatepass")))


def split_payload(payload: str, limit: int = _CHUNK_BYTES) -> list[str]:
    """Cut text into pieces whose encoded_size stays within limit."""
    chunks: list[str] = []
    current: list[str] = []
    size = 0
    for ch in payload:
        width = encoded_size(ch)
        if current and size + width > limit:
            chunks.append("".join(current))
            current, size = [], 0
        current.append(ch)
        size += width
    if current or not chunks:
        chunks.append("".join(current))
    return chunks


def encode_tokens(tokens: Tokens) -> str:
    """The JSON text kept for an account."""
    return json.dumps(
        {"a": tokens.access_token, "r": tokens.refresh_token, "v": SCHEMA}, separators=(",", ":")
    )


def decode_tokens(text: str) -> Tokens:
    """Tokens from encode_tokens' text; ValueError when it is not that."""
    data = json.loads(text)
    if not isinstance(data, dict) or data.get("v") != SCHEMA:
        raise ValueError("unknown token record")
    access, refresh = data.get("a"), data.get("r")
    if not isinstance(access, str) or not access or not (refresh is None or isinstance(refresh, str)):
        raise ValueError("malformed token record")
    return Tokens(access, refresh or None)


def _digest(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()


def _chunk_key(key: str, index: int) -> str:
    return f"{key}#{index}"


def _chunk_count(data: Any) -> int:
    count = data.get("chunks") if isinstance(data, dict) else None
    if isinstance(count, int) and not isinstance(count, bool) and 0 < count <= _MAX_CHUNKS:
        return count
    return 0


def _manifest_count(text: str | None) -> int:
    """How many chunks a main entry points at (0 for a plain entry, an unreadable one or none)."""
    if not text:
        return 0
    try:
        return _chunk_count(json.loads(text))
    except ValueError:
        return 0


def backend_label(backend: Any) -> str:
    """A readable name for a keyring backend, e.g. "SecretService Keyring"."""
    try:
        name = backend.name
    except Exception:  # a backend's name property is third-party code
        name = None
    return name if isinstance(name, str) and name else type(backend).__name__


class KeyringSecretStore:
    """Tokens in the OS keyring: one entry per account (username = account key), chunked when large."""

    persistent = True

    def __init__(self, service: str, backend: Any | None = None) -> None:
        self.service = service
        self._backend = backend if backend is not None else keyring.get_keyring()
        self.backend_name = backend_label(self._backend)
        self._lock = threading.Lock()

    def _call(self, action: str, key: str, fn: Callable[[], T]) -> T:
        try:
            return fn()
        except keyring.errors.PasswordDeleteError:
            # Deleting what is not there: the caller decides whether that matters.
            raise
        except Exception as exc:  # backends raise their own types (D-Bus, Win32, Keychain)
            log.warning("Keyring %s failed for %s: %s", action, key, type(exc).__name__)
            # Locked, prompt dismissed, D-Bus gone: the keyring may work later; the secrets are not lost.
            raise SecretsUnavailable(
                f"The keyring ({self.backend_name}) could not {action} the sign-in secrets for {key}: "
                f"{type(exc).__name__}: {exc}",
                backend=self.backend_name,
            ) from exc

    def _get_raw(self, key: str) -> str | None:
        value = self._call("read", key, lambda: self._backend.get_password(self.service, key))
        if value is not None and not isinstance(value, str):
            raise SecretStoreError(f"The keyring ({self.backend_name}) returned something that is not text.")
        return value

    def _set_raw(self, key: str, value: str) -> None:
        assert encoded_size(value) < MAX_VALUE_BYTES
        self._call("save", key, lambda: self._backend.set_password(self.service, key, value))

    def _delete_raw(self, key: str) -> None:
        with contextlib.suppress(keyring.errors.PasswordDeleteError):
            self._call("delete", key, lambda: self._backend.delete_password(self.service, key))

    def get(self, key: str) -> Tokens | None:
        """The account's tokens, None when the keyring holds none."""
        _check_key(key)
        with self._lock:
            main = self._get_raw(key)
            if main is None:
                return None
            try:
                data = json.loads(main)
                if isinstance(data, dict) and "chunks" in data:
                    payload = self._read_chunks(key, data)
                else:
                    payload = main
                return decode_tokens(payload)
            except ValueError as exc:
                log.warning("Keyring entry for %s is damaged", key)
                raise SecretStoreError(
                    f"The sign-in secrets for {key} in the keyring ({self.backend_name}) are damaged; "
                    "sign in again to replace them."
                ) from exc

    def _read_chunks(self, key: str, manifest: dict[str, Any]) -> str:
        count = _chunk_count(manifest)
        if count == 0 or manifest.get("v") != SCHEMA:
            raise ValueError("bad manifest")
        pieces = []
        for index in range(1, count + 1):
            piece = self._get_raw(_chunk_key(key, index))
            if piece is None:
                raise ValueError("missing chunk")
            pieces.append(piece)
        payload = "".join(pieces)
        if _digest(payload) != manifest.get("sha256"):
            raise ValueError("chunks do not match their manifest")
        return payload

    def set(self, key: str, tokens: Tokens) -> None:
        """Store the tokens, replacing (and cleaning up after) any earlier entry for the account."""
        _check_key(key)
        payload = encode_tokens(tokens)
        with self._lock:
            old_count = _manifest_count(self._get_raw(key))
            if encoded_size(payload) < MAX_VALUE_BYTES:
                self._set_raw(key, payload)
                new_count = 0
            else:
                chunks = split_payload(payload)
                if len(chunks) > _MAX_CHUNKS:
                    raise SecretStoreError(
                        f"The sign-in secrets for {key} are too large to keep in the keyring."
                    )
                for index, chunk in enumerate(chunks, start=1):
                    self._set_raw(_chunk_key(key, index), chunk)
                # The manifest goes last: until it is written, readers still see the previous entry's shape,
                # and its digest turns a half-finished overwrite into "damaged" rather than wrong tokens.
                manifest = {"v": SCHEMA, "chunks": len(chunks), "sha256": _digest(payload)}
                self._set_raw(key, json.dumps(manifest, separators=(",", ":")))
                new_count = len(chunks)
            for index in range(new_count + 1, old_count + 1):
                self._delete_raw(_chunk_key(key, index))

    def delete(self, key: str) -> Deletion:
        """Remove the account's entry and all of its chunks."""
        _check_key(key)
        with self._lock:
            main = self._get_raw(key)
            count = _manifest_count(main)
            for index in range(1, count + 1):
                self._delete_raw(_chunk_key(key, index))
            self._delete_raw(key)
        return Deletion(self.backend_name, in_keyring=True, found=main is not None)


class MemorySecretStore:
    """Tokens kept in this process only: for tests, and for machines without a usable keyring."""

    backend_name = "memory"
    persistent = False

    def __init__(self) -> None:
        self._tokens: dict[str, Tokens] = {}
        self._lock = threading.Lock()

    def get(self, key: str) -> Tokens | None:
        """The account's tokens, None when there are none."""
        _check_key(key)
        with self._lock:
            return self._tokens.get(key)

    def set(self, key: str, tokens: Tokens) -> None:
        """Store (or replace) the account's tokens."""
        _check_key(key)
        if not isinstance(tokens, Tokens):
            raise TypeError("MemorySecretStore keeps Tokens only")
        with self._lock:
            self._tokens[key] = tokens

    def delete(self, key: str) -> Deletion:
        """Forget the account's tokens."""
        _check_key(key)
        with self._lock:
            found = self._tokens.pop(key, None) is not None
        return Deletion(self.backend_name, in_keyring=False, found=found)
