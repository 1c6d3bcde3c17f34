"""Which hosts an account's token may be sent to."""

from __future__ import annotations

import pytest

from desktop_app.api.client import is_salesforce_content_host


@pytest.mark.parametrize(
    "url",
    [
        "https://acme--c.file.force.com/profilephoto/729/T",
        "https://acme.my.salesforce.com/profilephoto/729/F",
        "https://acme--c.documentforce.com/x",
        "https://acme.my.site.com/x",
    ],
)
def test_salesforce_content_hosts_are_accepted_for_photos(url: str) -> None:
    assert is_salesforce_content_host(url)


@pytest.mark.parametrize(
    "url",
    [
        "http://acme--c.file.force.com/profilephoto/729/T",
        "https://evil.example/force.com",
        "https://force.com.evil.example/x",
        "https://notforce.com/x",
        "https://127.0.0.1:5000/x",
    ],
)
def test_other_hosts_are_refused(url: str) -> None:
    assert not is_salesforce_content_host(url)
