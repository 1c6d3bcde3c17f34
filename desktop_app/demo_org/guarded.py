"""What every Chatter view runs behind: session, version and hourly limit checks, one transaction, errors."""

from __future__ import annotations

import functools
import json
from collections.abc import Callable
from typing import Any

from flask import Response, request

from .feed import FeedStore
from .host import NOT_FOUND, Host
from .segments import InputError
from .view import View

Handler = Callable[..., Response]


class HostRoutes:
    """Views of one instance host; `guarded` methods of a subclass get the user, a View and a FeedStore."""

    def __init__(self, host: Host) -> None:
        self.host = host


def json_input() -> Any:
    """The request's JSON body (None when it has none); malformed JSON is the API's JSON_PARSER_ERROR."""
    if not request.data:
        return None
    try:
        return json.loads(request.data)
    except ValueError:
        raise InputError("Malformed JSON in the request body", "JSON_PARSER_ERROR") from None


def not_found() -> InputError:
    """The error of an unknown id, or of an element that lacks the capability asked for."""
    return InputError(NOT_FOUND, "NOT_FOUND", 404)


def guarded(method: Handler) -> Handler:
    """Run a Chatter view behind the session, version and rate checks, in the request's one transaction.

    An InputError becomes its error body. Views check their input before they write, so the only write
    such a request keeps is the call it counted.
    """

    @functools.wraps(method)
    def wrapper(self: HostRoutes, version: str, **kwargs: str) -> Response:
        state = self.host.state
        with state.db.transaction() as conn:
            user = self.host.guard(version, chatter=True)
            if isinstance(user, Response):
                return user
            view = View(self.host.org, user.user_id, version, state.now())
            try:
                result: Response = method(self, user, view, FeedStore(conn, self.host.org), **kwargs)
            except InputError as error:
                body = json.dumps([{"errorCode": error.error_code, "message": error.message}])
                return Response(body, status=error.status, mimetype="application/json")
            return result

    return wrapper
