"""The demo org in a process of its own, as a real org is: the app's GIL is not shared with the server."""

from __future__ import annotations

import json
import subprocess
import sys
from dataclasses import dataclass
from types import TracebackType
from typing import Any

import requests

from desktop_app.auth.account import Account, account_key
from tests.unit.demo_org.browser_steps import sign_in


@dataclass
class RemoteDemo:
    """``python -m desktop_app.demo_org`` started as a child; signs users in over HTTP like a browser."""

    login_url: str = ""
    client_id: str = ""
    orgs: tuple[dict[str, Any], ...] = ()
    users: tuple[str, ...] = ()
    _process: subprocess.Popen[str] | None = None

    @property
    def callback_url(self) -> str:
        """The connected app's callback."""
        return f"{self.login_url}/services/oauth2/success"

    def __enter__(self) -> RemoteDemo:
        self._process = subprocess.Popen(
            [sys.executable, "-m", "desktop_app.demo_org", "--port", "0"],
            stdout=subprocess.PIPE,
            stderr=subprocess.DEVNULL,
            text=True,
        )
        assert self._process.stdout is not None
        info = json.loads(self._process.stdout.readline())
        self.login_url, self.client_id = info["login_url"], info["client_id"]
        self.orgs, self.users = tuple(info["orgs"]), tuple(info["users"])
        return self

    def __exit__(self, *_exc: type[BaseException] | BaseException | TracebackType | None) -> None:
        if self._process is not None:
            self._process.terminate()
            self._process.communicate(timeout=30)

    def account(self, username: str) -> tuple[Account, dict[str, str]]:
        """Sign a user in through the login and approval pages; the account and the callback's values."""
        with requests.Session() as session:
            values = sign_in(session, self, username)  # type: ignore[arg-type]
        org_id, user_id = values["id"].rstrip("/").split("/")[-2:]
        org = next(o for o in self.orgs if o["org_id"] == org_id)
        account = Account(
            key=account_key(org_id, user_id),
            org_id=org_id,
            user_id=user_id,
            username=username,
            display_name=username,
            org_name=org["name"],
            login_host=self.login_url,
            instance_url=values["instance_url"],
            id_url=values["id"],
            flow="user_agent",
            api_version="66.0",
            client_id=self.client_id,
        )
        return account, values
