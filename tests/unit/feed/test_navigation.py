"""Back/Forward history per account (bounded, hypothesis against a list model) and the remembered place."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from desktop_app.feed.navigation import History, Navigator, PlaceMemory
from desktop_app.feed.places import Bookmarks, Company, Group, News, Place, Record, Search, ToMe
from desktop_app.storage import settings as keys
from desktop_app.storage.settings import Settings

GROUP = "0F95g0000000001AAA"
PLACES = [News(), ToMe(), Bookmarks(), Company(), Group(GROUP, "Sales"), Record("0015g0000000002AAA")]

steps = st.lists(
    st.one_of(
        st.tuples(st.just("visit"), st.sampled_from(PLACES)), st.sampled_from([("back",), ("forward",)])
    ),
    max_size=60,
)


@given(steps, st.integers(1, 6))
def test_history_behaves_like_a_browser_with_a_bounded_past(
    moves: list[tuple[object, ...]], limit: int
) -> None:
    history = History(limit=limit)
    past: list[Place] = []
    future: list[Place] = []
    current: Place = News()
    for move in moves:
        if move[0] == "visit":
            place = move[1]
            assert isinstance(place, Place)
            moved = history.visit(place)
            assert moved == (place != current)
            if moved:
                past = [*past, current][-limit:]
                future = []
                current = place
        elif move[0] == "back":
            went = history.back()
            if past:
                future.append(current)
                current = past.pop()
                assert went == current
            else:
                assert went is None
        else:
            went = history.forward()
            if future:
                past.append(current)
                current = future.pop()
                assert went == current
            else:
                assert went is None
        assert history.current == current
        assert history.back_places == tuple(reversed(past))
        assert history.forward_places == tuple(reversed(future))
        assert len(history.back_places) <= limit
        assert history.can_go_back == bool(past)
        assert history.can_go_forward == bool(future)


def test_a_history_keeps_at_least_one_place() -> None:
    with pytest.raises(ValueError, match="at least one"):
        History(limit=0)


def test_each_account_remembers_its_place_across_restarts_but_not_its_history(tmp_path: Path) -> None:
    settings = Settings(tmp_path / "settings.json")
    navigator = Navigator(PlaceMemory(settings))
    moves: list[tuple[str, Place]] = []
    navigator.on_move = lambda key, place: moves.append((key, place))
    assert navigator.current("a") == News()
    assert navigator.visit("a", Group(GROUP, "Sales"))
    assert navigator.visit("a", Search("release", Group(GROUP, "Sales")))
    assert navigator.visit("b", Company())
    assert not navigator.visit("b", Company())
    assert navigator.back("a")
    assert not navigator.forward("b")
    assert moves == [
        ("a", Group(GROUP)),
        ("a", Search("release", Group(GROUP))),
        ("b", Company()),
        ("a", Group(GROUP)),
    ]
    again = Navigator(PlaceMemory(Settings(tmp_path / "settings.json")))
    assert again.current("a") == Group(GROUP)
    assert again.history("a").current.label == "Sales"
    assert again.current("b") == Company()
    assert not again.history("a").can_go_back
    assert again.current("c") == News()
    again.forget("a")
    assert again.current("a") == News()
    assert Navigator(PlaceMemory(Settings(tmp_path / "settings.json"))).current("a") == News()


def test_a_damaged_or_foreign_memory_opens_the_news_feed(tmp_path: Path) -> None:
    settings = Settings(tmp_path / "settings.json")
    settings.set(keys.CURRENT_PLACES, {"a": {"kind": "group", "id": "../../etc"}, "b": "company"})
    memory = PlaceMemory(settings)
    assert memory.load("a") == News()
    assert memory.load("b") == News()
    settings.set(keys.CURRENT_PLACES, ["not", "a", "mapping"])
    assert memory.load("a") == News()
    memory.save("a", ToMe())
    assert memory.load("a") == ToMe()
    memory.forget("a")
    assert memory.load("a") == News()
    assert settings.get(keys.CURRENT_PLACES) == {}
