"""Connect REST API calls for one account: a keep-alive session, bearer auth, one refresh-and-retry on 401.

A ConnectClient belongs to one thread (requests.Session is not meant to be shared); every client of an
account shares that account's AccountCredentials, which serialises refreshes.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable, Mapping
from types import TracebackType
from typing import Any, TypeVar
from urllib.parse import parse_qsl, urljoin, urlsplit, urlunsplit

import requests

from desktop_app import __version__
from desktop_app.api.credentials import AccountCredentials
from desktop_app.api.errors import ApiError, BadResponse, SessionExpired, error_for_response, is_write
from desktop_app.api.frontdoor import check_ret_path, checked_frontdoor
from desktop_app.api.jsonbody import read_json
from desktop_app.api.limits import ApiUsage, parse_limit_info
from desktop_app.api.models import (
    NEWS_FEED,
    ApiVersion,
    Comment,
    FeedItem,
    FeedPage,
    Like,
    UserDetail,
    UserSummary,
)
from desktop_app.api.multipart import MultipartBody
from desktop_app.api.parse import (
    parse_comment,
    parse_comment_page,
    parse_feed_item,
    parse_feed_page,
    parse_frontdoor,
    parse_like,
    parse_user_detail,
    parse_user_page,
    parse_versions,
)
from desktop_app.api.segments import segments_for
from desktop_app.api.transport import (
    API_DEADLINE,
    MAX_BINARY_BYTES,
    BearerAuth,
    WatchedAdapter,
    origin,
    path_of,
    retry_policy,
    send,
)
from desktop_app.api.versions import MAX_API_VERSION, MIN_API_VERSION, pick_version, segment_id
from desktop_app.auth.account import Account
from desktop_app.auth.hosts import UntrustedHost, check_token_host, is_content_host_of, is_secure_or_loopback

log = logging.getLogger("connect.api")

T = TypeVar("T")

DEFAULT_TIMEOUT = (5.0, 30.0)
MAX_DOWNLOAD_BYTES = MAX_BINARY_BYTES
MAX_COMMENT_PAGES = 50
_NOT_FOR_REST = "This session is not valid for use with the REST API"


class ConnectClient:
    """Connect REST API calls for one account (use from one thread; share the credentials instead)."""

    def __init__(
        self,
        account: Account,
        credentials: AccountCredentials,
        *,
        timeout: tuple[float, float] = DEFAULT_TIMEOUT,
        deadline: float = API_DEADLINE,
        user_agent: str = f"ConnectDesktop/{__version__}",
    ) -> None:
        if not is_secure_or_loopback(account.instance_url):
            raise ApiError(
                None,
                "insecure_url",
                "instance URL is neither https nor loopback",
                None,
                user_message=(
                    "This account's Salesforce address is not secure (https), "
                    "so Connect Desktop won't use it."
                ),
            )
        try:
            check_token_host(account.instance_url, account.login_host, "instance URL")
        except UntrustedHost as exc:
            raise ApiError(None, "untrusted_host", str(exc), None, user_message=str(exc)) from exc
        self.account = account
        self.timeout = timeout
        self.deadline = deadline
        self.last_usage: ApiUsage | None = None
        self.decode_entities = False
        # Called with the raw body of every good first feed page and the feed's path ("" for the news feed):
        # the app keeps it for its next visit. Search answers are not kept.
        self.on_first_page: Callable[[object, str], None] | None = None
        self._credentials = credentials
        parts = urlsplit(account.instance_url)
        self._base = urlunsplit((parts.scheme.lower(), parts.netloc.lower(), "", "", ""))
        self._origin = origin(self._base)
        self._api_version = account.api_version
        self._version_lock = threading.Lock()
        self._session = requests.Session()
        self._session.headers.update(
            {
                "Accept": "application/json",
                "X-Chatter-Entity-Encoding": "false",
                "User-Agent": user_agent,
            }
        )
        adapter = WatchedAdapter(max_retries=retry_policy())
        self._session.mount("https://", adapter)
        self._session.mount("http://", adapter)

    @property
    def instance_url(self) -> str:
        """The instance every call goes to (scheme and host only)."""
        return self._base

    @property
    def api_version(self) -> str | None:
        """The API version in use: the account's saved one, or the discovered one once known."""
        return self._api_version

    def close(self) -> None:
        """Close the session and its connections."""
        self._session.close()

    def __enter__(self) -> ConnectClient:
        return self

    def __exit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        self.close()

    def resolve(self, url: str, *, content: bool = False) -> str:
        """An absolute URL on this instance for a server-sent URL; ApiError for any other host.

        With ``content`` (photos, files), Salesforce's own content domains over https are accepted too:
        real orgs serve profile photos from hosts such as ``acme--c.file.force.com``.
        """
        if not url or not url.strip():
            raise ApiError(None, "bad_url", "empty URL", None)
        absolute = urljoin(self._base + "/", url.strip())
        if content and is_content_host_of(absolute, self._base):
            return absolute
        if origin(absolute) != self._origin:
            log.warning(
                "Refused to send this account's token to another host: %s", urlsplit(absolute).hostname
            )
            raise ApiError(
                None,
                "foreign_host",
                f"refused to send credentials to {urlsplit(absolute).hostname}",
                None,
                user_message="Salesforce pointed to another server; Connect Desktop did not follow it.",
            )
        return absolute

    def ensure_api_version(self) -> str:
        """The API version, discovered from `GET /services/data/` on first use."""
        with self._version_lock:
            if self._api_version is None:
                chosen = pick_version(self.versions())
                if chosen is None:
                    raise ApiError(
                        None,
                        "no_supported_version",
                        f"no API version between {MIN_API_VERSION} and {MAX_API_VERSION}",
                        self._base,
                        user_message="This org offers no API version Connect Desktop can use.",
                    )
                log.info("Using API version %s for %s", chosen, self.account.key)
                self._api_version = chosen
            return self._api_version

    def data_url(self, path: str) -> str:
        """`{instance}/services/data/v{version}{path}`."""
        return f"{self._base}/services/data/v{self.ensure_api_version()}{path}"

    def _send(self, method: str, url: str, token: str, **kwargs: Any) -> requests.Response:
        started = time.monotonic()
        response = send(
            self._session,
            method,
            url,
            auth=BearerAuth(token),
            timeout=self.timeout,
            **{"deadline": self.deadline, **kwargs},
        )
        usage = parse_limit_info(response.headers.get("Sforce-Limit-Info"))
        if usage is not None:
            self.last_usage = usage
        log.debug(
            "%s %s -> %s in %.0f ms",
            method,
            path_of(url),
            response.status_code,
            (time.monotonic() - started) * 1000,
        )
        return response

    @staticmethod
    def _token_refused(response: requests.Response, url: str, any_forbidden: bool) -> bool:
        if response.status_code == 401:
            # Refreshing cannot fix a session the org does not allow for the REST API: avoid a loop.
            return _NOT_FOR_REST not in response.text
        if response.status_code == 403:
            path = path_of(url)
            oauth_or_id = path.startswith(("/services/oauth2/", "/id/"))
            return oauth_or_id and (any_forbidden or "Bad_OAuth_Token" in response.text)
        return False

    def request(
        self,
        method: str,
        url: str,
        *,
        refresh_on_forbidden: bool = False,
        content: bool = False,
        **kwargs: Any,
    ) -> requests.Response:
        """Send with the current token; on a refused token refresh once and retry once; map failures."""
        url = self.resolve(url, content=content)
        tokens = self._credentials.current()
        response = self._send(method, url, tokens.access_token, **kwargs)
        if self._token_refused(response, url, refresh_on_forbidden):
            response.close()
            log.info("Access token refused for %s; refreshing", self.account.key)
            tokens = self._credentials.refresh(tokens.access_token)
            body = kwargs.get("data")
            if isinstance(body, MultipartBody):
                body.rewind()  # the first try read it to the end: the retry sends it whole again
            response = self._send(method, url, tokens.access_token, **kwargs)
            # With a fresh token only an explicit refusal means the session is gone; another 403 is a 403.
            if self._token_refused(response, url, False):
                response.close()
                raise SessionExpired(
                    response.status_code,
                    "INVALID_SESSION_ID",
                    "token refused again right after a refresh",
                    url,
                )
        if not 200 <= response.status_code < 300:
            error = error_for_response(
                response.status_code,
                response.text,
                response.headers.get("Content-Type", ""),
                url,
                response.headers.get("Retry-After"),
                method=method,
            )
            response.close()
            log.info(
                "%s %s failed: %s %s", method, path_of(url), response.status_code, error.error_code or ""
            )
            raise error
        return response

    def _json(self, response: requests.Response, url: str, *, write: bool = False) -> object:
        content_type = response.headers.get("Content-Type", "").lower()
        status = response.status_code
        # A write answered 2xx was carried out even when its answer cannot be read.
        if "html" in content_type:
            raise BadResponse(status, None, "HTML page instead of JSON", url, maybe_applied=write)
        try:
            return read_json(response)
        except (ValueError, RecursionError) as exc:
            raise BadResponse(status, None, "body is not JSON", url, maybe_applied=write) from exc

    def _call(self, method: str, url: str, parse: Callable[[object], T], **kwargs: Any) -> T:
        response = self.request(method, url, **kwargs)
        write = is_write(method)
        body = self._json(response, url, write=write)
        try:
            return parse(body)
        except BadResponse as exc:
            raise BadResponse(
                response.status_code, exc.error_code, exc.message, url, maybe_applied=write
            ) from exc

    def _parse_opts(self) -> dict[str, bool]:
        return {"decode_entities": self.decode_entities}

    def versions(self) -> list[ApiVersion]:
        """API versions the org offers, oldest first."""
        return self._call("GET", f"{self._base}/services/data/", parse_versions)

    def news_feed(self, page_url: str | None = None, page_size: int = 25) -> FeedPage:
        """A page of the news feed: the first one, or the one at a `next_page_url`."""
        return self.feed_page(NEWS_FEED, page_url, page_size)

    def feed_page(
        self, feed_path: str, page_url: str | None = None, page_size: int = 25, query: str = ""
    ) -> FeedPage:
        """A page of any feed-elements resource: the first one (searched with `query`), or a next page."""
        if not feed_path.startswith("/chatter/feeds/") or not feed_path.endswith("/feed-elements"):
            raise ValueError(f"not a feed-elements resource: {feed_path}")
        size = max(1, min(100, page_size))
        params: dict[str, str | int] | None = None
        if page_url is None:
            url = self.data_url(feed_path)
            params = {"pageSize": size, **({"q": query} if query else {})}
        else:
            url = self.resolve(page_url)
            query_string = urlsplit(url).query
            if not any(key == "pageSize" for key, _ in parse_qsl(query_string, keep_blank_values=True)):
                # Appended, not re-encoded: the page token goes back exactly as the server wrote it.
                url = f"{url}{'&' if query_string else '?'}pageSize={size}"
        keep = page_url is None and not query and self.on_first_page is not None

        def parse(body: object) -> FeedPage:
            page = parse_feed_page(body, **self._parse_opts())
            if keep and self.on_first_page is not None:
                self.on_first_page(body, "" if feed_path == NEWS_FEED else feed_path)
            return page

        return self._call("GET", url, parse, params=params)

    def feed_updates(self, updates_url: str) -> FeedPage:
        """Elements created since the page that gave `updates_url` (poll at most once a minute)."""
        url = self.resolve(updates_url)
        return self._call("GET", url, lambda b: parse_feed_page(b, **self._parse_opts()))

    def post(self, text: str, mentions: Mapping[str, str] | None = None, subject_id: str = "me") -> FeedItem:
        """Post to a feed: the user's own, or a group's, record's or user's (`subject_id`)."""
        body = {
            "feedElementType": "FeedItem",
            "subjectId": subject_id or "me",
            "body": {"messageSegments": segments_for(text, mentions)},
        }
        url = self.data_url("/chatter/feed-elements")
        return self._call("POST", url, lambda b: parse_feed_item(b, **self._parse_opts()), json=body)

    def comment(self, feed_element_id: str, text: str, mentions: Mapping[str, str] | None = None) -> Comment:
        """Comment on a feed element."""
        element = segment_id(feed_element_id, "feed element id")
        url = self.data_url(f"/chatter/feed-elements/{element}/capabilities/comments/items")
        body = {"body": {"messageSegments": segments_for(text, mentions)}}
        return self._call("POST", url, lambda b: parse_comment(b, **self._parse_opts()), json=body)

    def comments(self, feed_element_id: str) -> list[Comment]:
        """All comments on a feed element, in the order the server pages them."""
        element = segment_id(feed_element_id, "feed element id")
        url: str | None = self.data_url(f"/chatter/feed-elements/{element}/capabilities/comments/items")
        params: dict[str, int] | None = {"pageSize": 100}
        out: list[Comment] = []
        for _ in range(MAX_COMMENT_PAGES):
            if url is None:
                break
            page, next_url = self._call(
                "GET", url, lambda b: parse_comment_page(b, **self._parse_opts()), params=params
            )
            out.extend(page)
            url, params = (self.resolve(next_url) if next_url else None), None
        return out

    def like(self, feed_element_id: str) -> Like:
        """Like a feed element."""
        element = segment_id(feed_element_id, "feed element id")
        url = self.data_url(f"/chatter/feed-elements/{element}/capabilities/chatter-likes/items")
        return self._call("POST", url, lambda b: parse_like(b, **self._parse_opts()))

    def unlike(self, like_id: str) -> None:
        """Remove a like (the `my_like_id` of an item)."""
        self.request("DELETE", self.data_url(f"/chatter/likes/{segment_id(like_id, 'like id')}")).close()

    def feed_element(self, feed_element_id: str) -> FeedItem:
        """One feed element as it stands now (its likes and comment count included)."""
        url = self.data_url(f"/chatter/feed-elements/{segment_id(feed_element_id, 'feed element id')}")
        return self._call("GET", url, lambda b: parse_feed_item(b, **self._parse_opts()))

    def delete_feed_element(self, feed_element_id: str) -> None:
        """Delete a feed element the user may delete."""
        element = segment_id(feed_element_id, "feed element id")
        self.request("DELETE", self.data_url(f"/chatter/feed-elements/{element}")).close()

    def me(self) -> UserDetail:
        """The signed-in user's profile."""
        return self._call("GET", self.data_url("/chatter/users/me"), self._user_detail)

    def user(self, user_id: str) -> UserDetail:
        """Another user's profile."""
        url = self.data_url(f"/chatter/users/{segment_id(user_id, 'user id')}")
        return self._call("GET", url, self._user_detail)

    def _user_detail(self, body: object) -> UserDetail:
        return parse_user_detail(body, **self._parse_opts())

    def search_users(self, q: str, page_size: int = 25) -> list[UserSummary]:
        """Users matching `q` (for @mention pickers)."""
        params: dict[str, str | int] = {"q": q, "pageSize": max(1, min(100, page_size))}
        url = self.data_url("/chatter/users")
        return self._call("GET", url, lambda b: parse_user_page(b, **self._parse_opts()), params=params)

    def frontdoor_url(self, ret_path: str = "/") -> str:
        """A one-time URL opening `ret_path` in the browser with this session (it never holds the token)."""
        url = f"{self._base}/services/oauth2/singleaccess"
        data = {"redirect_uri": check_ret_path(ret_path)}
        uri = self._call("POST", url, parse_frontdoor, data=data, refresh_on_forbidden=True)
        return checked_frontdoor(uri, self.account.login_host, url)

    def fetch_bytes(self, url: str, max_bytes: int = MAX_DOWNLOAD_BYTES) -> bytes:
        """The body at a URL on this instance or its content hosts; ResponseTooLarge past `max_bytes`."""
        absolute = self.resolve(url, content=True)
        response = self.request(
            "GET", absolute, content=True, max_bytes=max_bytes, headers={"Accept": "image/*, */*;q=0.5"}
        )
        return response.content
