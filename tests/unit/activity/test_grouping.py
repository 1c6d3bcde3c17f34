"""Notices from what needs the person: one per post when few, one per account when many."""

from __future__ import annotations

from desktop_app.activity.attention import Attention, Reason
from desktop_app.activity.grouping import GROUP_FROM, notices

KEY = "00D/005"


def found(n: int, reason: Reason = Reason.MENTION, actor: str = "Ann Lee") -> list[Attention]:
    return [Attention(KEY, f"0D5{i}", None, reason, actor, f"text {i}") for i in range(n)]


def test_a_few_are_one_notice_each_naming_the_org() -> None:
    shown = notices(KEY, "Acme", [*found(1), *found(1, Reason.COMMENT, "Bob Ray")])
    assert [n.summary for n in shown] == [
        "Ann Lee mentioned you · Acme",
        "Bob Ray commented on your post · Acme",
    ]
    assert shown[0].body == "text 0"
    assert shown[0].element_id == "0D50"


def test_many_at_once_are_one_notice_for_the_account() -> None:
    many = [*found(GROUP_FROM), *found(1, Reason.POST_TO_ME, "Cy Day")]
    (one,) = notices(KEY, "Acme", many)
    assert one.summary == f"{GROUP_FROM} new mentions, 1 new post to you in Acme"
    assert one.body == "From Ann Lee, Cy Day"
    assert one.count == GROUP_FROM + 1


def test_nothing_found_is_no_notice() -> None:
    assert notices(KEY, "Acme", []) == []
