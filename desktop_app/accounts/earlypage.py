"""The first feed page, fetched by a helper process while the window is built.

At a start with no feed page kept from the last run (the first run, or after a revoke) the window has no posts
to show until the org answers, and asking needs the HTTP stack and the keyring first: a tenth of a second of
loading that would otherwise compete with building the window for the one interpreter. So the app forks a
helper at its very start, before Qt loads and before any thread exists; the helper loads them and asks on
another CPU while the window is built, and its answer comes back through a pipe.

The helper only reads. When the access token is refused it gives up instead of refreshing: the app's own
worker then asks again and refreshes, one refresh at a time as always. The only thing it writes is the copy
of the first page the app keeps for its next start. It logs nothing (why it gave up comes back with its
answer) and its standard streams go to /dev/null. It is used on Linux only, where a fork before any thread
exists is safe; elsewhere, and with the demo org inside the app, the worker asks as it always did.
"""

from __future__ import annotations

import contextlib
import os
import pickle
import select
import signal
import socket
import sys
import threading
import time
from typing import TYPE_CHECKING, NoReturn

from desktop_app.accounts import helperprocess
from desktop_app.accounts.book import AccountBook
from desktop_app.accounts.helperprocess import HelperAnswer
from desktop_app.api.feedcache import FeedCache
from desktop_app.api.photos import PhotoCache
from desktop_app.storage.lazysecrets import LazySecretStore
from desktop_app.storage.registry import AccountRegistry
from desktop_app.storage.settings import Settings

if TYPE_CHECKING:
    from desktop_app.api.feedreads import FeedRead
    from desktop_app.paths import Paths

# The client's own deadline for one call (60 s), and a margin for loading and the keyring.
WAIT_S = 65.0
MAX_ANSWER_BYTES = 64 * 1024 * 1024


def fetch(book: AccountBook, account_key: str, read: FeedRead) -> HelperAnswer:
    """Ask the org for the page with the account's saved tokens, never refreshing them."""
    # The HTTP stack and the keyring load here, in the helper.
    from desktop_app.accounts.client import AccountClient
    from desktop_app.accounts.helpercredentials import no_refresh
    from desktop_app.api.credentials import AccountCredentials

    account = book.account_for_client(account_key)
    credentials = AccountCredentials(account, book.secrets, account.client_id, no_refresh)
    client = AccountClient(account, credentials, book.photo_cache, book.feed_cache)
    try:
        page = read.run(client)
        return HelperAnswer(page, api_version=client.api_version, usage=client.last_usage)
    finally:
        client.close()


def _helper(book: AccountBook, account_key: str, read: FeedRead, write_fd: int) -> NoReturn:
    """The forked helper: fetch, answer through the pipe, end without running the app's exit handlers."""
    code = 0
    try:
        helperprocess.quiet()
        try:
            answer = fetch(book, account_key, read)
        except BaseException as exc:  # any failure: the app asks again itself
            answer = HelperAnswer(declined=helperprocess.reason(exc))
        data = pickle.dumps(answer, protocol=pickle.HIGHEST_PROTOCOL)
        with open(write_fd, "wb") as pipe:
            pipe.write(data)
    except BaseException:
        code = 1
    finally:
        os._exit(code)


class EarlyPage:
    """A helper under way; ``take`` waits for its answer (off the GUI thread), ``cancel`` ends it."""

    def __init__(self, account_key: str, read: FeedRead, pid: int, read_fd: int) -> None:
        self.account_key = account_key
        self.read = read
        self._pid = pid
        self._fd = read_fd
        self._lock = threading.Lock()
        self._taking = False
        self._done = False
        self.cancelled = False

    def take(self, timeout_s: float = WAIT_S) -> HelperAnswer:
        """Block until the helper answers (at most ``timeout_s``, then it is ended); once only."""
        with self._lock:
            if self._done or self._taking:
                return HelperAnswer(declined="cancelled")
            self._taking = True
        try:
            data = self._read(time.monotonic() + timeout_s)
        finally:
            with self._lock:
                self._finish()
        if isinstance(data, str):
            return HelperAnswer(declined=data)
        try:
            # The bytes come from the helper this process forked, through a pipe only the two of them hold.
            answer = pickle.loads(data)  # noqa: S301
        except Exception as exc:
            return HelperAnswer(declined=f"unreadable answer ({type(exc).__name__})")
        return answer if isinstance(answer, HelperAnswer) else HelperAnswer(declined="unreadable answer")

    def _read(self, deadline: float) -> bytes | str:
        """The helper's whole answer, or why there is none."""
        chunks: list[bytes] = []
        size = 0
        while True:
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                self._kill()
                return "no answer in time"
            ready, _, _ = select.select([self._fd], [], [], remaining)
            if not ready:
                continue
            chunk = os.read(self._fd, 1 << 16)
            if not chunk:
                return b"".join(chunks) if chunks else "the helper ended without an answer"
            size += len(chunk)
            if size > MAX_ANSWER_BYTES:
                self._kill()
                return "answer too large"
            chunks.append(chunk)

    def cancel(self) -> None:
        """End the helper now; a ``take`` under way returns at once without a page."""
        with self._lock:
            if self._done:
                return
            self.cancelled = True
            self._kill()
            if not self._taking:
                self._finish()

    def _kill(self) -> None:
        with contextlib.suppress(OSError):
            os.kill(self._pid, signal.SIGKILL)

    def _finish(self) -> None:
        """Close the pipe and collect the helper's exit (it has ended, or ends now that it was killed)."""
        if self._done:
            return
        self._done = True
        with contextlib.suppress(OSError):
            os.close(self._fd)
        with contextlib.suppress(ChildProcessError):
            os.waitpid(self._pid, 0)


def fork_helper(book: AccountBook, account_key: str, read: FeedRead) -> EarlyPage | None:
    """Fork a helper asking for ``read`` as the account; None when the system refuses a new process."""
    read_fd, write_fd = os.pipe()
    try:
        pid = os.fork()
    except OSError:
        os.close(read_fd)
        os.close(write_fd)
        return None
    if pid == 0:
        os.close(read_fd)
        _helper(book, account_key, read, write_fd)
    os.close(write_fd)
    return EarlyPage(account_key, read, pid, read_fd)


def _another_instance(socket_path: str) -> bool:
    """True when a running instance listens for this profile (the new launch only hands over to it)."""
    if not os.path.isabs(socket_path):
        return False
    with socket.socket(socket.AF_UNIX, socket.SOCK_STREAM) as peer:
        try:
            peer.connect(socket_path)
        except OSError:
            return False
    return True


def open_book(paths: Paths, client_id_override: str | None = None) -> AccountBook:
    """The saved accounts as the app opens them (the keyring opens only when a token is read)."""
    return AccountBook(
        registry=AccountRegistry(paths.accounts_file),
        secrets=LazySecretStore(paths.keyring_service),
        settings=Settings(paths.settings_file),
        photo_cache=PhotoCache(paths.photo_dir),
        feed_cache=FeedCache(paths.feed_cache_dir),
        client_id_override=client_id_override,
    )


def can_fork(paths: Paths) -> bool:
    """True when a helper may be forked now: on Linux, before any thread exists, as the profile's only
    instance (a second launch just hands over to the first)."""
    if not sys.platform.startswith("linux") or threading.active_count() != 1:
        return False
    return not _another_instance(paths.instance_socket_name)
