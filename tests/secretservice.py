"""Tests that keep tokens in a real Secret Service skip without one, and fail where CI requires one."""

from __future__ import annotations

import os

import keyring
import pytest


def require_secret_service() -> None:
    """Skip the test (fail it under CONNECT_REQUIRE_KEYRING=1) unless keyring uses a Secret Service."""
    backend = keyring.get_keyring()
    if type(backend).__module__ != "keyring.backends.SecretService":
        reason = f"needs a Secret Service keyring, found {backend!r}"
        if os.environ.get("CONNECT_REQUIRE_KEYRING") == "1":
            pytest.fail(reason)
        pytest.skip(reason)
