"""Application settings (connected app, login hosts, network, window layout) in JSON; never a secret."""

from __future__ import annotations

import copy
import json
import logging
import threading
from pathlib import Path
from typing import Any

from .jsonfile import read_json_object, write_json_atomic

log = logging.getLogger("connect.storage")

FILE_NAME = "settings.json"

CLIENT_ID = "client_id"
CALLBACK_URL = "callback_url"
SCOPES = "scopes"
LOGIN_HOSTS = "login_hosts"
DEFAULT_FLOW = "default_flow"
WINDOW_GEOMETRY = "window_geometry"
WINDOW_STATE = "window_state"
SPLITTER = "splitter"
LAST_ACCOUNT = "last_account"
PROXY_MODE = "proxy_mode"
PROXY_HOST = "proxy_host"
PROXY_PORT = "proxy_port"
PROXY_USER = "proxy_user"
EXTRA_CA_FILE = "extra_ca_file"
CURRENT_PLACES = "current_places"
SHOW_ALL_ACCOUNTS = "show_all_accounts"
GROUPS_SCOPE = "groups_scope"
COMPOSER_HEIGHT = "composer_height"

DEFAULTS: dict[str, Any] = {
    CLIENT_ID: "",
    CALLBACK_URL: "",  # empty: {login host}/services/oauth2/success
    SCOPES: "api refresh_token",
    LOGIN_HOSTS: [],  # custom My Domain / site hosts, in the order people added them
    DEFAULT_FLOW: "user_agent",
    WINDOW_GEOMETRY: None,  # {"x", "y", "width", "height", "maximized"}
    WINDOW_STATE: None,  # base64 of QMainWindow.saveState()
    SPLITTER: None,  # the three pane widths
    LAST_ACCOUNT: None,  # account key
    PROXY_MODE: "system",  # "system", "manual" or "none" (auth.network.ProxyMode)
    PROXY_HOST: "",  # manual proxy host
    PROXY_PORT: 8080,  # manual proxy port
    PROXY_USER: "",  # manual proxy user name; its password lives in the keyring (storage.proxysecrets)
    EXTRA_CA_FILE: "",  # a PEM file of CA certificates trusted besides the system's
    CURRENT_PLACES: {},  # account key -> the place (feed.places JSON) the account was showing last
    GROUPS_SCOPE: 0,  # the groups list shows my groups (0) or every group (1)
    SHOW_ALL_ACCOUNTS: False,  # "All accounts" was on screen last: it opens first next time
}

_WHAT = "settings file"
_UNSET = object()


class Settings:
    """A flat JSON object of settings with defaults; every set() rewrites the file atomically."""

    def __init__(self, path: Path) -> None:
        self.path = Path(path)
        data, warning = read_json_object(self.path, _WHAT)
        self.recovered_warning: str | None = warning
        self._data: dict[str, Any] = data if data is not None else {}
        self._lock = threading.Lock()

    def get(self, key: str, default: Any = _UNSET) -> Any:
        """The stored value, else default, else the built-in default for the key (None if it has none)."""
        with self._lock:
            if key in self._data:
                return copy.deepcopy(self._data[key])
        if default is not _UNSET:
            return default
        return copy.deepcopy(DEFAULTS.get(key))

    def get_str(self, key: str) -> str:
        """The value as text; the built-in default when the stored value is not text."""
        value = self.get(key)
        if isinstance(value, str):
            return value
        fallback = DEFAULTS.get(key)
        return fallback if isinstance(fallback, str) else ""

    def get_str_list(self, key: str) -> list[str]:
        """The value as a list of text; the built-in default when the stored value is not one."""
        value = self.get(key)
        if isinstance(value, list) and all(isinstance(item, str) for item in value):
            return value
        fallback = DEFAULTS.get(key)
        return list(fallback) if isinstance(fallback, list) else []

    def set(self, key: str, value: Any) -> None:
        """Store a JSON-compatible value (TypeError otherwise) and write the file (unless it holds it already:
        each start sets the account shown, usually the same, and a write waits for the disk twice)."""
        text = json.dumps(value, allow_nan=False, sort_keys=True)  # fail before anything changes
        with self._lock:
            if key in self._data and json.dumps(self._data[key], sort_keys=True) == text:
                return
            data = dict(self._data)
            data[key] = copy.deepcopy(value)
            write_json_atomic(self.path, data)
            self._data = data

    def remove(self, key: str) -> None:
        """Go back to the default for key."""
        with self._lock:
            if key not in self._data:
                return
            data = dict(self._data)
            del data[key]
            write_json_atomic(self.path, data)
            self._data = data


def network_is_default(settings: Settings) -> bool:
    """True while the saved choices are the system's proxy and trust (what every part uses untold)."""
    mode = settings.get_str(PROXY_MODE) or "system"
    return mode == "system" and not settings.get_str(EXTRA_CA_FILE)
