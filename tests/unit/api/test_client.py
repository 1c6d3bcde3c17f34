"""ConnectClient against the demo org: every operation, versions, headers and host checks."""

from __future__ import annotations

import threading
from collections.abc import Callable

import pytest
import requests

from desktop_app.api.client import ConnectClient
from desktop_app.api.errors import ApiError, Forbidden, NotFound
from desktop_app.api.models import ApiVersion
from desktop_app.api.parse import parse_feed_page
from desktop_app.api.versions import pick_version
from desktop_app.demo_org import DemoOrg

from .conftest import JOSE, Signed


def test_versions_and_discovery(zoe: Signed) -> None:
    client = zoe.client()
    before = client.api_version
    assert before is None
    versions = client.versions()
    assert versions[-1].version == "66.0"
    assert [v.number for v in versions] == sorted(v.number for v in versions)
    assert client.ensure_api_version() == "66.0"
    assert client.api_version == "66.0"
    assert client.last_usage is not None


def test_saved_version_skips_discovery(demo: DemoOrg, sign_in: Callable[..., Signed]) -> None:
    signed = sign_in(demo, api_version="62.0")
    client = signed.client()
    page = client.news_feed(page_size=5)
    assert client.api_version == "62.0"
    assert page.current_page_url is not None
    assert "/v62.0/" in page.current_page_url


def test_pick_version_stays_in_range() -> None:
    offered = [ApiVersion(v, "", "") for v in ("31.0", "58.0", "66.0", "67.0")]
    assert pick_version(offered) == "66.0"
    assert pick_version(offered, maximum="60.0") == "58.0"
    assert pick_version([ApiVersion("30.0", "", "")]) is None


def test_news_feed_pages_through_without_repeats(zoe: Signed) -> None:
    client = zoe.client()
    first = client.news_feed(page_size=10)
    assert len(first.items) == 10
    assert first.updates_url is not None
    seen = [item.id for item in first.items]
    page = first
    while page.next_page_url:
        page = client.news_feed(page.next_page_url, page_size=10)
        seen += [item.id for item in page.items]
    assert len(seen) == len(set(seen)) > 10
    item = first.items[0]
    assert item.actor.display_name
    assert item.body_text
    assert item.url is not None


def test_usage_is_recorded_after_each_call(zoe: Signed) -> None:
    client = zoe.client()
    client.news_feed(page_size=1)
    first = client.last_usage
    client.news_feed(page_size=1)
    assert first is not None
    assert client.last_usage is not None
    assert client.last_usage.used > first.used
    assert client.last_usage.limit == first.limit


def test_post_comment_like_unlike_delete(zoe: Signed) -> None:
    client = zoe.client()
    jose = next(user for user in zoe.demo.users if user.username == JOSE)
    item = client.post("Ship it @José, see https://example.com #release", {"José": jose.user_id})
    assert item.actor.id == zoe.account.user_id
    assert item.can_delete
    kinds = [segment.type for segment in item.body_segments]
    assert {"Mention", "Link", "Hashtag"} <= set(kinds)
    mention = next(segment for segment in item.body_segments if segment.type == "Mention")
    assert mention.user_id == jose.user_id

    comment = client.comment(item.id, "First!")
    assert comment.body_text == "First!"
    assert comment.feed_element_id == item.id
    assert [c.id for c in client.comments(item.id)] == [comment.id]

    like = client.like(item.id)
    assert like.liked_item_id == item.id
    page = client.news_feed(page_size=25)
    mine = next(element for element in page.items if element.id == item.id)
    assert (mine.liked_by_me, mine.my_like_id, mine.likes_total, mine.comments_total) == (True, like.id, 1, 1)

    client.unlike(like.id)
    client.delete_feed_element(item.id)
    assert item.id not in [element.id for element in client.news_feed(page_size=50).items]
    with pytest.raises(NotFound):
        client.delete_feed_element(item.id)
    with pytest.raises(NotFound):
        client.unlike(like.id)


def test_comments_follow_every_page(zoe: Signed) -> None:
    client = zoe.client()
    item = client.post("Many comments")
    made = [client.comment(item.id, f"c{n}").id for n in range(120)]
    assert sorted(c.id for c in client.comments(item.id)) == sorted(made)


def test_text_comes_back_raw_because_encoding_is_off(zoe: Signed) -> None:
    client = zoe.client()
    text = '<b>bold</b> & "quotes" it\'s C:\\temp'
    item = client.post(text)
    assert item.body_text == text
    # The same resource without the header is entity-encoded; the parser's flag undoes it.
    response = requests.get(
        client.data_url("/chatter/feeds/news/me/feed-elements"),
        headers={"Authorization": f"Bearer {zoe.tokens.access_token}", "Accept": "application/json"},
        timeout=5,
    )
    response.close()
    encoded = next(e for e in response.json()["elements"] if e["id"] == item.id)
    assert encoded["body"]["text"] != text
    assert parse_feed_page({"elements": [encoded]}, decode_entities=True).items[0].body_text == text


def test_feed_updates(zoe: Signed, sign_in: Callable[..., Signed]) -> None:
    client = zoe.client()
    first = client.news_feed(page_size=5)
    assert first.updates_url is not None
    assert client.feed_updates(first.updates_url).items == ()
    jose = sign_in(zoe.demo, JOSE)
    new = jose.client().post("Something new")
    updates = client.feed_updates(first.updates_url)
    assert [item.id for item in updates.items] == [new.id]
    assert updates.updates_url is not None
    assert updates.updates_url != first.updates_url


def test_profiles_and_search(zoe: Signed) -> None:
    client = zoe.client()
    me = client.me()
    assert me.id == zoe.account.user_id
    assert me.username == zoe.account.username
    assert me.email
    assert me.phone_numbers
    assert me.photo is not None
    assert me.followers_count is not None
    jose_id = next(user.user_id for user in zoe.demo.users if user.username == JOSE)
    jose = client.user(jose_id)
    assert jose.id == jose_id
    assert jose.phone_numbers == ()
    found = client.search_users("jos")
    assert jose_id in [user.id for user in found]
    with pytest.raises(NotFound):
        client.user("005000000000000AAA")


def test_delete_someone_elses_post_is_forbidden(zoe: Signed, sign_in: Callable[..., Signed]) -> None:
    jose = sign_in(zoe.demo, JOSE)
    theirs = jose.client().post("Mine, not Zoë's")
    client = zoe.client()
    visible = next(item for item in client.news_feed(page_size=50).items if item.id == theirs.id)
    assert not visible.can_delete
    with pytest.raises(Forbidden) as caught:
        client.delete_feed_element(theirs.id)
    assert caught.value.status == 403
    assert caught.value.error_code == "INSUFFICIENT_ACCESS"
    assert "permission" in caught.value.user_message


def test_not_found_item(zoe: Signed) -> None:
    with pytest.raises(NotFound) as caught:
        zoe.client().comment("0D5000000000000AAA", "hello?")
    assert caught.value.error_code == "NOT_FOUND"


def test_frontdoor_url_is_one_time_and_holds_no_token(zoe: Signed) -> None:
    client = zoe.client()
    url = client.frontdoor_url("/lightning/page/home")
    assert url.startswith(zoe.account.instance_url + "/secur/frontdoor.jsp?otp=")
    assert zoe.tokens.access_token not in url
    with pytest.raises(ValueError, match="path"):
        client.frontdoor_url("https://elsewhere.example/")


def test_fetch_photo_bytes(zoe: Signed) -> None:
    client = zoe.client()
    me = client.me()
    assert me.photo is not None
    assert me.photo.small_url is not None
    data = client.fetch_bytes(me.photo.small_url)
    assert data.startswith(b"\x89PNG")
    assert zoe.demo.counters["photo"] == 1
    relative = me.photo.small_url.removeprefix(zoe.account.instance_url)
    assert client.fetch_bytes(relative) == data


def test_refuses_to_send_the_token_to_another_host(zoe: Signed) -> None:
    client = zoe.client()
    for url in ("https://evil.example/services/data/", "//evil.example/x", "http://127.0.0.1:1/x", ""):
        with pytest.raises(ApiError) as caught:
            client.fetch_bytes(url)
        assert caught.value.error_code in {"foreign_host", "bad_url"}
    with pytest.raises(ApiError, match="credentials"):
        client.news_feed("https://evil.example/services/data/v66.0/chatter/feeds/news/me/feed-elements")


def test_insecure_instance_is_refused(zoe: Signed) -> None:
    from msgspec.structs import replace

    account = replace(zoe.account, instance_url="http://acme.my.salesforce.com")
    with pytest.raises(ApiError) as caught:
        ConnectClient(account, zoe.credentials)
    assert caught.value.error_code == "insecure_url"
    assert "https" in caught.value.user_message


def test_empty_ids_are_refused_before_any_request(zoe: Signed) -> None:
    client = zoe.client()
    with pytest.raises(ValueError, match="empty"):
        client.like(" ")


def test_clients_on_many_threads_share_one_account(zoe: Signed) -> None:
    errors: list[BaseException] = []

    def work() -> None:
        try:
            with ConnectClient(zoe.account, zoe.credentials) as client:
                assert client.me().id == zoe.account.user_id
        except BaseException as exc:
            errors.append(exc)

    threads = [threading.Thread(target=work) for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(30)
    assert errors == []
