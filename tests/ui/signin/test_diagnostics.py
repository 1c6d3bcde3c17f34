"""Sign-in diagnostics: addresses without query or fragment, outcomes classified, a bounded report."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st
from PySide6.QtCore import QUrl

from desktop_app.auth import errors as auth_errors
from desktop_app.auth.errors import oauth_error
from desktop_app.auth.request import AuthorizeRequest, Flow
from desktop_app.ui.signin.diagnostics import (
    MAX_ENTRIES,
    Outcome,
    SignInDiagnostics,
    oauth_error_in,
    outcome_of_error,
    outcome_of_load,
)
from desktop_app.ui.signin.urls import LoadFailure


def started() -> SignInDiagnostics:
    diagnostics = SignInDiagnostics()
    diagnostics.start(AuthorizeRequest.new("https://login.salesforce.com", "client-id", flow=Flow.PKCE))
    return diagnostics


@given(
    path=st.text(alphabet="abcdefghij/", max_size=20),
    query=st.text(alphabet="abcdefghijklmnopqrstuvwxyz0123456789=&_.", min_size=1, max_size=60),
    fragment=st.text(alphabet="abcdefghijklmnopqrstuvwxyz0123456789=&_.", min_size=1, max_size=60),
)
def test_queries_and_fragments_never_reach_the_report(path: str, query: str, fragment: str) -> None:
    diagnostics = started()
    url = f"https://acme.my.salesforce.com/{path}?secretq={query}#secretf={fragment}"
    diagnostics.add("navigate", QUrl(url), "redirect")
    diagnostics.add("callback", url, "not loaded")
    report = diagnostics.report("versions", "proxy none (direct)")
    assert "secretq" not in report
    assert "secretf" not in report
    assert "https://acme.my.salesforce.com/" in report
    assert diagnostics.hosts() == ["acme.my.salesforce.com"]


def test_the_report_says_what_happened_in_order_and_keeps_at_most_so_many_entries() -> None:
    diagnostics = started()
    for index in range(MAX_ENTRIES + 5):
        diagnostics.add("GET mainframe", f"https://h{index % 3}.example/p", "typed")
    diagnostics.finish(Outcome.CERTIFICATE, "issuer unknown")
    diagnostics.finish(Outcome.TIMEOUT)  # the first ending counts
    report = diagnostics.report("App 1; Qt 6", "proxy manual: p:1")
    assert "Outcome: certificate error \u2014 issuer unknown" in report
    assert "Network: proxy manual: p:1" in report
    assert "Login host: https://login.salesforce.com (flow: pkce)" in report
    assert "Hosts passed: h0.example, h1.example, h2.example" in report
    assert "... and 5 more, not kept" in report
    assert len(diagnostics.entries) == MAX_ENTRIES
    diagnostics.finish(Outcome.SIGNED_IN)
    assert diagnostics.outcome is Outcome.SIGNED_IN


@pytest.mark.parametrize(
    ("error", "outcome"),
    [
        (oauth_error("access_denied", "end-user denied authorization"), Outcome.DENIED),
        (oauth_error("unsupported_response_type", "blocked"), Outcome.BLOCKED_FLOW),
        (oauth_error("invalid_client", "app must be installed into org"), Outcome.APP_NOT_INSTALLED),
        (
            oauth_error("redirect_uri_mismatch", "redirect_uri must match configuration"),
            Outcome.WRONG_CALLBACK,
        ),
        (auth_errors.NetworkError("certificate", "refused", "words"), Outcome.CERTIFICATE),
        (auth_errors.NetworkError("proxy_auth", "407", "words"), Outcome.PROXY),
        (auth_errors.TimedOut("network", "slow", "words"), Outcome.TIMEOUT),
        (auth_errors.NetworkError("network", "refused", "words"), Outcome.UNREACHABLE),
        (auth_errors.StateMismatch("state_mismatch", "", "words"), Outcome.FAILED),
    ],
)
def test_sign_in_errors_are_classified(error: auth_errors.AuthError, outcome: Outcome) -> None:
    assert outcome_of_error(error) is outcome


@pytest.mark.parametrize(
    ("domain", "code", "outcome"),
    [
        ("CertificateErrorDomain", -202, Outcome.CERTIFICATE),
        ("ConnectionErrorDomain", -130, Outcome.PROXY),
        ("ConnectionErrorDomain", -111, Outcome.PROXY),
        ("HttpStatusCodeDomain", 407, Outcome.PROXY),
        ("HttpStatusCodeDomain", 500, Outcome.HTTP_ERROR),
        ("ConnectionErrorDomain", -118, Outcome.TIMEOUT),
        ("ConnectionErrorDomain", -105, Outcome.UNREACHABLE),
    ],
)
def test_failed_loads_are_classified(domain: str, code: int, outcome: Outcome) -> None:
    assert outcome_of_load(LoadFailure("https://x/", domain, code, "")) is outcome


def test_only_the_oauth_error_code_is_read_from_a_url() -> None:
    assert (
        oauth_error_in(QUrl("https://h/cb?error=redirect_uri_mismatch&state=s3cr3t"))
        == "redirect_uri_mismatch"
    )
    assert oauth_error_in(QUrl("https://h/cb#error=access_denied&state=x")) == "access_denied"
    assert oauth_error_in(QUrl("https://h/cb?error=%3Cscript%3E")) == ""
    assert oauth_error_in(QUrl("https://h/cb?code=abc")) == ""
