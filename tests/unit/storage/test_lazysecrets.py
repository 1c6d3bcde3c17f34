"""The lazy store opens the keyring on first use, and says so when it had to fall back to memory."""

from __future__ import annotations

import sys
import threading

import pytest

from desktop_app.storage.lazysecrets import LazySecretStore
from desktop_app.storage.secrets import Tokens


def test_nothing_is_opened_until_first_use(fail_keyring: None) -> None:
    store = LazySecretStore("connect-desktop-lazy-test")
    assert store.warning is None
    assert store._store is None
    assert store.get("00D000000000001AAA/005000000000001AAA") is None
    assert store.warning is not None
    assert "memory" in store.warning
    assert store.persistent is False


def test_memory_fallback_still_keeps_tokens_for_the_run(fail_keyring: None) -> None:
    store = LazySecretStore("connect-desktop-lazy-test")
    key = "00D000000000001AAA/005000000000001AAA"
    store.set(key, Tokens("access", "refresh"))
    assert store.get(key) == Tokens("access", "refresh")
    store.delete(key)
    assert store.get(key) is None


def test_threads_racing_to_first_use_open_one_store(fail_keyring: None) -> None:
    store = LazySecretStore("connect-desktop-lazy-test")
    opened: list[object] = []
    barrier = threading.Barrier(8)

    def use() -> None:
        barrier.wait()
        opened.append(store.resolve())

    threads = [threading.Thread(target=use) for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert len({id(o) for o in opened}) == 1


@pytest.mark.keyring
def test_a_real_secret_service_is_used_and_persists(secret_service: str) -> None:
    store = LazySecretStore(secret_service)
    key = "00D000000000001AAA/005000000000001AAA"
    store.set(key, Tokens("access-token-value", "refresh-token-value"))
    assert store.warning is None
    assert store.persistent is True
    assert "SecretService" in store.backend_name
    assert LazySecretStore(secret_service).get(key) == Tokens("access-token-value", "refresh-token-value")


def test_importing_the_lazy_store_loads_no_keyring() -> None:
    import subprocess

    code = "import sys, desktop_app.storage.lazysecrets; print('keyring' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"
