"""Shared pieces of the benchmarks: medians, timing child processes, a saved demo account."""

from __future__ import annotations

import os
import statistics
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

from desktop_app.accounts.pagereader import PageReader, spawn
from desktop_app.auth.account import Account
from desktop_app.demo_org import DemoOrg
from desktop_app.paths import Paths
from desktop_app.storage import settings as keys
from desktop_app.storage.keyringopen import open_secret_store
from desktop_app.storage.registry import AccountRegistry
from desktop_app.storage.secrets import KeyringSecretStore
from desktop_app.storage.settings import Settings
from tests.demo_accounts import signed_in_account

ROOT = Path(__file__).resolve().parents[2]


def median(values: list[float]) -> float:
    """The median, rounded for the report."""
    return round(statistics.median(values), 4)


def stall_tail(gaps: list[float], budget: float = 16.0) -> dict[str, float]:
    """How the longest heartbeat gaps spread (reported beside the budgeted maximum, which one bad moment of a
    shared machine decides): the 99th percentile, and how many gaps passed the budget."""
    ordered = sorted(gaps)
    p99 = ordered[min(len(ordered) - 1, int(len(ordered) * 0.99))] if ordered else 0.0
    return {"p99_ms": p99, "over_budget": sum(1 for gap in ordered if gap > budget)}


@dataclass(frozen=True)
class Timed:
    """A child process's wall time to its marker line, and the line itself."""

    seconds: float
    line: str


def time_until_marker(args: list[str], marker: str, env: dict[str, str], timeout: float = 120) -> Timed:
    """Start a process and return the wall time until it prints a line starting with ``marker``."""
    started = time.perf_counter()
    process = subprocess.Popen(
        args, cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True
    )
    assert process.stdout is not None
    found = ""
    for line in process.stdout:
        if line.startswith(marker):
            found = line.strip()
            break
    elapsed = time.perf_counter() - started
    try:
        process.wait(timeout=timeout)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()
    if not found:
        raise RuntimeError(f"{' '.join(args)} never printed {marker!r} (exit {process.returncode})")
    return Timed(elapsed, found)


def child_env(**extra: str) -> dict[str, str]:
    """The environment for child processes: offscreen, no sandbox under root."""
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", **extra)
    if hasattr(os, "geteuid") and os.geteuid() == 0:
        env.setdefault("QTWEBENGINE_DISABLE_SANDBOX", "1")
    return env


def python() -> str:
    """This interpreter."""
    return sys.executable


def save_demo_account(demo: DemoOrg, profile: Path, user_index: int = 0) -> Account:
    """A profile with one saved account of the demo org, its tokens in the real keyring."""
    store, warning = open_secret_store(Paths.for_profile(profile).keyring_service)
    if warning or not isinstance(store, KeyringSecretStore):
        raise RuntimeError("the start-up benchmark needs a Secret Service; run it with `make bench`")
    paths = Paths.for_profile(profile)
    paths.ensure()
    account = signed_in_account(demo, demo.users[user_index], store, api_version="66.0")
    AccountRegistry(paths.accounts_file).upsert(account)
    Settings(paths.settings_file).set(keys.CLIENT_ID, demo.client_id)
    Settings(paths.settings_file).set(keys.LAST_ACCOUNT, account.key)
    return account


def app_page_reader() -> PageReader | None:
    """A page reader as the app starts one once its window is up (accounts/pagereader.py), ready."""
    reader = spawn()
    if reader is not None and not reader.wait_ready(30):
        raise RuntimeError(f"the page reader did not start: {reader.ended}")
    return reader
