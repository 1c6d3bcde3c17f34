"""Secrets never reach a log record, whatever logs them."""

from __future__ import annotations

import base64
import logging
import os
import stat
from pathlib import Path
from urllib.parse import quote, urlencode

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from desktop_app import log
from desktop_app.auth.grant import AuthorizationCode, Grant
from desktop_app.auth.request import AuthorizeRequest, Flow
from desktop_app.auth.tokens import RefreshResult
from desktop_app.storage.secrets import Tokens

ACCESS = "00D5g000000DEMOAAA!AQ4AQFakeAccessTokenValue1234567890"
REFRESH = "5Aep861TaftwAAAAA0000fakeRefreshTokenValue0000000000000xyz"


@pytest.mark.parametrize(
    "text",
    [
        f"GET /x?access_token={ACCESS}&state=abc",
        f"Authorization: Bearer {ACCESS}",
        f"#access_token={ACCESS.replace('!', '%21')}&refresh_token={REFRESH}&instance_url=https://a.example",
        f'{{"access_token": "{ACCESS}", "refresh_token": "{REFRESH}"}}',
        f"{{'refresh_token': '{REFRESH}'}}",
        f"token={REFRESH}",
        f"bare {ACCESS} in text",
        f"bare {REFRESH} in text",
        f"code=aPrx{REFRESH[:20]}&state=s",
    ],
)
def test_redact_removes_token_shapes(text: str) -> None:
    out = log.redact(text)
    assert ACCESS not in out
    assert ACCESS.replace("!", "%21") not in out
    assert REFRESH not in out
    assert REFRESH[:20] not in out
    assert log.REDACTED in out


B64_TOKEN = "5Aep861Taftw+AAAA/0000fake+Refresh/TokenValue+0000/00000xyz=="
# Shorter than the bare-token rules look for, so only the name in front of it can give it away.
SHORT = "dGhpcyBpcyBhIHNlY3JldA+/Q=="


@pytest.mark.parametrize(
    ("text", "secret"),
    [
        (f"access_token: {SHORT}", SHORT),
        (f"refresh_token:{SHORT} and more", SHORT),
        (f"Tokens(access_token='{SHORT}', refresh_token=None)", SHORT),
        (f'RefreshResult(access_token="{SHORT}", refresh_token=None)', SHORT),
        (f"bare {B64_TOKEN} in text", B64_TOKEN),
        (
            f"bare {ACCESS}+more/of+it/and/more in text",
            "AQ4AQFakeAccessTokenValue1234567890+more/of+it/and/more",
        ),
        (f"lightning_sid={SHORT}&x=1", SHORT),
    ],
)
def test_redact_removes_names_with_colons_reprs_and_base64(text: str, secret: str) -> None:
    out = log.redact(text)
    for i in range(len(secret) - 7):
        assert secret[i : i + 8] not in out, (secret[i : i + 8], out)


@pytest.mark.parametrize(
    "text",
    [
        "GET https://acme.my.salesforce.com/services/data/v66.0/chatter/feeds/news/me/feed-elements 200",
        "GET /services/data/v66.0/chatter/users/005xx000001SwiUAAS/photo -> 200 in 12 ms",
        "Saved /tmp/pytest-of-root/pytest-1/connect-desktop-profile/config/accounts.json",
        "Revoke refused for 00D5g000004SxAaEAK/0055g00000AbCdEFAA: invalid_token",
        "POST /services/data/v66.0/chatter/feed-elements failed: 404 NOT_FOUND (error code: NOT_FOUND)",
    ],
)
def test_redact_keeps_ordinary_text(text: str) -> None:
    assert log.redact(text) == text


def _close_our_handlers() -> None:
    root = logging.getLogger()
    for handler in [h for h in root.handlers if getattr(h, "connect_handler", False)]:
        root.removeHandler(handler)
        handler.close()


def test_the_log_file_is_readable_by_its_owner_only(tmp_path: Path) -> None:
    previous = os.umask(0o022)  # the usual desktop umask, under which a plain file is readable by everyone
    try:
        log_dir = tmp_path / "logs"
        log_dir.mkdir(mode=0o755)
        (log_dir / "connect-desktop.log.1").write_text("an older run\n")
        (log_dir / "connect-desktop.log.1").chmod(0o644)
        log.setup_logging("INFO", log_dir, console=False)
        try:
            logging.getLogger("connect.app").info("hello")
        finally:
            _close_our_handlers()
        for path in (log_dir / "connect-desktop.log", log_dir / "connect-desktop.log.1"):
            assert stat.S_IMODE(path.stat().st_mode) == 0o600, path
        assert stat.S_IMODE(log_dir.stat().st_mode) == 0o700
    finally:
        os.umask(previous)


def test_rotated_log_files_stay_private(tmp_path: Path) -> None:
    previous = os.umask(0o022)
    try:
        handler = log.PrivateLogFile(tmp_path / "connect-desktop.log", maxBytes=200, backupCount=2)
        try:
            for n in range(20):
                handler.emit(
                    logging.LogRecord(
                        "connect.app", logging.INFO, __file__, 1, "line %d " + "x" * 60, (n,), None
                    )
                )
        finally:
            handler.close()
    finally:
        os.umask(previous)
    files = sorted(tmp_path.glob("connect-desktop.log*"))
    assert len(files) == 3
    assert all(stat.S_IMODE(path.stat().st_mode) == 0o600 for path in files)


def test_records_are_redacted_in_files_and_handlers(tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    log.setup_logging("DEBUG", tmp_path, console=False)
    try:
        logging.getLogger("connect.auth").info("signed in with %s", ACCESS)
        logging.getLogger("urllib3.connectionpool").warning("GET /revoke?token=%s", REFRESH)
        try:
            raise ValueError(f"bad {REFRESH}")
        except ValueError:
            logging.getLogger("connect.api").exception("failed")
    finally:
        for handler in logging.getLogger().handlers:
            handler.flush()
    written = (tmp_path / "connect-desktop.log").read_text()
    assert "signed in with" in written
    assert "ValueError" in written
    for secret in (ACCESS, REFRESH):
        assert secret not in written
        assert secret not in caplog.text
    root = logging.getLogger()
    for handler in [h for h in root.handlers if getattr(h, "connect_handler", False)]:
        root.removeHandler(handler)
        handler.close()


# Token shapes Salesforce issues. Session ids / access tokens: org id, "!", then an opaque tail (base64
# characters and dots). Refresh tokens start 5Aep861 and run on in the same alphabet. Codes, signatures and
# one-time passwords are base64 with "+", "/" and "=" padding; id tokens are JWTs.
_B64 = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/"
_TAIL = st.text(alphabet=_B64 + "._", min_size=40, max_size=120)
_ORG = st.text(alphabet="ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789", min_size=12, max_size=15).map(
    lambda s: "00D" + s
)
SESSION_ID = st.builds(lambda org, tail: f"{org}!AQ{tail}", _ORG, _TAIL)
REFRESH_TOKEN = st.builds(lambda tail, pad: f"5Aep861{tail}{pad}", _TAIL, st.sampled_from(["", "=", "=="]))
BASE64_VALUE = st.binary(min_size=24, max_size=64).map(lambda b: base64.b64encode(b).decode())
JWT = st.builds(
    lambda a, b: (
        f"eyJhbGciOiJSUzI1NiJ9.{base64.urlsafe_b64encode(a).decode().rstrip('=')}."
        f"{base64.urlsafe_b64encode(b).decode().rstrip('=')}"
    ),
    st.binary(min_size=32, max_size=64),
    st.binary(min_size=32, max_size=64),
)


def _secret_part(token: str) -> str:
    """The part that must not survive: an access token's tail after its org id, a refresh token's tail."""
    if token.startswith("00D") and "!" in token:
        return token.split("!", 1)[1]
    return token.removeprefix("5Aep861").removeprefix("eyJhbGciOiJSUzI1NiJ9.")


def _assert_gone(token: str, out: str) -> None:
    secret = _secret_part(token).rstrip("=")
    for i in range(max(1, len(secret) - 9)):
        piece = secret[i : i + 10]
        assert piece not in out, (piece, out)
        assert quote(piece, safe="") not in out, (piece, out)


KEYED = st.sampled_from(
    [
        "https://login.salesforce.com/services/oauth2/success#{form}",
        "grant_type=refresh_token&{form}&client_id=3MVG9x",
        '{{"{name}": "{value}", "instance_url": "https://acme.my.salesforce.com"}}',
        "{{'{name}': '{value}'}}",
        "{name}: {value}",
        "Grant({name}='{value}', instance_url='https://acme.my.salesforce.com')",
        "https://acme.my.salesforce.com/secur/frontdoor.jsp?{form}&retURL=%2Fhome",
    ]
)
NAMES = st.sampled_from(
    ["access_token", "refresh_token", "id_token", "code", "signature", "otp", "sid", "lightning_sid", "token"]
)


@settings(max_examples=300)
@given(KEYED, NAMES, SESSION_ID | REFRESH_TOKEN | BASE64_VALUE | JWT)
def test_every_named_token_is_redacted_in_every_context(template: str, name: str, token: str) -> None:
    text = template.format(name=name, value=token, form=urlencode({name: token}))
    _assert_gone(token, log.redact(text))


@settings(max_examples=300)
@given(
    SESSION_ID | REFRESH_TOKEN | JWT,
    st.sampled_from(["{t}", "Authorization: Bearer {t}", "x {t} y", "({t})"]),
)
def test_bare_tokens_are_redacted(token: str, template: str) -> None:
    _assert_gone(token, log.redact(template.format(t=token)))


@settings(max_examples=200)
@given(SESSION_ID, st.sampled_from(["Cookie: sid={t}; path=/", "{t}", "next={t}&x=1"]))
def test_percent_encoded_session_ids_are_redacted(token: str, template: str) -> None:
    encoded = token.replace("!", "%21")
    out = log.redact(template.format(t=encoded))
    _assert_gone(token, out.replace("%21", "!"))


def test_reprs_of_token_holders_hide_the_tokens() -> None:
    from datetime import UTC, datetime

    holders: list[object] = [
        Tokens(ACCESS, REFRESH),
        RefreshResult(ACCESS, REFRESH, "https://acme.my.salesforce.com", datetime.now(UTC)),
        Grant(
            access_token=ACCESS,
            refresh_token=REFRESH,
            instance_url="https://acme.my.salesforce.com",
            id_url="https://login.salesforce.com/id/00D5g000000DEMOAAA/0055g000000DEMOAAA",
            org_id="00D5g000000DEMOAAA",
            user_id="0055g000000DEMOAAA",
            issued_at=datetime.now(UTC),
            scope="api refresh_token",
            token_type="Bearer",
            signature=REFRESH,
        ),
        AuthorizationCode(REFRESH),
        AuthorizeRequest.new("https://login.salesforce.com", "3MVG9x", flow=Flow.PKCE),
    ]
    for holder in holders:
        text = repr(holder)
        assert ACCESS not in text
        assert REFRESH not in text
    request = holders[-1]
    assert isinstance(request, AuthorizeRequest)
    assert request.state not in repr(request)
    assert request.code_verifier is not None
    assert request.code_verifier not in repr(request)
