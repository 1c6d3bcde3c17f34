"""Typed reads of loosely shaped JSON objects, and Salesforce's minimal HTML entity decoding."""

from __future__ import annotations

import math
import re
from collections.abc import Mapping

from desktop_app.api.errors import BadResponse

_ENTITY = re.compile(r"&(lt|gt|quot|#39|#92|amp);")
_ENTITY_CHARS = {"lt": "<", "gt": ">", "quot": '"', "#39": "'", "#92": "\\", "amp": "&"}

JsonObject = Mapping[str, object]


def decode_entities(text: str) -> str:
    """Undo Salesforce's minimal HTML entity encoding (one pass, so `&amp;lt;` becomes `&lt;`)."""
    return _ENTITY.sub(lambda m: _ENTITY_CHARS[m.group(1)], text)


def as_object(value: object) -> JsonObject | None:
    """The value if it is a JSON object, else None."""
    return value if isinstance(value, dict) else None


def field_value(obj: JsonObject | None, key: str) -> object:
    """The raw value of `key`, or None when the object or key is missing."""
    return obj.get(key) if obj is not None else None


# The readers below look the key up themselves instead of through field_value: they run some hundred times
# per feed item, and the saved first page is parsed before the window's first paint.


def field_str(obj: JsonObject | None, *keys: str) -> str | None:
    """A string field taken as is (ids, URLs, codes): the first of `keys` that is a non-empty string."""
    if obj is None:
        return None
    for key in keys:
        value = obj.get(key)
        if isinstance(value, str) and value:
            return value
    return None


def field_text(obj: JsonObject | None, key: str, decode: bool) -> str | None:
    """A string meant for people, entity-decoded when the response was entity-encoded."""
    value = obj.get(key) if obj is not None else None
    if not isinstance(value, str):
        return None
    return decode_entities(value) if decode and "&" in value else value


def field_int(obj: JsonObject | None, key: str) -> int | None:
    """An integer field (integral floats accepted, booleans refused)."""
    value = field_value(obj, key)
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value
    if isinstance(value, float) and math.isfinite(value) and value.is_integer():
        return int(value)
    return None


def field_bool(obj: JsonObject | None, key: str) -> bool | None:
    """A boolean field, or None when missing or of another type."""
    value = obj.get(key) if obj is not None else None
    return value if isinstance(value, bool) else None


def field_list(obj: JsonObject | None, key: str) -> list[object]:
    """A list field, or an empty list when missing or of another type."""
    value = obj.get(key) if obj is not None else None
    return value if isinstance(value, list) else []


def require_object(value: object, what: str) -> JsonObject:
    """The value as a JSON object, or BadResponse naming what was expected."""
    obj = as_object(value)
    if obj is None:
        raise BadResponse(None, None, f"expected a JSON object for {what}, got {type(value).__name__}", None)
    return obj


def require_id(obj: JsonObject, what: str) -> str:
    """The object's `id`, or BadResponse when it has none."""
    ident = field_str(obj, "id")
    if ident is None:
        raise BadResponse(None, None, f"{what} without an id", None)
    return ident
