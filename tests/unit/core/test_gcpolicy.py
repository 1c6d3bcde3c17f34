"""The collector settings the app runs with after start-up."""

from __future__ import annotations

import gc
from collections.abc import Iterator

import pytest

from desktop_app import gcpolicy


@pytest.fixture
def restore_gc() -> Iterator[None]:
    thresholds = gc.get_threshold()
    yield
    gc.unfreeze()
    gc.set_threshold(*thresholds)


@pytest.mark.usefixtures("restore_gc")
def test_start_up_objects_are_frozen_and_collections_are_rarer() -> None:
    gcpolicy.tune_after_start_up()
    assert gc.get_freeze_count() > 1000
    young, middle, old = gc.get_threshold()
    assert (young, middle, old) == (gcpolicy.YOUNG, gcpolicy.MIDDLE, gcpolicy.OLD)
    assert young > 700
    assert middle > 10


@pytest.mark.usefixtures("restore_gc")
def test_cycles_made_later_are_still_collected() -> None:
    gcpolicy.tune_after_start_up()

    class Node:
        def __init__(self) -> None:
            self.me = self

    import weakref

    node = Node()
    ref = weakref.ref(node)
    del node
    gc.collect()
    assert ref() is None


@pytest.mark.usefixtures("restore_gc")
def test_no_collection_runs_while_starting_until_tuned() -> None:
    gcpolicy.pause_during_start_up()
    before = sum(stats["collections"] for stats in gc.get_stats())
    made = [[index] for index in range(50_000)]  # what imports and widgets allocate, and more
    assert sum(stats["collections"] for stats in gc.get_stats()) == before
    gcpolicy.tune_after_start_up()
    assert gc.get_threshold()[0] == gcpolicy.YOUNG
    assert len(made) == 50_000
