"""Login host normalisation and the https-or-loopback rule."""

from __future__ import annotations

import pytest

from desktop_app.auth.hosts import PRODUCTION, SANDBOX, is_loopback, is_secure_or_loopback, normalize_host


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("login.salesforce.com", PRODUCTION),
        ("https://test.salesforce.com/", SANDBOX),
        ("  Acme.My.Salesforce.com  ", "https://acme.my.salesforce.com"),
        ("https://acme.my.site.com/sitepath/login?x=1", "https://acme.my.site.com"),
        ("https://acme.my.salesforce.com:443", "https://acme.my.salesforce.com"),
        ("https://acme.my.salesforce.com:8443/", "https://acme.my.salesforce.com:8443"),
        ("http://127.0.0.1:5000/", "http://127.0.0.1:5000"),
        ("http://localhost:8080", "http://localhost:8080"),
        ("http://[::1]:9000/x", "http://[::1]:9000"),
        ("acme--dev.sandbox.my.salesforce.com", "https://acme--dev.sandbox.my.salesforce.com"),
    ],
)
def test_normalize_host_accepts_and_cleans(text: str, expected: str) -> None:
    assert normalize_host(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "",
        "   ",
        "http://acme.my.salesforce.com",
        "ftp://acme.my.salesforce.com",
        "https://",
        "https://user:pw@acme.my.salesforce.com",
        "acme my salesforce com",
        "https://acme..salesforce.com",
        "https://-acme.salesforce.com",
        "https://acme.salesforce.com:99999",
        "https://ácme.salesforce.com",
        "localhostish",
        "javascript:alert(1)",
    ],
)
def test_normalize_host_rejects_junk(text: str) -> None:
    with pytest.raises(ValueError, match=r"\S"):
        normalize_host(text)


@pytest.mark.parametrize(
    ("url", "loopback", "secure"),
    [
        ("https://login.salesforce.com/x", False, True),
        ("http://login.salesforce.com/x", False, False),
        ("http://127.0.0.1:8000", True, True),
        ("http://127.9.9.9", True, True),
        ("http://localhost/x", True, True),
        ("http://[::1]:80/", True, True),
        ("http://10.0.0.1", False, False),
        ("https://", False, False),
        ("http://127.0.0.1:notaport", True, False),
        ("not a url", False, False),
        ("myapp://callback", False, False),
    ],
)
def test_loopback_and_secure(url: str, loopback: bool, secure: bool) -> None:
    assert is_loopback(url) is loopback
    assert is_secure_or_loopback(url) is secure
