"""API calls off the GUI thread: worker objects on their own QThreads, results back as signals.

Every call names an account and a channel (``"feed:<key>"``, ``"profile:<key>"`` ...). Bumping a channel's
generation makes the answers of calls already under way for it arrive as dropped, so a page that belongs to
the account the user just left never lands in the view of the one they moved to.
"""

from __future__ import annotations

import itertools
import sys
import threading
import time
from collections.abc import Callable
from enum import IntEnum
from typing import TYPE_CHECKING, Any, Generic, TypeVar

import msgspec
import msgspec.structs
from PySide6.QtCore import QObject, QThread, QTimer, Signal, Slot

from desktop_app import log
from desktop_app.api.errors import ApiError
from desktop_app.api.feedreads import FeedElements
from desktop_app.api.operations import FeedUpdates, NewsFeed, Operation
from desktop_app.errors import AppError
from desktop_app.ui.app import startupreport

if TYPE_CHECKING:
    # The client imports requests: only the worker threads load it, when the first call runs.
    from desktop_app.accounts.client import AccountClient
    from desktop_app.accounts.earlypage import EarlyPage
    from desktop_app.accounts.helperprocess import HelperAnswer
    from desktop_app.accounts.pagereader import PageReader


class Lane(IntEnum):
    """Which worker thread a call runs on, so a slow feed page never holds back a post or a photo.

    Reads and writes get a thread per account: an org that answers slowly (or trickles its answer until
    the request's deadline) holds back only its own account. Photos share one thread, and file downloads
    (which may take minutes) another, so a download never holds back pictures.
    """

    READ = 0
    WRITE = 1
    PHOTO = 2
    DOWNLOAD = 3


ClientFactory = Callable[[str], "AccountClient"]
# The reads the page reader runs (see accounts/pagereader.py): feed pages, the biggest answers to build.
READER_READS = (NewsFeed, FeedElements, FeedUpdates)
T = TypeVar("T")
AnyOperation = Operation["AccountClient", Any]


class ApiCall(msgspec.Struct, frozen=True):
    """One request to run an operation on an account's client."""

    call_id: int
    account_key: str
    channel: str
    generation: int
    operation: AnyOperation
    lane: Lane = Lane.READ
    early: EarlyPage | None = None  # start-up's helper process asking the same (its answer is taken)

    @property
    def name(self) -> str:
        """The operation's name, for logs."""
        return type(self.operation).__name__


class ApiOutcome(msgspec.Struct, Generic[T], frozen=True):
    """What came back: a value or an error, and what the client learned on the way (version, usage)."""

    call: ApiCall
    value: T | None = None
    error: BaseException | None = None
    api_version: str | None = None
    usage: Any = None

    @property
    def ok(self) -> bool:
        """True when the call returned normally."""
        return self.error is None


class ApiWorker(QObject):
    """Runs calls on its own thread, with one client per account there (signals: done(ApiOutcome))."""

    done = Signal(object)

    def __init__(self, client_factory: ClientFactory, reader: PageReader | None = None) -> None:
        super().__init__()
        self._client_factory = client_factory
        self.reader = reader  # set from the GUI thread once the page reader starts
        self._clients: dict[str, AccountClient] = {}

    @Slot(object)
    def run(self, call: ApiCall) -> None:
        """Run one call and emit its outcome."""
        if call.early is not None:
            answer = call.early.take()
            if not answer.declined:
                log.api.info("The first feed page came from the start-up helper")
                outcome = ApiOutcome(call, answer.value, api_version=answer.api_version, usage=answer.usage)
                self.done.emit(outcome)
                return
            log.api.info("The start-up helper brought no first page (%s); asking again", answer.declined)
        client: AccountClient | None = None
        value: Any = None
        error: BaseException | None = None
        try:
            client = self._clients.get(call.account_key)
            if client is None:
                client = self._client_factory(call.account_key)
                self._clients[call.account_key] = client
            read = self._read_in_reader(call, client)
            if read is None:
                value = call.operation.run(client)
            elif read.error is not None:
                raise read.error
            else:
                value = read.value
        except AppError as exc:
            error = exc
        except Exception as exc:  # a bug must not kill the worker thread; the UI reports it
            log.ui.exception("%s failed unexpectedly", call.name)
            error = exc
        self.done.emit(
            ApiOutcome(
                call,
                value=value,
                error=error,
                api_version=client.api_version if client is not None else None,
                usage=client.last_usage if client is not None else None,
            )
        )

    def _read_in_reader(self, call: ApiCall, client: AccountClient) -> HelperAnswer | None:
        """A feed page read by the page reader; None when there is none, or it declined (read here then)."""
        reader = self.reader
        if reader is None or call.lane is not Lane.READ or not isinstance(call.operation, READER_READS):
            return None
        # Loaded on the worker thread, with the HTTP stack it belongs to (it loads the TLS stack).
        from desktop_app.auth import network

        account, access_token = client.for_reader()
        answer = reader.read(account, access_token, call.operation, network.current())
        if answer.declined and reader.closed:
            # The app is quitting: nobody waits for this page any more.
            raise ApiError(None, "cancelled", "the app is quitting", None)
        if answer.declined:
            log.api.debug("The page reader declined %s (%s); reading here", call.name, answer.declined)
            return None
        client.learn(answer.api_version, answer.usage)
        if answer.kept is not None:
            client.keep_encoded_first_page(answer.kept[1], answer.kept[0])
        return answer

    @Slot(str)
    def forget(self, account_key: str) -> None:
        """Close and drop an account's client (after a revoke or a new sign-in)."""
        client = self._clients.pop(account_key, None)
        if client is not None:
            client.close()

    @Slot()
    def close_all(self) -> None:
        """Close every client's sockets."""
        for key in list(self._clients):
            self.forget(key)


PREFETCH_FRESH_S = 30.0
# Long enough for a request under way to finish or time out (connect 5 s + read 30 s).
SHUTDOWN_WAIT_MS = 40_000
_STILL_RUNNING: list[tuple[QThread, ApiWorker]] = []


class _Prefetch(msgspec.Struct):
    call_id: int
    started: float
    outcome: ApiOutcome[Any] | None = None
    waiter: ApiCall | None = None


class _Inbox(QObject):
    """Hands calls to one worker thread (signals: submit(ApiCall), queued to the worker's thread)."""

    submit = Signal(object)


class ApiService(QObject):
    """The GUI thread's handle on the workers (signals: outcome(ApiOutcome), busy_changed(bool))."""

    outcome = Signal(object)
    busy_changed = Signal(bool)

    _forget = Signal(str)
    _close_all = Signal()

    def __init__(
        self,
        client_factory: ClientFactory,
        parent: QObject | None = None,
        *,
        reader: PageReader | None = None,
    ) -> None:
        """``reader``: the page reader the workers hand feed-page reads to (accounts/pagereader.py)."""
        super().__init__(parent)
        self._client_factory = client_factory
        self._reader = reader
        self._ids = itertools.count(1)
        self._generations: dict[str, int] = {}
        self._pending: dict[int, Callable[[ApiOutcome[Any]], None]] = {}
        self._prefetches: dict[tuple[str, AnyOperation], _Prefetch] = {}
        self._threads: list[QThread] = []
        self._workers: list[ApiWorker] = []
        self._inboxes: dict[tuple[Lane, str], _Inbox] = {}
        self._shut_down = False
        self._held: list[ApiCall] | None = None
        self._client_made = threading.Event()  # set on a worker thread once its first client exists
        self._early: list[EarlyPage] = []

    def _inbox(self, lane: Lane, account_key: str) -> _Inbox:
        """The worker thread for a lane (and account, for reads and writes), started on first use."""
        slot = (lane, "" if lane in (Lane.PHOTO, Lane.DOWNLOAD) else account_key)
        inbox = self._inboxes.get(slot)
        if inbox is None:
            thread = QThread(self)
            thread.setObjectName(f"api-{lane.name.lower()}-{len(self._threads)}")
            worker = ApiWorker(self._make_client, self._reader)
            worker.moveToThread(thread)
            inbox = _Inbox(self)
            inbox.submit.connect(worker.run)
            self._forget.connect(worker.forget)
            self._close_all.connect(worker.close_all)
            worker.done.connect(self._on_done)
            thread.finished.connect(worker.deleteLater)
            thread.start()
            self._threads.append(thread)
            self._workers.append(worker)  # a parentless QObject lives only as long as its Python reference
            self._inboxes[slot] = inbox
        return inbox

    def _make_client(self, account_key: str) -> AccountClient:
        # On a worker thread.
        client = self._client_factory(account_key)
        self._client_made.set()
        return client

    def wait_for_a_client(self, timeout_s: float) -> bool:
        """Block until a worker has made its first client (the HTTP stack and the keyring are loaded), at
        most ``timeout_s``; True when one has.

        At start-up without a kept page, the page's worker spends about a tenth of a second loading them
        before it can ask anything; waiting for that before building the window lets the keyring's and the
        org's answers come while the window is built, instead of after, and keeps the two from competing
        for the interpreter meanwhile.
        """
        return self._client_made.wait(timeout_s)

    def use_reader(self, reader: PageReader | None) -> None:
        """Hand feed-page reads to this page reader from now on (None: read them on the workers)."""
        self._reader = reader
        for worker in self._workers:
            worker.reader = reader

    def generation(self, channel: str) -> int:
        """The channel's current generation."""
        return self._generations.get(channel, 0)

    def bump(self, channel: str) -> int:
        """Start a new generation for a channel: answers to older calls on it will be dropped."""
        self._generations[channel] = self.generation(channel) + 1
        return self._generations[channel]

    def call(
        self,
        account_key: str,
        operation: Operation[AccountClient, T],
        *,
        channel: str = "",
        lane: Lane = Lane.READ,
        on_done: Callable[[ApiOutcome[T]], None] | None = None,
    ) -> int:
        """Queue an operation for an account; ``on_done`` runs on the GUI thread unless dropped."""
        channel = channel or f"{type(operation).__name__}:{account_key}"
        call = ApiCall(next(self._ids), account_key, channel, self.generation(channel), operation, lane)
        self._send(call, on_done)
        return call.call_id

    def _send(self, call: ApiCall, on_done: Callable[[ApiOutcome[Any]], None] | None) -> None:
        was_idle = not self._pending
        if on_done is not None:
            self._pending[call.call_id] = on_done
        if self._shut_down:
            # Quitting: no new thread may start (one started now would outlive the app and abort it).
            log.ui.debug("dropped %s asked for after the workers stopped", call.name)
            self._pending.pop(call.call_id, None)
            if call.early is not None:
                call.early.cancel()
            return
        if call.lane is not Lane.READ or not self._take_prefetch(call):
            if self._held is not None:
                self._held.append(call)
            else:
                self._inbox(call.lane, call.account_key).submit.emit(call)
        if was_idle and self._pending:
            self.busy_changed.emit(True)

    def hold(self) -> None:
        """Keep new calls back until ``release``: while the window is first painted, a worker's first call
        (which loads the HTTP stack and the keyring) would compete with it for the interpreter."""
        if self._held is None:
            self._held = []

    def release(self) -> None:
        """Send the calls held back, in the order they were made."""
        held, self._held = self._held or [], None
        for call in held:
            if not self._shut_down:
                self._inbox(call.lane, call.account_key).submit.emit(call)

    def prefetch(self, account_key: str, operation: AnyOperation, *, early: EarlyPage | None = None) -> None:
        """Start a read now; the first identical ``call`` within a short while takes its answer.

        At start-up the first feed page is asked for while the window is still being built, so the network
        and the keyring work overlap with it instead of following it. ``early``: a helper process already
        asking for it; the worker waits for that answer, and asks itself only when there is none.
        """
        key = (account_key, operation)
        channel = f"prefetch:{account_key}"
        generation = self.generation(channel)
        call = ApiCall(next(self._ids), account_key, channel, generation, operation, early=early)
        if early is not None:
            self._early.append(early)
        self._send(call, self._on_prefetched)
        self._prefetches[key] = _Prefetch(call.call_id, time.monotonic())

    def _take_prefetch(self, call: ApiCall) -> bool:
        """Attach a call to an identical prefetch; True when it was (its answer comes from the prefetch)."""
        key = (call.account_key, call.operation)
        entry = self._prefetches.get(key)
        if entry is None or entry.waiter is not None:
            return False
        if time.monotonic() - entry.started > PREFETCH_FRESH_S:
            del self._prefetches[key]  # too old to stand in for a fresh read
            return False
        if entry.outcome is not None:
            del self._prefetches[key]
            answer = msgspec.structs.replace(entry.outcome, call=call)
            QTimer.singleShot(0, lambda: self._on_done(answer))
        else:
            entry.waiter = call
        return True

    def _on_prefetched(self, outcome: ApiOutcome[Any]) -> None:
        startupreport.mark("first_page_arrived")
        key = (outcome.call.account_key, outcome.call.operation)
        entry = self._prefetches.get(key)
        if entry is None or entry.call_id != outcome.call.call_id:
            return
        if entry.waiter is None:
            entry.outcome = outcome
            return
        del self._prefetches[key]
        self._on_done(msgspec.structs.replace(outcome, call=entry.waiter))

    def forget_account(self, account_key: str) -> None:
        """Close the account's clients on every worker (its tokens changed or it was removed)."""
        self._forget.emit(account_key)

    @property
    def busy(self) -> bool:
        """True while any call with a callback is under way."""
        return bool(self._pending)

    @Slot(object)
    def _on_done(self, outcome: ApiOutcome[Any]) -> None:
        callback = self._pending.pop(outcome.call.call_id, None)
        if callback is not None and not self._pending:
            self.busy_changed.emit(False)
        if outcome.call.generation != self.generation(outcome.call.channel):
            log.ui.debug("dropped a stale answer to %s", outcome.call.name)
            return
        self.outcome.emit(outcome)
        if callback is not None:
            callback(outcome)

    def shutdown(self, msecs: int = SHUTDOWN_WAIT_MS) -> bool:
        """Close every client and join every worker thread; False if one is still busy after ``msecs``.

        A thread still running a request then stays referenced for the rest of the process (destroying a
        running QThread aborts the program); the process ends it on exit.
        """
        self._shut_down = True
        self._held = None
        for early in self._early:
            early.cancel()  # a worker waiting for its helper returns at once
        if self._reader is not None:
            self._reader.close()  # and so does one waiting for the page reader
        self._close_all.emit()
        # Exchanges still waiting on a server are cut now rather than at their deadline. The module that
        # tracks them is loaded by the workers' first request; when it never was, nothing is under way.
        bounded = sys.modules.get("desktop_app.auth.bounded")
        if bounded is not None:
            bounded.cut_every_exchange()
        for thread in self._threads:
            thread.quit()
        busy = [(t, w) for t, w in zip(self._threads, self._workers, strict=True) if not t.wait(msecs)]
        for thread, worker in busy:
            log.ui.warning("worker thread %s was still busy at quit", thread.objectName())
            thread.setParent(None)
            _STILL_RUNNING.append((thread, worker))
        self._threads.clear()
        self._workers.clear()
        return not busy
