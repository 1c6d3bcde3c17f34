"""The object a worker thread calls for one account: the Connect client plus the photo and feed caches."""

from __future__ import annotations

from functools import partial
from typing import Any

from desktop_app.api.client import ConnectClient
from desktop_app.api.credentials import AccountCredentials
from desktop_app.api.feedcache import FeedCache
from desktop_app.api.photos import PhotoCache
from desktop_app.auth.account import Account


class AccountClient:
    """A ConnectClient (every operation by name) that also serves photos through the shared cache."""

    def __init__(
        self,
        account: Account,
        credentials: AccountCredentials,
        photo_cache: PhotoCache,
        feed_cache: FeedCache | None = None,
    ) -> None:
        self.account_key = account.key
        self._client = ConnectClient(account, credentials)
        self._photos = photo_cache
        if feed_cache is not None:
            self._client.on_first_page = partial(self._keep_first_page, feed_cache, credentials)

    def _keep_first_page(self, cache: FeedCache, credentials: AccountCredentials, body: object) -> None:
        # A page that arrives after the account was revoked must not bring its cache back.
        if not credentials.closed:
            cache.save(self.account_key, body)

    def __getattr__(self, name: str) -> Any:
        return getattr(self._client, name)

    def photo(self, url: str) -> bytes:
        """A photo's bytes, from the cache or fetched once with the bearer header."""
        return self._photos.get(url, self._client.fetch_bytes, account_key=self.account_key)

    def close(self) -> None:
        """Close the client's sockets."""
        self._client.close()
