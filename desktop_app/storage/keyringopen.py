"""Finding the OS keyring: which backend to use, whether it answers now, and telling "not now" from "none".

"Not now" (SecretsUnavailable) is a keyring that exists but is locked, whose unlock prompt was dismissed, or
whose D-Bus session or daemon is still starting: worth trying again. "None" (NoKeyring) is a machine without a
usable backend: tokens can only live in memory for the run.
"""

from __future__ import annotations

import logging
import os
import sys
from typing import Any

import keyring
import keyring.backends.chainer
import keyring.backends.fail
import keyring.backends.null

from .secretoutcomes import NoKeyring, SecretsUnavailable
from .secrets import KeyringSecretStore, MemorySecretStore, SecretStore, backend_label

log = logging.getLogger("connect.storage")

_PROBE_USER = "connect-desktop-probe"

_FALLBACK = (
    "This computer has no password store (keyring) that Connect Desktop can use, so you stay signed in only "
    "until you quit (sign-ins are kept in memory; backend: {name}). To stay signed in, install and unlock "
    "one: on Linux, GNOME Keyring or KWallet."
)


def _unusable(backend: Any) -> bool:
    if isinstance(backend, keyring.backends.fail.Keyring | keyring.backends.null.Keyring):
        return True
    if isinstance(backend, keyring.backends.chainer.ChainerBackend) and not backend.backends:
        return True
    # A plaintext file is exactly what the keyring is for avoiding.
    return "plaintext" in f"{type(backend).__module__}.{type(backend).__name__}".lower()


def _not_yet(reason: str) -> str | None:
    """reason, when the Secret Service's failure to answer means "not yet" rather than "not on this machine".

    With a session bus configured and secretstorage installed, a Secret Service that does not answer is the
    bus or the keyring daemon still starting (or stuck): worth trying again. Without a bus, or without the
    package or any daemon that D-Bus could start, there will be no keyring this run.
    """
    if not os.environ.get("DBUS_SESSION_BUS_ADDRESS"):
        return None
    if "required" in reason or "neither running nor activatable" in reason:
        return None
    return reason


def _preferred_backend() -> Any:
    """The keyring backend to use: the user's choice, else on Linux the Secret Service, else keyring's pick.

    keyring's own discovery imports every installed backend through package entry points, which costs about
    a tenth of a second at start-up; on Linux, where the Secret Service is what discovery would choose, asking
    it directly gives the same answer sooner. SecretsUnavailable when the Secret Service should answer but
    does not yet.
    """
    # A backend set with keyring.set_keyring() (kept in a module global) or configured by the user.
    chosen = getattr(keyring.core, "_keyring_backend", None)
    configured = chosen or os.environ.get("PYTHON_KEYRING_BACKEND") or keyring.core.load_config()
    if not configured and sys.platform.startswith("linux"):
        # The Secret Service backend module is loaded only on Linux, where it is asked for.
        from keyring.backends import SecretService

        try:
            viable = SecretService.Keyring.priority > 0
        except Exception as exc:  # the backend's own probe: no D-Bus, no secretstorage, no service
            why = _not_yet(str(exc) if isinstance(exc, RuntimeError) else type(exc).__name__)
            if why is not None:
                raise SecretsUnavailable(
                    f"the Secret Service is not answering yet: {why}", backend="SecretService"
                ) from exc
            viable = False
        if viable:
            return SecretService.Keyring()  # type: ignore[no-untyped-call]
    return keyring.get_keyring()


def open_keyring(service: str) -> KeyringSecretStore:
    """The keyring store, once a probe read worked.

    SecretsUnavailable when the keyring exists but cannot be used now (locked, prompt dismissed, D-Bus or the
    daemon still starting): try again later. NoKeyring when this machine has no usable keyring at all.
    """
    try:
        backend = _preferred_backend()
        name = backend_label(backend)
    except SecretsUnavailable:
        raise
    except Exception as exc:  # backend discovery runs third-party code
        log.warning("Keyring discovery failed: %s", type(exc).__name__)
        raise SecretsUnavailable(
            f"keyring discovery failed: {type(exc).__name__}", backend="keyring"
        ) from exc
    if _unusable(backend):
        log.warning("No usable keyring (backend: %s)", name)
        raise NoKeyring(f"no usable keyring (backend: {name})", backend=name)
    try:
        backend.get_password(service, _PROBE_USER)
    except Exception as exc:  # KeyringLocked, InitError, D-Bus errors...
        log.warning("Keyring %s failed a probe: %s", name, type(exc).__name__)
        raise SecretsUnavailable(
            f"the keyring ({name}) failed a probe read: {type(exc).__name__}", backend=name
        ) from exc
    log.info("Tokens are kept in the keyring (%s)", name)
    return KeyringSecretStore(service, backend)


def fallback_warning(backend: str) -> str:
    """The sentence for people when tokens stay in memory because no usable keyring exists."""
    return _FALLBACK.format(name=backend)


def open_secret_store(service: str) -> tuple[SecretStore, str | None]:
    """The keyring store, or a memory store plus a warning for people when the keyring can't be used now."""
    try:
        return open_keyring(service), None
    except (NoKeyring, SecretsUnavailable) as exc:
        log.warning("Tokens stay in memory for this run (%s)", type(exc).__name__)
        return MemorySecretStore(), _FALLBACK.format(name=exc.backend)
