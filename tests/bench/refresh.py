"""Fifty calls meet an expired token at once: how many refreshes reach the org."""

from __future__ import annotations

import threading
from concurrent.futures import ThreadPoolExecutor
from typing import Any

from desktop_app.api.client import ConnectClient
from desktop_app.api.credentials import AccountCredentials
from desktop_app.demo_org import DemoOrg
from desktop_app.storage.secrets import MemorySecretStore
from tests.demo_accounts import signed_in_account

CALLS = 50


def run() -> dict[str, Any]:
    """refreshes_for_50_concurrent_401s, with rotation on (the case where a second refresh would hurt)."""
    with DemoOrg(rotate_refresh_tokens=True) as demo:
        user = demo.users[0]
        secrets = MemorySecretStore()
        account = signed_in_account(demo, user, secrets, api_version="66.0")
        credentials = AccountCredentials(account, secrets, demo.client_id)
        clients = [ConnectClient(account, credentials) for _ in range(CALLS)]
        demo.expire_access_tokens()
        before = demo.counters["refresh"]
        barrier = threading.Barrier(CALLS)

        def call(client: ConnectClient) -> str:
            barrier.wait()
            return client.me().id

        try:
            with ThreadPoolExecutor(CALLS) as pool:
                results = list(pool.map(call, clients))
        finally:
            for client in clients:
                client.close()
            credentials.close()
        refreshes = demo.counters["refresh"] - before
    return {
        "refreshes_for_50_concurrent_401s": refreshes,
        "concurrent_calls_succeeded": sum(1 for r in results if r == user.user_id),
    }
