"""Feed pages read in a helper process, so the window's interpreter never waits for a worker building one.

Python runs one thread of a process at a time. A worker reading a feed page holds the interpreter for some
5 ms a page (HTTP, JSON, building the posts), and the window, wanting it back to lay out and paint, waits for
it: those waits are what make frames late while a feed streams in (``make bench``, ``gui_stall_max_ms``).
So once the window is up the app starts a reader: the app's own program again, run with ``--page-reader``,
holding one end of a socket pair. The workers hand it each feed-page read with the account's current access
token and wait on the socket, which leaves the interpreter to the window; the reader answers with the page,
built, or with the error the read ended in. Until it says it is ready, and after it ended, the workers read
themselves.

Each read travels with the app's proxy and trust choices of the moment, so a proxy or CA file set in
Settings applies to the reader too. The reader never refreshes a token and never opens the keyring: when an
access token is refused it says so, and the worker refreshes and reads in its own process as always.
Whatever else it cannot do (an answer that would not travel, say) is answered "declined" too, and the worker
reads itself. It writes nothing: a first page to keep for the next start comes back as JSON, and the worker
keeps it unless the account was signed out meanwhile. It logs nothing, runs at a lower CPU priority than the
window, and ends when the app closes its end of the socket. Reads of different accounts run side by side in
it, so a slow org holds back only its own account.
"""

from __future__ import annotations

import contextlib
import itertools
import os
import pickle
import signal
import socket
import subprocess
import sys
import threading
from typing import TYPE_CHECKING, Any, NoReturn

import msgspec

from desktop_app import gcpolicy, log
from desktop_app.accounts import helperprocess
from desktop_app.accounts.helperprocess import HelperAnswer
from desktop_app.errors import AppError

if TYPE_CHECKING:
    from desktop_app.accounts.helpercredentials import GivenToken
    from desktop_app.api.client import ConnectClient
    from desktop_app.auth.account import Account
    from desktop_app.auth.network import NetworkConfig

# The client's own deadline for one call (60 s), and a margin.
WAIT_S = 65.0
READER_NICENESS = 10
OPTION = "--page-reader"
CLOSE_WAIT_S = 2.0
_HELLO = 0  # the call number of the reader's first message: it is ready


class _Waiter:
    def __init__(self) -> None:
        self.done = threading.Event()
        self.payload: bytes | None = None


class PageReader:
    """The app's handle on its reader process; ``read`` is called on worker threads."""

    def __init__(self, sock: socket.socket, process: subprocess.Popen[bytes]) -> None:
        self._sock = sock
        self._process = process
        self._lock = threading.Lock()
        self._sending = threading.Lock()
        self._numbers = itertools.count(_HELLO + 1)
        self._waiting: dict[int, _Waiter] = {}
        self._ready = threading.Event()
        self._ended = ""
        self._closed = False
        self.reads = 0  # answered by the reader (not declined)
        self._receiver = threading.Thread(target=self._receive, name="page-reader", daemon=True)
        self._receiver.start()

    def wait_ready(self, timeout_s: float) -> bool:
        """Block until the reader said it is ready (at most ``timeout_s``); False if it did not (or ended)."""
        return self._ready.wait(timeout_s) and not self._ended

    @property
    def closed(self) -> bool:
        """True once the app closed the reader (it is quitting)."""
        return self._closed

    @property
    def ended(self) -> str:
        """Why the reader is gone ("" while it runs)."""
        return self._ended

    def read(
        self,
        account: Account,
        access_token: str,
        operation: Any,
        network: NetworkConfig,
        timeout_s: float = WAIT_S,
    ) -> HelperAnswer:
        """Run ``operation`` in the reader as ``account`` with ``access_token``, through the proxy and with
        the trust of ``network`` (the app's choices now); blocks until it answers."""
        waiter = _Waiter()
        with self._lock:
            if self._ended:
                return HelperAnswer(declined=self._ended)
            if not self._ready.is_set():
                return HelperAnswer(declined="the reader is starting")
            number = next(self._numbers)
            self._waiting[number] = waiter
        try:
            request = pickle.dumps(
                (account, access_token, operation, network), protocol=pickle.HIGHEST_PROTOCOL
            )
            with self._sending:
                helperprocess.send_frame(self._sock, number, request)
        except (OSError, pickle.PicklingError, TypeError, AttributeError) as exc:
            self._forget(number)
            if isinstance(exc, OSError):
                self._end(f"the reader ended ({type(exc).__name__})")
            return HelperAnswer(declined=f"not sent ({type(exc).__name__})")
        if not waiter.done.wait(timeout_s):
            self._forget(number)
            return HelperAnswer(declined="no answer in time")
        if waiter.payload is None:
            return HelperAnswer(declined=self._ended or "no answer")
        try:
            # Bytes from the reader this process started, through a socket only the two of them hold.
            answer = pickle.loads(waiter.payload)  # noqa: S301
        except Exception as exc:
            return HelperAnswer(declined=f"unreadable answer ({type(exc).__name__})")
        if not isinstance(answer, HelperAnswer):
            return HelperAnswer(declined="unreadable answer")
        if not answer.declined:
            self.reads += 1
        return answer

    def _forget(self, number: int) -> None:
        with self._lock:
            self._waiting.pop(number, None)

    def _receive(self) -> None:
        """Hand each answer to the worker waiting for it, until the reader ends."""
        while True:
            try:
                frame = helperprocess.receive_frame(self._sock)
            except OSError:
                frame = None
            if frame is None:
                if not self._closed:
                    log.api.warning("The page reader ended; the workers read feed pages themselves")
                self._end("the reader ended")
                return
            number, payload = frame
            if number == _HELLO:
                log.api.info("The page reader is ready")
                self._ready.set()
                continue
            with self._lock:
                waiter = self._waiting.pop(number, None)
            if waiter is not None:
                waiter.payload = payload
                waiter.done.set()

    def _end(self, why: str) -> None:
        """From now on every read is declined; the ones waiting return at once."""
        with self._lock:
            if not self._ended:
                self._ended = why
            waiting, self._waiting = self._waiting, {}
        self._ready.set()
        for waiter in waiting.values():
            waiter.done.set()

    def close(self) -> None:
        """End the reader (a read under way returns declined at once) and collect its exit; once only."""
        with self._lock:
            if self._closed:
                return
            self._closed = True
        self._end("the reader was closed")
        with contextlib.suppress(OSError):
            self._sock.shutdown(socket.SHUT_RDWR)  # the reader's end sees it closed, and the reader ends
        try:
            self._process.wait(timeout=CLOSE_WAIT_S)
        except subprocess.TimeoutExpired:
            self._process.kill()  # busy in a read it cannot leave: nothing it does is kept
            self._process.wait()
        self._receiver.join(timeout=CLOSE_WAIT_S)
        self._sock.close()


class _Account:
    """One account's client in the reader; one read at a time for it (the app sends one at a time too)."""

    def __init__(self, account: Account) -> None:
        # The HTTP stack loads here, in the reader, with its first read.
        from desktop_app.accounts.helpercredentials import GivenToken
        from desktop_app.api.client import ConnectClient

        self.account = account
        self.credentials: GivenToken = GivenToken(account)
        self.client: ConnectClient = ConnectClient(account, self.credentials)
        self.lock = threading.Lock()

    def run(self, access_token: str, operation: Any) -> HelperAnswer:
        # Loaded with the HTTP stack, in the reader.
        from desktop_app.accounts.helpercredentials import Declined
        from desktop_app.api.jsonbody import encode_json

        kept: list[tuple[str, bytes]] = []
        self.credentials.access_token = access_token
        self.client.on_first_page = lambda body, feed: kept.append((feed, encode_json(body)))
        try:
            value = operation.run(self.client)
        except Declined as exc:
            return HelperAnswer(declined=helperprocess.reason(exc))
        except AppError as exc:
            return HelperAnswer(error=exc, api_version=self.client.api_version, usage=self.client.last_usage)
        return HelperAnswer(
            value,
            api_version=self.client.api_version,
            usage=self.client.last_usage,
            kept=kept[0] if kept else None,
        )


class _Reader(msgspec.Struct):
    """The reader's side of the socket, and each account's client."""

    sock: socket.socket
    sending: threading.Lock = msgspec.field(default_factory=threading.Lock)
    accounts: dict[str, _Account] = msgspec.field(default_factory=dict)
    accounts_lock: threading.Lock = msgspec.field(default_factory=threading.Lock)


def _answer(reader: _Reader, number: int, request: bytes) -> None:
    """Run one read and send its answer (a thread of the reader's own)."""
    try:
        # Bytes from the app that started this reader, through a socket only the two of them hold.
        account, access_token, operation, network = pickle.loads(request)  # noqa: S301
        # Loaded here, in the reader: the TLS stack. The app's proxy and trust choices as they are now
        # (Settings may have changed them since the fork).
        from desktop_app.auth.network import configure as configure_network

        configure_network(network)
        with reader.accounts_lock:
            reading = reader.accounts.get(account.key)
            if reading is None or reading.account != account:
                reading = reader.accounts[account.key] = _Account(account)
        with reading.lock:
            answer = reading.run(access_token, operation)
        payload = pickle.dumps(answer, protocol=pickle.HIGHEST_PROTOCOL)
    except BaseException as exc:  # whatever went wrong, the worker reads itself
        payload = pickle.dumps(HelperAnswer(declined=helperprocess.reason(exc)))
    with reader.sending, contextlib.suppress(OSError):
        helperprocess.send_frame(reader.sock, number, payload)


def serve(fd: int) -> NoReturn:
    """The reader (``--page-reader FD``): answer the reads that come on the socket ``fd`` until the app
    closes its end, then end at once (nothing of it needs tidying: it keeps nothing)."""
    os._exit(_serve(fd))


def _serve(fd: int) -> int:
    helperprocess.quiet()
    # The app ends the reader by closing its end of the socket: a Ctrl+C or a SIGTERM meant for the app (its
    # whole process group gets them) leaves the reader to finish the reads the app is still waiting for.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, signal.SIG_IGN)
    # Background work: where CPUs are short, the window's painting goes first.
    os.nice(READER_NICENESS)
    gcpolicy.tune_after_start_up()  # what it loaded stays for good; collect as the app does once started
    sock = socket.socket(fileno=fd)
    # Loaded before saying it is ready, so the first read does not wait for them.
    import desktop_app.accounts.helpercredentials
    import desktop_app.api.client  # noqa: F401

    reader = _Reader(sock)
    try:
        helperprocess.send_frame(sock, _HELLO, b"")
        while (frame := helperprocess.receive_frame(sock)) is not None:
            number, request = frame
            threading.Thread(target=_answer, args=(reader, number, request), daemon=True).start()
    except OSError:
        return 1
    return 0


def _own_program() -> list[str]:
    """How to run this program again: the frozen build's executable, else this interpreter and package."""
    if getattr(sys, "frozen", False):
        return [sys.executable]
    return [sys.executable, "-m", "desktop_app"]


def spawn() -> PageReader | None:
    """Start the reader (on POSIX systems); None where it cannot run, the workers then read themselves."""
    if os.name != "posix":
        return None
    ours, theirs = socket.socketpair(socket.AF_UNIX, socket.SOCK_STREAM)
    try:
        # This program itself, with arguments of its own making.
        process = subprocess.Popen(  # noqa: S603
            [*_own_program(), OPTION, str(theirs.fileno())],
            pass_fds=(theirs.fileno(),),
            stdin=subprocess.DEVNULL,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
    except OSError as exc:
        log.api.warning("The page reader could not start (%s); workers read feed pages themselves", exc)
        ours.close()
        return None
    finally:
        theirs.close()
    return PageReader(ours, process)
