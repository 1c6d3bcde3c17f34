"""Logging by category, with a filter that keeps anything token-shaped out of every log record."""

from __future__ import annotations

import contextlib
import io
import logging
import logging.handlers
import os
import re
from pathlib import Path

ROOT = "connect"
CATEGORIES = ("app", "auth", "api", "storage", "ui", "demo")

app = logging.getLogger(f"{ROOT}.app")
auth = logging.getLogger(f"{ROOT}.auth")
api = logging.getLogger(f"{ROOT}.api")
storage = logging.getLogger(f"{ROOT}.storage")
ui = logging.getLogger(f"{ROOT}.ui")
demo = logging.getLogger(f"{ROOT}.demo")

REDACTED = "[redacted]"

# Names whose values are secrets, also with a prefix (lightning_sid, content_sid, parent_sid, csrf_token).
_KEYS = (
    r"(?:\w*_)?(?:access_token|refresh_token|id_token|token|sid|otp|code|code_verifier|oauth_token"
    r"|password|signature|secret)"
)
# The same, less "code", for "name: value" text, where "code: 404" or "error code: X" is no secret.
_COLON_KEYS = _KEYS.replace("|code|", "|")
# The characters of a Salesforce token's run: base64 and base64url, and the "." some of them contain.
_RUN_CHARS = r"A-Za-z0-9._\-+/"

# Each pattern keeps its first group and replaces the rest of the match.
_PATTERNS: tuple[re.Pattern[str], ...] = (
    # name='value' and name="value": dataclass reprs and keyword arguments.
    re.compile(rf"(?i)(\b{_KEYS}\s*=\s*[\"'])[^\"']{{4,}}"),
    # "name": "value" pairs in JSON and dict reprs.
    re.compile(rf"(?i)([\"']{_KEYS}[\"']\s*:\s*[\"'])[^\"']{{4,}}"),
    # name=value pairs in URLs, fragments, form bodies and cookies.
    re.compile(rf"(?i)(\b{_KEYS}=)[^&\s#\"',;)]{{4,}}"),
    # name: value, unquoted (headers, YAML-ish text, messages).
    re.compile(rf"(?i)(\b{_COLON_KEYS}\s*:\s*)(?![\"'\s])[^\s,;&\"'}}\])]{{4,}}"),
    # "code: value" only when the value is as long as an authorization code ("error code: 404" is no secret).
    re.compile(r"(?i)(\b(?:\w*_)?code\s*:\s*)(?![\"'\s])(?!(?-i:[A-Z]+(?:_[A-Z]+)+)\b)[^\s,;&\"'}\])]{16,}"),
    # Bearer headers.
    re.compile(r"(?i)(bearer\s+)[A-Za-z0-9._~+/!=%\-]{8,}"),
    # Salesforce session ids / access tokens: org id, "!" (or %21), then a long opaque tail.
    re.compile(rf"()\b00D[A-Za-z0-9]{{12,15}}(?:!|%21)[{_RUN_CHARS}%=]{{8,}}"),
    # Long runs with letters and digits (refresh tokens, codes, JWTs) that carry no other marker. A run must
    # start with a letter or digit that follows none of its characters, so paths ("/services/data/v66.0/...")
    # and URLs (whose host follows "//") are left alone.
    re.compile(
        rf"()(?<![{_RUN_CHARS}=%])(?=[{_RUN_CHARS}]*[0-9])(?=[{_RUN_CHARS}]*[A-Za-z])"
        rf"[A-Za-z0-9][{_RUN_CHARS}]{{39,}}={{0,2}}"
    ),
)


def redact(text: str) -> str:
    """Text with every token-shaped substring replaced by a marker."""
    for pattern in _PATTERNS:
        text = pattern.sub(lambda m: m.group(1) + REDACTED, text)
    return text


class RedactingFilter(logging.Filter):
    """Rewrites a record's message (arguments merged in) and exception text with secrets redacted."""

    def filter(self, record: logging.LogRecord) -> bool:
        _redact_record(record)
        return True


def _redact_record(record: logging.LogRecord) -> None:
    if getattr(record, "redacted", False):
        return
    try:
        message = record.getMessage()
    except (TypeError, ValueError):
        message = f"{record.msg!r} {record.args!r}"
    if record.exc_info and not record.exc_text:
        record.exc_text = logging.Formatter().formatException(record.exc_info)
    if record.exc_text:
        record.exc_text = redact(record.exc_text)
    record.msg = redact(message)
    record.args = None
    record.redacted = True


_base_factory = logging.getLogRecordFactory()


def _redacting_factory(*args: object, **kwargs: object) -> logging.LogRecord:
    record = _base_factory(*args, **kwargs)
    _redact_record(record)
    return record


def install_redaction() -> None:
    """Redact every log record at birth, whichever library logs it (urllib3 logs request lines, for one)."""
    logging.setLogRecordFactory(_redacting_factory)


LOG_FILE = "connect-desktop.log"
FILE_MODE = 0o600


class PrivateLogFile(logging.handlers.RotatingFileHandler):
    """A rotated log file only its owner can read: created 0600, and an older, looser file tightened."""

    def _open(self) -> io.TextIOWrapper:
        fd = os.open(self.baseFilename, os.O_WRONLY | os.O_APPEND | os.O_CREAT, FILE_MODE)
        if hasattr(os, "fchmod"):
            with contextlib.suppress(OSError):
                os.fchmod(fd, FILE_MODE)
        return open(fd, "a", encoding=self.encoding, errors=self.errors)


def setup_logging(level: str = "INFO", log_dir: Path | None = None, *, console: bool = True) -> None:
    """Route logging to stderr and a rotated file in the log dir (0600), every record redacted.

    level is a level name in any case ("debug" or "DEBUG").
    """
    install_redaction()
    logging.getLogger(ROOT).setLevel(level.upper())
    root = logging.getLogger()
    root.setLevel(logging.WARNING)
    for handler in [h for h in root.handlers if getattr(h, "connect_handler", False)]:
        root.removeHandler(handler)
        handler.close()
    formatter = logging.Formatter("%(asctime)s %(levelname)-7s %(name)s: %(message)s")
    handlers: list[logging.Handler] = []
    if console:
        handlers.append(logging.StreamHandler())
    if log_dir is not None:
        # paths logs through this module: imported here, when logging is set up, to keep the two apart.
        from desktop_app.paths import make_private_dir

        make_private_dir(log_dir)
        # Rotated files keep the mode they were written with; older runs wrote them 0644.
        for old in log_dir.glob(f"{LOG_FILE}.*"):
            with contextlib.suppress(OSError):
                old.chmod(FILE_MODE)
        handlers.append(
            PrivateLogFile(log_dir / LOG_FILE, maxBytes=1_000_000, backupCount=3, encoding="utf-8")
        )
    for handler in handlers:
        handler.setFormatter(formatter)
        handler.addFilter(RedactingFilter())
        handler.connect_handler = True  # type: ignore[attr-defined]
        root.addHandler(handler)
