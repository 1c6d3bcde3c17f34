"""Sforce-Limit-Info parsing."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from desktop_app.api.limits import ApiUsage, parse_limit_info


def test_org_usage_only() -> None:
    assert parse_limit_info("api-usage=18/5000") == ApiUsage(18, 5000)


def test_org_and_per_app_usage() -> None:
    usage = parse_limit_info("api-usage=25/5000; per-app-api-usage=17/250(appName=sample-connected-app)")
    assert usage == ApiUsage(25, 5000, 17, 250, "sample-connected-app")
    assert usage is not None
    assert usage.fraction == pytest.approx(0.005)


def test_per_app_usage_without_app_name_and_spaces() -> None:
    assert parse_limit_info(" API-USAGE = 1 / 10 ;per-app-api-usage=2/3") == ApiUsage(1, 10, 2, 3, None)


@pytest.mark.parametrize(
    "header",
    [
        None,
        "",
        "garbage",
        "api-usage=",
        "api-usage=a/b",
        "per-app-api-usage=1/2",
        "api-usage=1",
        "x-api-usage=1/2",
    ],
)
def test_junk_gives_none(header: str | None) -> None:
    assert parse_limit_info(header) is None


def test_zero_limit_does_not_divide_by_zero() -> None:
    usage = parse_limit_info("api-usage=3/0")
    assert usage is not None
    assert usage.fraction == 0.0


@given(st.text())
def test_any_text_gives_usage_or_none(header: str) -> None:
    result = parse_limit_info(header)
    assert result is None or isinstance(result, ApiUsage)
