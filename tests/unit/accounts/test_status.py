"""Account status transitions without Qt: the table, and that listeners hear each change once."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from desktop_app.accounts.status import AccountState, AccountStates, Event, event_for_refresh, next_state
from desktop_app.api.refreshevents import RefreshEvent

states = st.sampled_from(list(AccountState))
events = st.sampled_from(list(Event))


@given(states)
def test_a_successful_call_ends_offline_but_never_a_signed_out_session(state: AccountState) -> None:
    after = next_state(state, Event.CALL_SUCCEEDED)
    if state in (AccountState.OFFLINE, AccountState.UNKNOWN):
        assert after is AccountState.CONNECTED
    else:
        assert after is state


@given(states, events)
def test_every_event_but_a_successful_call_decides_the_state_alone(state: AccountState, event: Event) -> None:
    if event is not Event.CALL_SUCCEEDED:
        assert next_state(state, event) is next_state(AccountState.UNKNOWN, event)


def test_only_a_new_sign_in_a_refresh_or_a_lost_connection_leaves_needs_sign_in() -> None:
    leaving = {
        e for e in Event if next_state(AccountState.NEEDS_SIGN_IN, e) is not AccountState.NEEDS_SIGN_IN
    }
    assert leaving == {Event.SIGNED_IN, Event.REFRESH_STARTED, Event.REFRESH_FINISHED, Event.REFRESH_FAILED,
                       Event.CALL_UNREACHABLE}  # fmt: skip


@given(st.lists(st.tuples(st.sampled_from(["a", "b"]), events), max_size=40))
def test_listeners_hear_each_real_change_once(steps: list[tuple[str, Event]]) -> None:
    book = AccountStates()
    heard: list[tuple[str, AccountState, AccountState]] = []
    book.add_listener(lambda key, old, new: heard.append((key, old, new)))
    expected: list[tuple[str, AccountState, AccountState]] = []
    shadow = {"a": AccountState.UNKNOWN, "b": AccountState.UNKNOWN}
    for key, event in steps:
        new = next_state(shadow[key], event)
        if new != shadow[key]:
            expected.append((key, shadow[key], new))
        assert book.apply(key, event) == (new != shadow[key])
        shadow[key] = new
    assert heard == expected
    assert all(old != new for _key, old, new in heard)


def test_every_refresh_event_has_a_status_event() -> None:
    assert event_for_refresh(RefreshEvent.NOT_SAVED) is None
    assert {event_for_refresh(r) for r in RefreshEvent} - {None} == {
        Event.REFRESH_STARTED,
        Event.REFRESH_FINISHED,
        Event.REFRESH_FAILED,
        Event.REFRESH_EXPIRED,
    }


def test_a_forgotten_account_starts_again_from_unknown() -> None:
    book = AccountStates()
    book.apply("a", Event.SESSION_EXPIRED)
    book.forget("a")
    assert book.get("a") is AccountState.UNKNOWN
    assert book.snapshot() == {}
