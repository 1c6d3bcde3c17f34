"""Fixtures for the demo org tests: a shared org for read-mostly tests and fresh ones on demand."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

import pytest

from desktop_app.demo_org import DemoOrg


@pytest.fixture(scope="module")
def demo() -> Iterator[DemoOrg]:
    """A demo org shared by a test module; tests must not rely on its state being untouched."""
    with DemoOrg() as org:
        yield org


@pytest.fixture
def make_demo() -> Iterator[Callable[..., DemoOrg]]:
    """Start a fresh demo org with options; stopped after the test."""
    started: list[DemoOrg] = []

    def factory(**options: Any) -> DemoOrg:
        org = DemoOrg(**options).start()
        started.append(org)
        return org

    yield factory
    for org in started:
        org.stop()
