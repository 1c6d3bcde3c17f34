"""The lazy store opens the keyring on first use, tries again after a back-off, and never claims too much."""

from __future__ import annotations

import sys
import threading

import keyring
import keyring.backend
import keyring.errors
import pytest
from keyring.compat import properties

from desktop_app.storage.lazysecrets import RETRY_FIRST, RETRY_MAX, KeyringStatus, LazySecretStore
from desktop_app.storage.secrets import SecretsUnavailable, Tokens

KEY = "00D000000000001AAA/005000000000001AAA"
SERVICE = "connect-desktop-lazy-test"


class UnlockableKeyring(keyring.backend.KeyringBackend):
    """An in-process keyring that can be locked, as a Secret Service whose unlock prompt was dismissed."""

    @properties.classproperty
    def priority(cls) -> float:
        raise RuntimeError("a test keyring is only used when a test sets it")

    def __init__(self, *, locked: bool = False) -> None:
        super().__init__()
        self.values: dict[tuple[str, str], str] = {}
        self.locked = locked
        self.calls = 0

    def _check(self) -> None:
        self.calls += 1
        if self.locked:
            raise keyring.errors.KeyringLocked("Failed to unlock the collection!")

    def get_password(self, service: str, username: str) -> str | None:
        self._check()
        return self.values.get((service, username))

    def set_password(self, service: str, username: str, password: str) -> None:
        self._check()
        self.values[(service, username)] = password

    def delete_password(self, service: str, username: str) -> None:
        self._check()
        if self.values.pop((service, username), None) is None:
            raise keyring.errors.PasswordDeleteError("not found")


class Clock:
    """A clock the test moves by hand."""

    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


@pytest.fixture
def unlockable(fail_keyring: None) -> UnlockableKeyring:
    """The process-wide keyring, locked at first (the fail_keyring fixture restores the real one after)."""
    backend = UnlockableKeyring(locked=True)
    keyring.set_keyring(backend)
    return backend


def test_nothing_is_opened_until_first_use(fail_keyring: None) -> None:
    store = LazySecretStore("connect-desktop-lazy-test")
    assert store.warning is None
    assert store.status is KeyringStatus.UNOPENED
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


def test_a_keyring_locked_at_start_up_is_tried_again_after_the_back_off(
    unlockable: UnlockableKeyring,
) -> None:
    clock = Clock()
    store = LazySecretStore(SERVICE, clock=clock)
    with pytest.raises(SecretsUnavailable) as caught:
        store.get(KEY)
    assert "locked" in caught.value.user_message
    assert store.status is KeyringStatus.UNAVAILABLE
    assert store.warning is not None
    unlockable.locked = False
    unlockable.values[(SERVICE, KEY)] = '{"a":"access","r":"refresh","v":1}'
    calls = unlockable.calls
    with pytest.raises(SecretsUnavailable):
        store.get(KEY)  # within the back-off: the keyring is not asked again
    assert unlockable.calls == calls
    clock.now += RETRY_FIRST
    assert store.get(KEY) == Tokens("access", "refresh")
    assert store.status is KeyringStatus.KEYRING
    assert store.persistent is True
    assert store.warning is None


def test_tokens_that_cannot_be_read_now_are_not_none(unlockable: UnlockableKeyring) -> None:
    store = LazySecretStore(SERVICE, clock=Clock())
    for call in (lambda: store.get(KEY), lambda: store.set(KEY, Tokens("a", "r")), lambda: store.delete(KEY)):
        with pytest.raises(SecretsUnavailable):
            call()
    unlockable.locked = False
    store.retry_now()
    assert store.get(KEY) is None  # now it is known: there are none


def _seconds_until_next_try(store: LazySecretStore, backend: UnlockableKeyring, clock: Clock) -> float:
    """How long the store waits before asking the keyring again (the clock moves a second at a time)."""
    calls, waited = backend.calls, 0.0
    while backend.calls == calls:
        clock.now += 1.0
        waited += 1.0
        store.resolve()
    return waited


def test_the_back_off_doubles_up_to_its_cap(unlockable: UnlockableKeyring) -> None:
    clock = Clock()
    store = LazySecretStore(SERVICE, clock=clock)
    with pytest.raises(SecretsUnavailable):
        store.get(KEY)
    delays = [_seconds_until_next_try(store, unlockable, clock) for _ in range(6)]
    assert delays == [min(RETRY_FIRST * 2**n, RETRY_MAX) for n in range(6)]


def test_a_keyring_locked_mid_session_backs_off_then_recovers(unlockable: UnlockableKeyring) -> None:
    clock = Clock()
    unlockable.locked = False
    store = LazySecretStore(SERVICE, clock=clock)
    store.set(KEY, Tokens("a", "r"))
    unlockable.locked = True
    with pytest.raises(SecretsUnavailable):
        store.get(KEY)
    calls = unlockable.calls
    unlockable.locked = False
    with pytest.raises(SecretsUnavailable):
        store.get(KEY)
    assert unlockable.calls == calls
    clock.now += RETRY_FIRST
    assert store.get(KEY) == Tokens("a", "r")


def test_deleting_from_the_keyring_says_so(unlockable: UnlockableKeyring) -> None:
    unlockable.locked = False
    store = LazySecretStore(SERVICE)
    store.set(KEY, Tokens("a", "r"))
    deletion = store.delete(KEY)
    assert deletion.in_keyring
    assert deletion.found
    assert deletion.text.startswith("Deleted the tokens from the keyring (backend: ")
    again = store.delete(KEY)
    assert again.in_keyring
    assert not again.found
    assert "held no tokens" in again.text


def test_without_a_keyring_deleting_never_claims_the_keyring(fail_keyring: None) -> None:
    store = LazySecretStore(SERVICE)
    store.set(KEY, Tokens("a", "r"))
    assert store.status is KeyringStatus.MEMORY
    deletion = store.delete(KEY)
    assert not deletion.in_keyring
    assert deletion.found
    assert "Deleted the tokens from the keyring" not in deletion.text
    assert "memory" in deletion.text


def test_deleting_while_the_keyring_is_locked_does_not_pretend(unlockable: UnlockableKeyring) -> None:
    unlockable.locked = False
    store = LazySecretStore(SERVICE, clock=Clock())
    store.set(KEY, Tokens("a", "r"))
    unlockable.locked = True
    with pytest.raises(SecretsUnavailable):
        store.delete(KEY)
    assert unlockable.values  # still there, and the caller was told
