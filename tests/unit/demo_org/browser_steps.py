"""Browser-like steps against the demo org's login host, for the demo org tests."""

from __future__ import annotations

import base64
import hashlib
import secrets
from dataclasses import dataclass, field
from html.parser import HTMLParser
from urllib.parse import parse_qsl, urlencode, urlsplit

import requests

from desktop_app.demo_org import DemoOrg


@dataclass
class Form:
    """One HTML form: where it posts, its named inputs and its submit buttons."""

    action: str
    fields: dict[str, str] = field(default_factory=dict)
    buttons: dict[str, tuple[str, str]] = field(default_factory=dict)


class _Parser(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.forms: list[Form] = []
        self.ids: set[str] = set()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = {name: value or "" for name, value in attrs}
        if "id" in values:
            self.ids.add(values["id"])
        if tag == "form":
            self.forms.append(Form(values.get("action", "")))
        elif tag == "input" and self.forms and values.get("type") != "submit" and "name" in values:
            self.forms[-1].fields[values["name"]] = values.get("value", "")
        elif tag in ("button", "input") and self.forms and "id" in values:
            self.forms[-1].buttons[values["id"]] = (values.get("name", ""), values.get("value", ""))


def parse(html: str) -> _Parser:
    """Forms and element ids of a page."""
    parser = _Parser()
    parser.feed(html)
    return parser


def pkce_pair() -> tuple[str, str]:
    """A code verifier and its S256 challenge."""
    verifier = secrets.token_urlsafe(48)
    challenge = base64.urlsafe_b64encode(hashlib.sha256(verifier.encode()).digest()).rstrip(b"=").decode()
    return verifier, challenge


def authorize_params(demo: DemoOrg, response_type: str = "token", **extra: str) -> dict[str, str]:
    """Authorize parameters as the app sends them."""
    params = {
        "response_type": response_type,
        "client_id": demo.client_id,
        "redirect_uri": demo.callback_url,
        "scope": "api refresh_token",
        "state": "st-" + secrets.token_hex(4),
        "display": "popup",
    }
    params.update(extra)
    return params


def open_authorize(session: requests.Session, demo: DemoOrg, params: dict[str, str]) -> requests.Response:
    """GET the authorize URL without following redirects."""
    url = f"{demo.login_url}/services/oauth2/authorize?{urlencode(params)}"
    return session.get(url, allow_redirects=False, timeout=10)


def submit(session: requests.Session, demo: DemoOrg, form: Form, extra: dict[str, str]) -> requests.Response:
    """Post a form as a browser would, without following redirects."""
    return session.post(
        demo.login_url + form.action, data={**form.fields, **extra}, allow_redirects=False, timeout=10
    )


def log_in(
    session: requests.Session,
    demo: DemoOrg,
    params: dict[str, str],
    username: str,
    password: str | None = None,
) -> requests.Response:
    """Open the login page and submit the credentials."""
    page = open_authorize(session, demo, params)
    assert page.status_code == 200, page.text
    form = parse(page.text).forms[0]
    return submit(session, demo, form, {"username": username, "password": password or DemoOrg.PASSWORD})


def click(
    session: requests.Session, demo: DemoOrg, page: requests.Response, button_id: str
) -> requests.Response:
    """Press a submit button on a page."""
    form = next(form for form in parse(page.text).forms if button_id in form.buttons)
    name, value = form.buttons[button_id]
    return submit(session, demo, form, {name: value})


def callback_values(response: requests.Response) -> dict[str, str]:
    """The values in a redirect to the callback: fragment for the user-agent flow, else the query."""
    assert response.status_code == 302, response.text
    parts = urlsplit(response.headers["Location"])
    return dict(parse_qsl(parts.fragment or parts.query))


def sign_in(
    session: requests.Session, demo: DemoOrg, username: str, response_type: str = "token", **extra: str
) -> dict[str, str]:
    """The browser dance (login unless the session cookie skips it, approval when asked) to the callback."""
    params = authorize_params(demo, response_type, **extra)
    response = open_authorize(session, demo, params)
    if response.status_code == 200 and "username" in parse(response.text).ids:
        form = parse(response.text).forms[0]
        response = submit(session, demo, form, {"username": username, "password": DemoOrg.PASSWORD})
    if response.status_code == 200 and "oaapprove" in parse(response.text).ids:
        response = click(session, demo, response, "oaapprove")
    values = callback_values(response)
    assert values.get("state") == params["state"]
    return values


def api_session(token: str, *, encode: bool = False) -> requests.Session:
    """A session sending the bearer token (and, by default, X-Chatter-Entity-Encoding: false)."""
    session = requests.Session()
    session.headers["Authorization"] = f"Bearer {token}"
    if not encode:
        session.headers["X-Chatter-Entity-Encoding"] = "false"
    return session
