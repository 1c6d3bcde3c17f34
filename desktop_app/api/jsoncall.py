"""One Connect REST call answered with JSON, parsed into a model, for operations kept outside the client.

The client is only used through its public methods (``data_url``, ``request``, ``decode_entities``), so the
modules that build operations never import the HTTP stack: only the worker threads running them do.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any, TypeVar

from desktop_app.api.errors import BadResponse, is_write
from desktop_app.api.jsonbody import read_json

if TYPE_CHECKING:
    from desktop_app.api.client import ConnectClient

T = TypeVar("T")


def json_call(
    client: ConnectClient, method: str, url: str, parse: Callable[[object, bool], T], **kwargs: Any
) -> T:
    """Send, read the JSON answer and parse it with ``parse(body, decode_entities)``.

    A write answered 2xx was carried out even when its answer cannot be read: such a BadResponse says so.
    """
    result = optional_json_call(client, method, url, parse, **kwargs)
    if result is None:
        raise BadResponse(204, None, "no answer where one was expected", url, maybe_applied=is_write(method))
    return result


def optional_json_call(
    client: ConnectClient, method: str, url: str, parse: Callable[[object, bool], T], **kwargs: Any
) -> T | None:
    """Like ``json_call``, but a 204 No Content answer (documented for some writes) is None."""
    write = is_write(method)
    response = client.request(method, url, **kwargs)
    if response.status_code == 204:
        response.close()
        return None
    try:
        if "html" in response.headers.get("Content-Type", "").lower():
            raise BadResponse(
                response.status_code, None, "HTML page instead of JSON", url, maybe_applied=write
            )
        try:
            body = read_json(response)
        except (ValueError, RecursionError) as exc:
            raise BadResponse(
                response.status_code, None, "body is not JSON", url, maybe_applied=write
            ) from exc
    finally:
        response.close()
    try:
        return parse(body, client.decode_entities)
    except BadResponse as exc:
        raise BadResponse(
            response.status_code, exc.error_code, exc.message, url, maybe_applied=write
        ) from exc


def _as_sent(body: object, _decode_entities: bool) -> object:
    return body


def json_answer(client: ConnectClient, method: str, url: str, **kwargs: Any) -> object:
    """Send and read the JSON answer as it came (for callers that pick fields from it themselves)."""
    return json_call(client, method, url, _as_sent, **kwargs)


def no_content_call(client: ConnectClient, method: str, url: str, **kwargs: Any) -> int:
    """Send a request whose answer has no body worth reading (a DELETE's 204); its status code."""
    response = client.request(method, url, **kwargs)
    status = response.status_code
    response.close()
    return status
