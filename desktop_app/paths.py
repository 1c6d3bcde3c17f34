"""Where Connect Desktop keeps its state: the platform's directories, or one folder given with --profile.

Each profile has a keyring namespace of its own, tied to its config directory, and a local socket for its
running instance in a directory only its user can enter. Every directory is kept at 0700.
"""

from __future__ import annotations

import contextlib
import importlib
import logging
import os
import stat
import sys
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import Any, cast

import msgspec
import platformdirs

APP_DIR_NAME = "connect-desktop"
KEYRING_SERVICE = "connect-desktop"
DIR_MODE = 0o700
# A Unix socket's path must fit sockaddr_un (108 bytes on Linux, 104 on macOS).
MAX_SOCKET_PATH = 100

log = logging.getLogger("connect.app")


def _sha256_implementation() -> Callable[[bytes], Any]:
    """CPython's own SHA-256: the same digests as hashlib's, without loading OpenSSL's libcrypto (about 4 MB
    of memory) at start-up, where only file and keyring names are hashed."""
    for name in ("_sha256", "_sha2"):  # Python 3.11; 3.12 and later
        with contextlib.suppress(ImportError):
            return cast(Callable[[bytes], Any], importlib.import_module(name).sha256)
    # Only where CPython's own module is missing (another interpreter): hashlib, with whatever it loads.
    import hashlib

    return hashlib.sha256


_sha256 = _sha256_implementation()


def sha256_hex(data: bytes) -> str:
    """The SHA-256 digest of ``data`` in hex (for names of files and keyring entries, not for security)."""
    return str(_sha256(data).hexdigest())


def _digest(path: Path, length: int) -> str:
    return sha256_hex(str(path).encode("utf-8", "surrogateescape"))[:length]


def _standard_config_dir() -> Path:
    """The config directory the platform gives when nothing overrides it (on Linux: XDG_CONFIG_HOME unset)."""
    if sys.platform.startswith(("linux", "freebsd", "openbsd", "netbsd")):
        return Path.home() / ".config" / APP_DIR_NAME
    return Path(platformdirs.user_config_dir(APP_DIR_NAME, appauthor=False))


def _private_runtime_dir() -> Path | None:
    """$XDG_RUNTIME_DIR when it is what the spec promises (an absolute directory of ours, 0700), else None."""
    value = os.environ.get("XDG_RUNTIME_DIR", "")
    if not value or not os.path.isabs(value) or not hasattr(os, "getuid"):
        return None
    try:
        info = os.lstat(value)
    except OSError:
        return None
    if not stat.S_ISDIR(info.st_mode) or info.st_uid != os.getuid() or info.st_mode & 0o077:
        return None
    return Path(value)


def _socket_dir(fallback: Path, name: str) -> Path:
    """The directory for the instance socket: the runtime dir, else fallback, else a private one in /tmp."""
    runtime = _private_runtime_dir()
    for candidate in ([runtime / APP_DIR_NAME] if runtime else []) + [fallback]:
        if len(str(candidate / name).encode()) <= MAX_SOCKET_PATH:
            return candidate
    # A deep profile folder: a short private directory of this user's (ensure() checks who owns it).
    uid = os.getuid() if hasattr(os, "getuid") else 0
    return Path(tempfile.gettempdir()) / f"{APP_DIR_NAME}-{uid}"


def make_private_dir(path: Path) -> None:
    """Create path (and its parents) and make sure it is 0700 when it is ours, even if it existed before."""
    path.mkdir(parents=True, exist_ok=True, mode=DIR_MODE)
    info = path.lstat()
    if stat.S_ISLNK(info.st_mode) or not hasattr(os, "getuid") or info.st_uid != os.getuid():
        return  # a folder the person linked or shares on purpose is theirs to set up
    if stat.S_IMODE(info.st_mode) != DIR_MODE:
        os.chmod(path, DIR_MODE)


class Paths(msgspec.Struct, frozen=True):
    """The directories for one profile, its keyring service name and its instance socket's directory."""

    config_dir: Path
    cache_dir: Path
    data_dir: Path
    log_dir: Path
    keyring_service: str
    profile_dir: Path | None = None
    socket_dir: Path | None = None

    @classmethod
    def default(cls) -> Paths:
        """The platform's own directories (XDG on Linux).

        The keyring service is the plain one for the standard config directory, so existing sign-ins stay
        where they are; a config directory moved elsewhere (XDG_CONFIG_HOME) gets a namespace of its own, so
        two copies with different config directories never share keyring entries.
        """
        dirs = platformdirs.PlatformDirs(APP_DIR_NAME, appauthor=False)
        config = Path(dirs.user_config_dir)
        resolved = config.expanduser().resolve()
        standard = resolved == _standard_config_dir().expanduser().resolve()
        data = Path(dirs.user_data_dir)
        return cls(
            config_dir=config,
            cache_dir=Path(dirs.user_cache_dir),
            data_dir=data,
            log_dir=Path(dirs.user_log_dir),
            keyring_service=KEYRING_SERVICE
            if standard
            else f"{KEYRING_SERVICE}.config-{_digest(resolved, 12)}",
            socket_dir=_socket_dir(data / "run", cls._socket_name(config)),
        )

    @classmethod
    def for_profile(cls, profile: Path) -> Paths:
        """Everything under one folder, with a keyring namespace of its own derived from the folder's path."""
        root = profile.expanduser().resolve()
        return cls(
            config_dir=root / "config",
            cache_dir=root / "cache",
            data_dir=root / "data",
            log_dir=root / "logs",
            keyring_service=f"{KEYRING_SERVICE}.profile-{_digest(root, 12)}",
            profile_dir=root,
            socket_dir=_socket_dir(root / "run", cls._socket_name(root / "config")),
        )

    @staticmethod
    def _socket_name(config_dir: Path) -> str:
        return f"instance-{_digest(config_dir, 16)}"

    @property
    def accounts_file(self) -> Path:
        """The registry of accounts (no secrets)."""
        return self.config_dir / "accounts.json"

    @property
    def settings_file(self) -> Path:
        """Settings: connected app, login hosts, window state."""
        return self.config_dir / "settings.json"

    @property
    def photo_dir(self) -> Path:
        """The bounded photo cache."""
        return self.cache_dir / "photos"

    @property
    def feed_cache_dir(self) -> Path:
        """Each account's first feed page, kept for the next start."""
        return self.cache_dir / "feed"

    @property
    def demo_org_dir(self) -> Path:
        """Where the built-in demo org keeps its users, sign-ins and posts between runs."""
        return self.data_dir / "demo-org"

    @property
    def instance_socket_path(self) -> str:
        """The local socket a running instance of this profile listens on (QLocalServer takes the path).

        A full path in a directory only this user can enter, on Unix; a plain name (a named pipe) on Windows.
        """
        name = self._socket_name(self.config_dir)
        if os.name != "posix" or self.socket_dir is None:
            return f"{self.keyring_service}-{name}"
        return str(self._usable_socket_dir() / name)

    def _usable_socket_dir(self) -> Path:
        assert self.socket_dir is not None
        if self.socket_dir.exists() and not _is_private_dir(self.socket_dir):
            # Someone else's folder (the /tmp fallback of a deep profile): others could reach a socket there.
            return self.data_dir / "run"
        return self.socket_dir

    @property
    def instance_socket_name(self) -> str:
        """The same as instance_socket_path: QLocalServer and QLocalSocket accept a full path on Unix."""
        return self.instance_socket_path

    def ensure(self) -> None:
        """Create the directories, readable by the owner only, tightening ones that already exist."""
        if self.profile_dir is not None:
            make_private_dir(self.profile_dir)
        for path in (self.config_dir, self.cache_dir, self.data_dir, self.log_dir):
            make_private_dir(path)
        if self.socket_dir is not None and os.name == "posix":
            with contextlib.suppress(OSError):
                make_private_dir(self.socket_dir)
            if self._usable_socket_dir() != self.socket_dir:
                log.warning(
                    "The folder %s belongs to someone else; the instance socket goes elsewhere",
                    self.socket_dir,
                )
                make_private_dir(self._usable_socket_dir())


def _is_private_dir(path: Path) -> bool:
    try:
        info = path.lstat()
    except OSError:
        return False
    return (
        stat.S_ISDIR(info.st_mode)
        and hasattr(os, "getuid")
        and info.st_uid == os.getuid()
        and not info.st_mode & 0o077
    )
