"""The client a worker thread uses for one account: Connect REST calls plus the photo and feed caches."""

from __future__ import annotations

from msgspec.structs import replace

from desktop_app.api.client import ConnectClient
from desktop_app.api.credentials import AccountCredentials
from desktop_app.api.feedcache import FeedCache
from desktop_app.api.limits import ApiUsage
from desktop_app.api.photos import PhotoCache
from desktop_app.auth.account import Account


class AccountClient(ConnectClient):
    """A ConnectClient that keeps the first feed page for the next start and serves photos from the cache."""

    def __init__(
        self,
        account: Account,
        credentials: AccountCredentials,
        photo_cache: PhotoCache,
        feed_cache: FeedCache | None = None,
    ) -> None:
        super().__init__(account, credentials)
        self.account_key = account.key
        self._photos = photo_cache
        self._feed_cache = feed_cache
        self._account_credentials = credentials
        if feed_cache is not None:
            self.on_first_page = self._keep_first_page

    def _keep_first_page(self, body: object, feed: str) -> None:
        # A page that arrives after the account was revoked must not bring its cache back.
        if self._feed_cache is not None and not self._account_credentials.closed:
            self._feed_cache.save(self.account_key, body, feed)

    def keep_encoded_first_page(self, encoded: bytes, feed: str) -> None:
        """Keep a first page the page reader brought, as JSON (not once the account was signed out)."""
        if self._feed_cache is not None and not self._account_credentials.closed:
            self._feed_cache.save_encoded(self.account_key, encoded, feed)

    def for_reader(self) -> tuple[Account, str]:
        """The account as this client knows it now (with the API version it found) and its access token, for
        the page reader; SessionExpired when the account has no tokens."""
        account = replace(self.account, api_version=self.api_version)
        return account, self._account_credentials.current().access_token

    def learn(self, api_version: str | None, usage: ApiUsage | None) -> None:
        """What the page reader's read told of the org: the API version it used, the usage it reported."""
        if api_version and self._api_version is None:
            self._api_version = api_version
        if usage is not None:
            self.last_usage = usage

    def photo(self, url: str) -> bytes:
        """A photo's bytes, from the cache or fetched once with the bearer header."""
        return self._photos.get(url, self.fetch_bytes, account_key=self.account_key)
