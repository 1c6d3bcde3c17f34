"""Reading JSON answers: the fast decoder for UTF-8, requests' own reading for anything it refuses."""

from __future__ import annotations

import json

import pytest
import requests
from hypothesis import given
from hypothesis import strategies as st

from desktop_app.api.jsonbody import decode_json, encode_json, read_json
from tests.unit.auth.servers import scripted_server

JSON_VALUES = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False, allow_infinity=False) | st.text(),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(), inner, max_size=4),
    max_leaves=20,
)


def _answer(content_type: str, body: bytes) -> requests.Response:
    with scripted_server(200, content_type, body) as (url, _replies), requests.Session() as http:
        return http.get(url, timeout=5)


def test_a_utf8_answer_reads_as_json_reads_it() -> None:
    body = {"elements": [{"id": "0D5xx", "body": {"text": "Grüße 👋 & <b>"}}], "nextPageUrl": None}
    response = _answer("application/json;charset=UTF-8", json.dumps(body, ensure_ascii=False).encode())
    assert read_json(response) == body


def test_an_answer_in_another_declared_charset_is_read_as_requests_reads_it() -> None:
    response = _answer("application/json; charset=ISO-8859-1", '{"name": "Müller"}'.encode("latin-1"))
    assert read_json(response) == {"name": "Müller"}


def test_an_answer_with_a_byte_order_mark_is_refused_as_requests_refuses_it() -> None:
    response = _answer("application/json", b"\xef\xbb\xbf" + b'{"ok": true}')
    with pytest.raises(ValueError, match="BOM"):
        read_json(response)


@pytest.mark.parametrize("body", [b"", b"<html>Service Unavailable</html>", b'{"truncated": ', b"\xff\xfe"])
def test_a_body_that_is_not_json_raises_value_error(body: bytes) -> None:
    # requests' own error (a ValueError), which the client turns into BadResponse("body is not JSON").
    with pytest.raises(requests.exceptions.JSONDecodeError):
        read_json(_answer("application/json", body))


def test_very_deep_nesting_raises_as_json_would() -> None:
    with pytest.raises((ValueError, RecursionError)):
        read_json(_answer("application/json", b"[" * 100_000 + b"]" * 100_000))


@given(JSON_VALUES)
def test_what_is_encoded_decodes_to_the_same_values(value: object) -> None:
    assert decode_json(encode_json(value)) == value
    assert decode_json(encode_json(value)) == json.loads(json.dumps(value))


def test_what_json_cannot_hold_is_refused_with_type_error() -> None:
    with pytest.raises(TypeError):
        encode_json({"when": object()})
