"""Salesforce-shaped record ids: 15-character base plus the 3-character case-safe suffix."""

from __future__ import annotations

_BASE62 = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"
_SUFFIX_ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZ012345"

# Key prefixes of the objects the demo org serves.
ORG = "00D"
USER = "005"
FEED_ITEM = "0D5"
COMMENT = "0D7"
LIKE = "0I0"
PHOTO = "729"
ACCOUNT = "001"
OPPORTUNITY = "006"
CASE = "500"
GROUP = "0F9"
CONTENT_DOCUMENT = "069"
CONTENT_VERSION = "068"
POLL_CHOICE = "09A"
PROCESS_DEFINITION = "04a"
PROCESS_WORK_ITEM = "04i"
PROCESS_STEP = "04h"
CALL_RECORDING = "0Uv"


def case_safe_suffix(id15: str) -> str:
    """The three characters Salesforce appends so an id survives case-insensitive systems."""
    suffix = ""
    for chunk in range(3):
        bits = 0
        for position, char in enumerate(id15[chunk * 5 : chunk * 5 + 5]):
            if "A" <= char <= "Z":
                bits |= 1 << position
        suffix += _SUFFIX_ALPHABET[bits]
    return suffix


def make_id(prefix: str, pod: str, number: int) -> str:
    """An 18-character id: key prefix, a 2-character pod marker, zero padding and a base-62 serial."""
    digits = ""
    while True:
        number, rest = divmod(number, 62)
        digits = _BASE62[rest] + digits
        if number == 0:
            break
    id15 = (prefix + pod + digits.rjust(10, "0"))[:15]
    return id15 + case_safe_suffix(id15)
