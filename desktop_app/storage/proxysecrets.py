"""Proxy passwords in the OS keyring, under keys of their own that no account key can take.

Account keys are ``orgId/userId``; a proxy's key is ``proxy:host:port``, in the same keyring service (one per
profile). The value names the user it belongs to, so a password is never sent for another user name. Without
a usable keyring the password is kept in memory for the run, and ``persistent`` says so. Every call may talk
to D-Bus: call them off the GUI thread.
"""

from __future__ import annotations

import json
import logging
import threading
from collections.abc import Callable
from typing import Any

from .secretoutcomes import SecretsUnavailable

log = logging.getLogger("connect.storage")

KEY_PREFIX = "proxy:"
_SCHEMA = 1


def proxy_key(host: str, port: int) -> str:
    """The keyring user name under which a proxy's credentials are kept."""
    return f"{KEY_PREFIX}{host.strip().lower()}:{port}"


def _default_backend() -> Any:
    # keyring loads on first use, on the background thread that reads the password.
    import keyring

    return keyring.get_keyring()


def _unusable(backend: Any) -> bool:
    name = f"{type(backend).__module__}.{type(backend).__name__}".lower()
    return name.endswith(("fail.keyring", "null.keyring")) or "plaintext" in name


class ProxySecrets:
    """Keeps one password per proxy host and port, for the user name it was given with."""

    def __init__(self, service: str, backend_factory: Callable[[], Any] = _default_backend) -> None:
        self._service = service
        self._factory = backend_factory
        self._backend: Any | None = None
        self._memory: dict[str, str] = {}
        self._in_memory = False
        self._lock = threading.Lock()

    @property
    def persistent(self) -> bool:
        """False once the keyring turned out to be unusable and passwords stay in memory for the run."""
        return not self._in_memory

    def _store(self) -> Any | None:
        """The keyring backend, or None when passwords live in memory."""
        if self._in_memory:
            return None
        if self._backend is None:
            backend = self._factory()
            if _unusable(backend):
                log.warning("No usable keyring for the proxy password; it is kept in memory for this run")
                self._in_memory = True
                return None
            self._backend = backend
        return self._backend

    def _call(self, action: str, fn: Callable[[Any], Any]) -> Any:
        backend = self._store()
        if backend is None:
            return fn(None)
        try:
            return fn(backend)
        except Exception as exc:  # backends raise their own types (D-Bus, Win32, Keychain)
            log.warning("Keyring %s of the proxy password failed: %s", action, type(exc).__name__)
            raise SecretsUnavailable(
                f"The keyring could not {action} the proxy password: {type(exc).__name__}",
                backend=type(backend).__name__,
            ) from exc

    def get(self, host: str, port: int, user: str) -> str | None:
        """The password kept for this proxy and user, None when there is none (or it is another user's)."""
        key = proxy_key(host, port)
        with self._lock:
            raw = self._call(
                "read",
                lambda b: self._memory.get(key) if b is None else b.get_password(self._service, key),
            )
        if not isinstance(raw, str):
            return None
        try:
            data = json.loads(raw)
        except ValueError:
            return None
        if not isinstance(data, dict) or data.get("v") != _SCHEMA or data.get("u") != user:
            return None
        password = data.get("p")
        return password if isinstance(password, str) else None

    def set(self, host: str, port: int, user: str, password: str) -> None:
        """Keep the password for this proxy and user, replacing any other."""
        key = proxy_key(host, port)
        value = json.dumps({"v": _SCHEMA, "u": user, "p": password}, separators=(",", ":"))

        def write(backend: Any) -> None:
            if backend is None:
                self._memory[key] = value
            else:
                backend.set_password(self._service, key, value)

        with self._lock:
            self._call("save", write)

    def delete(self, host: str, port: int) -> None:
        """Forget the password of this proxy (nothing happens when there is none)."""
        key = proxy_key(host, port)

        def remove(backend: Any) -> None:
            if backend is None:
                self._memory.pop(key, None)
                return
            if backend.get_password(self._service, key) is not None:
                backend.delete_password(self._service, key)

        with self._lock:
            self._call("delete", remove)
