"""HTML pages of the demo org (login, approval, errors, frontdoor); every value is auto-escaped."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import jinja2

_LAYOUT = """<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>{{ title }}</title>
<meta name="viewport" content="width=device-width, initial-scale=1">
<style>
body{font-family:system-ui,-apple-system,"Segoe UI",sans-serif;background:#f3f3f3;color:#181818;margin:0}
main{max-width:420px;margin:48px auto;background:#fff;border:1px solid #d8dde6;border-radius:4px;padding:24px}
h1{font-size:20px;margin-top:0}label{display:block;margin:12px 0 4px;font-size:13px;color:#444}
input[type=text],input[type=password]{width:100%;box-sizing:border-box;padding:10px;border:1px solid #c9c9c9;
border-radius:4px;font-size:15px}
button,input[type=submit]{margin-top:16px;padding:10px 16px;border-radius:4px;border:1px solid #0176d3;
background:#0176d3;color:#fff;font-size:15px;cursor:pointer}
button.secondary{background:#fff;color:#0176d3}
.error{background:#fde8e8;border:1px solid #ea001e;color:#ba0517;padding:10px;border-radius:4px}
.hint{font-size:13px;color:#555}table{border-collapse:collapse;font-size:13px;width:100%}
td,th{text-align:left;padding:3px 4px;border-bottom:1px solid #eee}code{font-size:13px}
</style></head><body><main>{% block content %}{% endblock %}</main></body></html>"""

_HIDDEN = """{% for name, value in params.items() %}
<input type="hidden" name="{{ name }}" value="{{ value }}">{% endfor %}"""

_LOGIN = (
    """<h1>Log in to Acme Demo</h1>
{% if error %}<div class="error" id="error" role="alert">{{ error }}</div>{% endif %}
<form method="post" action="/services/oauth2/authorize" id="login_form">
<input type="hidden" name="step" value="login">"""
    + _HIDDEN
    + """
<label for="username">Username</label>
<input type="text" id="username" name="username" value="{{ username }}" autocomplete="username" autofocus>
<label for="password">Password</label>
<input type="password" id="password" name="password" autocomplete="current-password">
<input type="submit" id="Login" name="Login" value="Log In">
</form>
<h2 style="font-size:15px;margin-top:28px">Demo users</h2>
<p class="hint">Every demo user's password is <code id="demo-password">{{ password }}</code>.</p>
<table><tr><th>Org</th><th>Name</th><th>Username</th></tr>
{% for org, name, username in users %}
<tr><td>{{ org }}</td><td>{{ name }}</td><td><code>{{ username }}</code></td></tr>{% endfor %}
</table>"""
)

_APPROVE = """<h1>Allow access?</h1>
<p><strong>{{ app }}</strong> is asking to access your Acme Demo data as <strong>{{ name }}</strong>
(<code>{{ username }}</code>).</p>
<p class="hint">It will be able to:</p>
<ul class="hint">{% for scope in scopes %}<li>{{ scope }}</li>{% endfor %}</ul>
<form method="post" action="/services/oauth2/authorize">
<input type="hidden" name="step" value="approve"><input type="hidden" name="ticket" value="{{ ticket }}">
<button type="submit" id="oaapprove" name="approve" value="Allow">Allow</button>
<button type="submit" id="oadeny" name="deny" value="Deny" class="secondary">Deny</button>
</form>"""

_ERROR = """<h1>{{ heading }}</h1>
<div class="error" id="error"><strong>error={{ code }}</strong><br>{{ description }}</div>
<p class="hint">Close this window and try again, or ask your administrator.</p>"""

_SUCCESS = """<h1>Remote Access Application Authorization</h1>
<p>Remote access application authorization is complete. You can close this window.</p>"""

_FRONTDOOR = """<h1>Acme Demo</h1>
<p id="signed-in">Signed in as <strong>{{ name }}</strong> (<code>{{ username }}</code>) to {{ org }}.</p>
<p class="hint">You opened <code id="target">{{ path }}</code>.
This demo org has no web interface beyond this page.</p>"""


def _extends(content: str) -> str:
    return '{% extends "layout" %}{% block content %}' + content + "{% endblock %}"


_ENV = jinja2.Environment(
    autoescape=True,
    undefined=jinja2.StrictUndefined,
    loader=jinja2.DictLoader(
        {
            "layout": _LAYOUT,
            "login": _extends(_LOGIN),
            "approve": _extends(_APPROVE),
            "error": _extends(_ERROR),
            "success": _extends(_SUCCESS),
            "frontdoor": _extends(_FRONTDOOR),
        }
    ),
)

_SCOPE_WORDS = {
    "api": "Manage user data via APIs (api)",
    "chatter_api": "Access Chatter REST API resources (chatter_api)",
    "id": "Access the identity URL service (id)",
    "refresh_token": "Perform requests at any time (refresh_token, offline_access)",
    "offline_access": "Perform requests at any time (refresh_token, offline_access)",
    "web": "Access content via a web browser (web)",
    "full": "Full access (full)",
}


def _page(title: str, body: str, **values: Any) -> str:
    return _ENV.get_template(body).render(title=title, **values)


def login(
    params: Mapping[str, str],
    users: list[tuple[str, str, str]],
    password: str,
    *,
    username: str = "",
    error: str | None = None,
) -> str:
    """The login form; OAuth parameters ride along in hidden fields."""
    return _page(
        "Login | Acme Demo",
        "login",
        params=params,
        users=users,
        password=password,
        username=username,
        error=error,
    )


def approve(ticket: str, app: str, name: str, username: str, scope: str) -> str:
    """The "Allow access?" page shown on a user's first approval of the app."""
    scopes = list(dict.fromkeys(_SCOPE_WORDS.get(word, word) for word in scope.split()))
    return _page(
        "Allow Access? | Acme Demo",
        "approve",
        ticket=ticket,
        app=app,
        name=name,
        username=username,
        scopes=scopes,
    )


def error(code: str, description: str, heading: str = "Remote Access Authorization Error") -> str:
    """An error page shown instead of a redirect (bad client or callback, bad frontdoor pass)."""
    return _page("Error | Acme Demo", "error", heading=heading, code=code, description=description)


def success() -> str:
    """What the browser shows at the callback when nobody intercepts it."""
    return _page("Remote Access Application Authorization", "success")


def frontdoor(name: str, username: str, org: str, path: str) -> str:
    """The page a one-time frontdoor pass opens."""
    return _page("Acme Demo", "frontdoor", name=name, username=username, org=org, path=path)
