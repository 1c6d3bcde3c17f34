"""Secrets never reach a log record, whatever logs them."""

from __future__ import annotations

import logging
from pathlib import Path

import pytest

from desktop_app import log

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


def test_redact_keeps_ordinary_text() -> None:
    text = "GET https://acme.my.salesforce.com/services/data/v66.0/chatter/feeds/news/me/feed-elements 200"
    assert log.redact(text) == text


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
