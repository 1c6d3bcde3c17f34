"""Reading a JSON answer: its bytes decoded straight from UTF-8 (as RFC 8259 and Salesforce send it).

msgspec's decoder reads a feed page in about half the time ``json.loads`` takes, and that time is spent on a
worker thread holding the interpreter lock, which the window waits for.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import msgspec

if TYPE_CHECKING:
    import requests


def read_json(response: requests.Response) -> object:
    """The body as JSON; ValueError (or RecursionError) when it is not JSON.

    A body the fast decoder refuses (a byte-order mark, another charset, or simply not JSON) is read the way
    requests reads it, so such a body is accepted, or refused, exactly as before.
    """
    try:
        return msgspec.json.decode(response.content)
    except msgspec.DecodeError:
        return response.json()


def decode_json(data: bytes) -> object:
    """JSON bytes (a kept page, say) as Python values; ValueError or RecursionError when not JSON."""
    return msgspec.json.decode(data)


def encode_json(value: object) -> bytes:
    """Python values as compact JSON bytes (UTF-8); TypeError for what JSON cannot hold."""
    return msgspec.json.encode(value)
