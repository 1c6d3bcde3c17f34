"""Which hosts an account's token may be sent to for photos: its own org's content hosts only."""

from __future__ import annotations

import pytest

from desktop_app.api.client import is_content_host_of

INSTANCE = "https://acme.my.salesforce.com"
SANDBOX = "https://acme--uat.sandbox.my.salesforce.com"


@pytest.mark.parametrize(
    ("url", "instance"),
    [
        ("https://acme--c.vf.file.force.com/profilephoto/729/T", INSTANCE),
        ("https://acme.file.force.com/profilephoto/729/T", INSTANCE),
        ("https://acme.my.salesforce.com/profilephoto/729/F", INSTANCE),
        ("https://acme--c.documentforce.com/x", INSTANCE),
        ("https://acme--uat--c.sandbox.file.force.com/profilephoto/729/T", SANDBOX),
    ],
)
def test_the_orgs_own_content_hosts_are_accepted(url: str, instance: str) -> None:
    assert is_content_host_of(url, instance)


@pytest.mark.parametrize(
    "url",
    [
        "http://acme--c.vf.file.force.com/profilephoto/729/T",  # not https
        "https://other--c.vf.file.force.com/x",  # another org
        "https://acmecorp.my.salesforce.com/x",  # a name that only starts the same
        "https://acme.my.site.com/x",  # a public site, not a content host
        "https://evil.example/acme.file.force.com",
        "https://acme.file.force.com.evil.example/x",
        "https://127.0.0.1:5000/x",
    ],
)
def test_other_hosts_are_refused(url: str) -> None:
    assert not is_content_host_of(url, INSTANCE)
