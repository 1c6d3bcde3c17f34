"""Where Connect Desktop keeps its state: the platform's directories, or one folder given with --profile."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from pathlib import Path

import platformdirs

APP_DIR_NAME = "connect-desktop"
KEYRING_SERVICE = "connect-desktop"


@dataclass(frozen=True)
class Paths:
    """The directories for one profile and the keyring service name that goes with them."""

    config_dir: Path
    cache_dir: Path
    data_dir: Path
    log_dir: Path
    keyring_service: str
    profile_dir: Path | None = None

    @classmethod
    def default(cls) -> Paths:
        """The platform's own directories (XDG on Linux) and the plain keyring service."""
        dirs = platformdirs.PlatformDirs(APP_DIR_NAME, appauthor=False)
        return cls(
            config_dir=Path(dirs.user_config_dir),
            cache_dir=Path(dirs.user_cache_dir),
            data_dir=Path(dirs.user_data_dir),
            log_dir=Path(dirs.user_log_dir),
            keyring_service=KEYRING_SERVICE,
        )

    @classmethod
    def for_profile(cls, profile: Path) -> Paths:
        """Everything under one folder, with a keyring namespace of its own derived from the folder's path."""
        root = profile.expanduser().resolve()
        suffix = hashlib.sha256(str(root).encode()).hexdigest()[:12]
        return cls(
            config_dir=root / "config",
            cache_dir=root / "cache",
            data_dir=root / "data",
            log_dir=root / "logs",
            keyring_service=f"{KEYRING_SERVICE}.profile-{suffix}",
            profile_dir=root,
        )

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
    def instance_socket_name(self) -> str:
        """The local socket name a running instance of this profile listens on."""
        return f"{self.keyring_service}-{hashlib.sha256(str(self.config_dir).encode()).hexdigest()[:10]}"

    def ensure(self) -> None:
        """Create the directories, readable by the owner only."""
        for path in (self.config_dir, self.cache_dir, self.data_dir, self.log_dir):
            path.mkdir(parents=True, exist_ok=True, mode=0o700)
