"""The sign-in browser: a page that catches the OAuth callback before it loads and keeps to http(s) pages,
shown with an address bar, a security mark and load progress, one fresh off-the-record profile per attempt."""

from __future__ import annotations

import html
from dataclasses import dataclass
from urllib.parse import urlsplit, urlunsplit

from PySide6.QtCore import QObject, Qt, QUrl, Signal, Slot
from PySide6.QtGui import QDesktopServices
from PySide6.QtWebEngineCore import (
    QWebEngineCertificateError,
    QWebEngineDownloadRequest,
    QWebEngineLoadingInfo,
    QWebEngineNewWindowRequest,
    QWebEnginePage,
    QWebEngineProfile,
    QWebEngineSettings,
)
from PySide6.QtWebEngineWidgets import QWebEngineView
from PySide6.QtWidgets import QHBoxLayout, QLabel, QLineEdit, QProgressBar, QVBoxLayout, QWidget

from desktop_app import log
from desktop_app.auth.hosts import is_loopback, is_secure_or_loopback
from desktop_app.auth.request import AuthorizeRequest, is_callback

# Pages that load nothing from anywhere; Chromium uses them for fresh frames.
_EMPTY_PAGES = frozenset({"about:blank", "about:srcdoc"})
_HIERARCHICAL = frozenset({"http", "https", "file", "ftp", "ws", "wss"})
_CONSOLE_TEXT_LIMIT = 300
# Paths a sign-in passes through on Salesforce hosts: login, approval, identity verification, SSO hand-offs.
_SIGN_IN_PATHS = (
    "/services/oauth2/",
    "/setup/secur/",
    "/secur/",
    "/_ui/identity/",
    "/_ui/system/security/",
    "/login",
    "/saml/",
    "/idp/",
    "/identity/",
)
_SALESFORCE_SUFFIXES = (
    ".salesforce.com",
    ".force.com",
    ".site.com",
    ".salesforce-setup.com",
    ".cloudforce.com",
    ".database.com",
)
_LEFT_SIGN_IN = (
    "This page is not part of signing in, so Connect Desktop cannot finish the sign-in from here. "
    "Use Start over to sign in again."
)


def safe_url_text(url: QUrl | str) -> str:
    """The URL fit for logs and labels: no user info, query or fragment; only the scheme for opaque URLs."""
    text = url if isinstance(url, str) else url.toString(QUrl.ComponentFormattingOption.FullyEncoded)
    try:
        parts = urlsplit(text)
        host = parts.netloc.rpartition("@")[2]
    except ValueError:
        return "(unreadable address)"
    scheme = parts.scheme.lower()
    if scheme in _HIERARCHICAL:
        return urlunsplit((scheme, host, parts.path, "", ""))
    # data:, javascript:, blob: and custom schemes carry their content (or a secret) where a path would be.
    return f"{scheme or '(no scheme)'}:…"


def origin_of(url: str) -> str:
    """scheme://host[:port] of a URL, nothing else."""
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc.rpartition('@')[2]}"


def host_mark(url: str) -> str:
    """The security mark and host for the address bar, e.g. "🔒 login.salesforce.com"."""
    parts = urlsplit(url)
    host = parts.netloc.rpartition("@")[2]
    if parts.scheme == "https":
        return f"🔒 {host}"
    if is_loopback(url):
        return f"⚠ {host} (local, not encrypted)"
    return f"⚠ {host} (not encrypted)"


def lands_outside_sign_in(url: str, login_host: str) -> bool:
    """True when a Salesforce page that is not part of signing in was loaded (a home page, Classic, setup).

    Pages on other hosts count as part of the sign-in: single sign-on sends people to their identity provider.
    """
    parts = urlsplit(url)
    host = (parts.hostname or "").lower()
    if host != urlsplit(login_host).hostname and not host.endswith(_SALESFORCE_SUFFIXES):
        return False
    path = parts.path or "/"
    return path != "/" and not path.startswith(_SIGN_IN_PATHS)


def error_page_html(title: str, detail: str) -> str:
    """Our own page for a load that failed, every value escaped."""
    return (
        "<!DOCTYPE html><html lang='en'><head><meta charset='utf-8'>"
        f"<title>{html.escape(title)}</title><style>"
        "body{font-family:system-ui,sans-serif;margin:40px 32px;color:#181818;background:#fafafa}"
        "h1{font-size:20px}p{font-size:14px;line-height:1.5}"
        "</style></head><body>"
        f"<h1>{html.escape(title)}</h1><p>{html.escape(detail)}</p>"
        "<p>Use Retry above to try again.</p></body></html>"
    )


def new_sign_in_profile() -> QWebEngineProfile:
    """A fresh off-the-record profile: cookies, cache and permissions live in memory and die with it."""
    profile = QWebEngineProfile()  # no storage name: off the record
    profile.setPersistentCookiesPolicy(QWebEngineProfile.PersistentCookiesPolicy.NoPersistentCookies)
    profile.setHttpCacheType(QWebEngineProfile.HttpCacheType.MemoryHttpCache)
    profile.setPersistentPermissionsPolicy(QWebEngineProfile.PersistentPermissionsPolicy.AskEveryTime)
    profile.downloadRequested.connect(_refuse_download)
    return profile


def _refuse_download(download: QWebEngineDownloadRequest) -> None:
    # Signing in needs no downloads, and a refused one leaves no file behind.
    download.cancel()
    log.ui.info("Refused a download from the sign-in page: %s", safe_url_text(download.url()))


@dataclass(frozen=True)
class LoadFailure:
    """Why a page did not load: Chromium's error domain and code, and the URL without query or fragment."""

    url: str
    domain: str
    code: int
    description: str

    @property
    def is_http_status(self) -> bool:
        """True when the server answered, with an HTTP error status (its own page is still worth showing)."""
        return self.domain == "HttpStatusCodeDomain"

    @property
    def is_certificate(self) -> bool:
        """True when the TLS certificate was refused."""
        return self.domain == "CertificateErrorDomain"


class CallbackInterceptingPage(QWebEnginePage):
    """Sign-in page (signals: callback_reached(url), navigation_refused(url), external_opened(url),
    certificate_rejected(description), load_failed(LoadFailure)).

    Every navigation passes ``acceptNavigationRequest``: the request's callback URL is never loaded but handed
    over once through ``callback_reached``; anything but https (or http to this machine) is refused. Popups
    open in the system browser, so no window ever shares this page's profile.
    """

    callback_reached = Signal(str)
    """The full callback URL (with its query or fragment: it may hold a token, so never log it)."""
    navigation_refused = Signal(str)
    """A navigation that was refused, as ``safe_url_text`` shows it."""
    external_opened = Signal(str)
    """A popup's URL, without query and fragment, handed to the system browser."""
    certificate_rejected = Signal(str)
    """The page's own TLS certificate was refused; carries Chromium's description of what is wrong."""
    load_failed = Signal(object)
    """A main-frame load failed (not when it was stopped or refused): carries a LoadFailure."""

    def __init__(self, profile: QWebEngineProfile, request: AuthorizeRequest) -> None:
        super().__init__(profile, None)
        self._request = request
        self._callback_seen = False
        self._local_html_pending = False
        settings = self.settings()
        # Qt would hand unknown schemes (mailto:, app launchers) to the desktop; a sign-in needs none.
        settings.setUnknownUrlSchemePolicy(
            QWebEngineSettings.UnknownUrlSchemePolicy.DisallowUnknownUrlSchemes
        )
        settings.setAttribute(QWebEngineSettings.WebAttribute.LocalContentCanAccessFileUrls, False)
        self.newWindowRequested.connect(self._on_new_window_requested)
        self.certificateError.connect(self._on_certificate_error)
        self.loadingChanged.connect(self._on_loading_changed)

    @property
    def request(self) -> AuthorizeRequest:
        """The authorize request whose callback this page watches for."""
        return self._request

    @property
    def callback_seen(self) -> bool:
        """True once the callback was reached (it is handed over only the first time)."""
        return self._callback_seen

    def show_local_html(self, html: str) -> None:
        """Show a page of our own (already escaped); its data: URL is the only one ever let through."""
        self._local_html_pending = True
        self.setHtml(html, QUrl("about:blank"))

    def acceptNavigationRequest(
        self, url: QUrl | str, type: QWebEnginePage.NavigationType, isMainFrame: bool
    ) -> bool:
        """Intercept the callback, refuse non-web schemes; applies to redirects, scripts, forms and links."""
        qurl = QUrl(url) if isinstance(url, str) else url
        text = qurl.toString(QUrl.ComponentFormattingOption.FullyEncoded)
        if is_callback(text, self._request):
            if self._callback_seen:
                log.ui.info("Ignored a repeated sign-in callback (%s)", type.name)
            else:
                self._callback_seen = True
                log.ui.info("Sign-in callback reached (%s); it is not loaded", type.name)
                self.callback_reached.emit(text)
            return False
        scheme = qurl.scheme().lower()
        typed = type is QWebEnginePage.NavigationType.NavigationTypeTyped
        if scheme == "data" and self._local_html_pending and isMainFrame and typed:
            self._local_html_pending = False
            return True
        if scheme in ("http", "https") and is_secure_or_loopback(text):
            return True
        if text in _EMPTY_PAGES:
            return True
        shown = safe_url_text(qurl)
        log.ui.warning(
            "Refused a %s navigation to %s (%s frame)", type.name, shown, "main" if isMainFrame else "sub"
        )
        self.navigation_refused.emit(shown)
        return False

    def createWindow(self, type: QWebEnginePage.WebWindowType) -> QWebEnginePage:
        """No window for popups: Qt then emits newWindowRequested with the URL, which goes to the browser."""
        log.ui.debug("Popup (%s) will open in the system browser", type.name)
        return None  # type: ignore[return-value]  # the stubs miss that Qt takes None as "no window"

    @Slot(QWebEngineNewWindowRequest)
    def _on_new_window_requested(self, request: QWebEngineNewWindowRequest) -> None:
        url = request.requestedUrl()
        shown = safe_url_text(url)
        if url.scheme().lower() not in ("http", "https"):
            log.ui.warning("Refused a popup to %s", shown)
            self.navigation_refused.emit(shown)
            return
        if is_callback(url.toString(QUrl.ComponentFormattingOption.FullyEncoded), self._request):
            # The callback belongs in this page, never in a browser tab (it may carry a token).
            log.ui.warning("Refused a popup to the sign-in callback")
            self.navigation_refused.emit(shown)
            return
        log.ui.info("Opening %s in the system browser", shown)
        QDesktopServices.openUrl(url)
        self.external_opened.emit(shown)

    @Slot(QWebEngineCertificateError)
    def _on_certificate_error(self, error: QWebEngineCertificateError) -> None:
        error.rejectCertificate()
        description = error.description()
        log.ui.warning(
            "Refused the TLS certificate of %s: %s (%s)",
            safe_url_text(error.url()),
            description,
            error.type().name,
        )
        if error.isMainFrame():
            # A part of the page (an image, a frame) that fails to load leaves the page itself usable.
            self.certificate_rejected.emit(description)

    @Slot(QWebEngineLoadingInfo)
    def _on_loading_changed(self, info: QWebEngineLoadingInfo) -> None:
        if info.status() is not QWebEngineLoadingInfo.LoadStatus.LoadFailedStatus:
            return
        failure = LoadFailure(
            url=safe_url_text(info.url()),
            domain=info.errorDomain().name,
            code=info.errorCode(),
            description=info.errorString(),
        )
        log.ui.info("Sign-in page failed to load %s: %s %d", failure.url, failure.domain, failure.code)
        self.load_failed.emit(failure)

    def javaScriptConsoleMessage(
        self,
        level: QWebEnginePage.JavaScriptConsoleMessageLevel,
        message: str,
        lineNumber: int,
        sourceID: str,
    ) -> None:
        """Page console output goes to the debug log: it is the site's business, and may quote URLs."""
        log.ui.debug(
            "Sign-in page console (%s) %s:%d: %s",
            level.name,
            safe_url_text(QUrl(sourceID)),
            lineNumber,
            log.redact(message[:_CONSOLE_TEXT_LIMIT]),
        )


class _Attempt(QObject):
    """One sign-in try: its request, a fresh off-the-record profile, the page and the view showing it.

    The page is this object's first child and the profile its second, so deleting the attempt deletes the page
    before the profile, as QtWebEngine requires.
    """

    def __init__(self, request: AuthorizeRequest, parent: QObject) -> None:
        super().__init__(parent)
        self.request = request
        self.focused = False
        self.profile = new_sign_in_profile()
        self.page = CallbackInterceptingPage(self.profile, request)
        self.page.setParent(self)
        self.profile.setParent(self)
        self.view = QWebEngineView()
        self.view.setObjectName("signInWebView")
        self.view.setAccessibleName("Salesforce sign-in page")
        self.view.setPage(self.page)

    def end(self) -> None:
        """Silence the page, then delete view, page and profile (in that order) when control returns to Qt."""
        self.page.blockSignals(True)
        self.view.hide()
        self.view.deleteLater()
        self.deleteLater()


class SignInBrowser(QWidget):
    """Address bar, load progress and the web view of one sign-in attempt at a time
    (signals: callback_reached(url, AuthorizeRequest), problem(text, retry), page_loaded()).
    """

    callback_reached = Signal(str, object)
    """The callback URL (may hold a token: never log it) and the request it answers; the attempt has ended."""
    problem = Signal(str, bool)
    """Something to tell people in plain words; retry=True when the page failed to load (else start over)."""
    page_loaded = Signal()
    """A page finished loading (or failed to): history and controls may have changed."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._attempt: _Attempt | None = None
        self._showing_local_page = False
        self._mark = QLabel(self)
        self._mark.setObjectName("securityMark")
        self._mark.setAccessibleName("Connection security")
        self._mark.setTextFormat(Qt.TextFormat.PlainText)
        self._address = QLineEdit(self)
        self._address.setObjectName("addressLine")
        self._address.setAccessibleName("Page address")
        self._address.setReadOnly(True)
        self._address.setFocusPolicy(Qt.FocusPolicy.ClickFocus)
        self._progress = QProgressBar(self)
        self._progress.setObjectName("loadProgress")
        self._progress.setAccessibleName("Page load progress")
        self._progress.setRange(0, 100)
        self._progress.setTextVisible(False)
        self._progress.setMaximumHeight(4)
        self._progress.setVisible(False)
        address_row = QHBoxLayout()
        address_row.addWidget(self._mark)
        address_row.addWidget(self._address, 1)
        self._layout = QVBoxLayout(self)
        self._layout.setContentsMargins(0, 0, 0, 0)
        self._layout.addLayout(address_row)
        self._layout.addWidget(self._progress)

    @property
    def request(self) -> AuthorizeRequest | None:
        """The request of the attempt on screen (None when there is none)."""
        return self._attempt.request if self._attempt is not None else None

    @property
    def page(self) -> CallbackInterceptingPage | None:
        """The page of the attempt on screen."""
        return self._attempt.page if self._attempt is not None else None

    @property
    def view(self) -> QWebEngineView | None:
        """The web view of the attempt on screen."""
        return self._attempt.view if self._attempt is not None else None

    @property
    def profile(self) -> QWebEngineProfile | None:
        """The off-the-record profile of the attempt on screen."""
        return self._attempt.profile if self._attempt is not None else None

    @property
    def showing_local_page(self) -> bool:
        """True while our own error page is on screen."""
        return self._showing_local_page

    def can_go_back(self) -> bool:
        """True when the attempt has a page to go back to."""
        return self._attempt is not None and self._attempt.page.history().canGoBack()

    def start(self, request: AuthorizeRequest) -> None:
        """End any attempt on screen and open the request's authorize URL with a fresh profile."""
        self.stop()
        attempt = _Attempt(request, self)
        page = attempt.page
        page.callback_reached.connect(self._on_callback_reached)
        page.certificate_rejected.connect(self._on_certificate_rejected)
        page.load_failed.connect(self._on_load_failed)
        page.loadStarted.connect(self._on_load_started)
        page.loadProgress.connect(self._progress.setValue)
        page.loadFinished.connect(self._on_load_finished)
        page.urlChanged.connect(self._on_url_changed)
        self._attempt = attempt
        self._layout.addWidget(attempt.view, 1)
        self._set_address(request.login_host)
        page.load(QUrl(request.url))

    def stop(self) -> None:
        """End the attempt on screen: its page and profile are deleted."""
        attempt, self._attempt = self._attempt, None
        if attempt is not None:
            self._layout.removeWidget(attempt.view)
            attempt.end()
        self._showing_local_page = False
        self._progress.setVisible(False)

    def reload(self) -> bool:
        """Reload the page; False when no page from the server is on screen (none yet, or our error page)."""
        if self._attempt is None or self._showing_local_page:
            return False
        self._attempt.view.reload()
        return True

    def back(self) -> None:
        """Go back one page in this attempt."""
        if self.can_go_back():
            assert self._attempt is not None
            self._showing_local_page = False
            self._attempt.view.back()

    def _set_address(self, url: str) -> None:
        origin = origin_of(url)
        self._address.setText(origin)
        self._mark.setText(host_mark(origin))

    @Slot(str)
    def _on_callback_reached(self, url: str) -> None:
        attempt = self._attempt
        if attempt is None:
            return
        self.stop()
        self.callback_reached.emit(url, attempt.request)

    @Slot()
    def _on_load_started(self) -> None:
        self._progress.setValue(0)
        self._progress.setVisible(True)

    @Slot(bool)
    def _on_load_finished(self, ok: bool) -> None:
        self._progress.setVisible(False)
        self.page_loaded.emit()
        attempt = self._attempt
        if not ok or attempt is None or self._showing_local_page:
            return
        if not attempt.focused:
            # Keyboard users type into the sign-in form straight away.
            attempt.focused = True
            attempt.view.setFocus(Qt.FocusReason.OtherFocusReason)
        if lands_outside_sign_in(attempt.page.url().toString(), attempt.request.login_host):
            log.ui.info("The sign-in page left the sign-in flow")
            self.problem.emit(_LEFT_SIGN_IN, False)

    @Slot(QUrl)
    def _on_url_changed(self, url: QUrl) -> None:
        if url.scheme() in ("http", "https"):
            self._set_address(url.toString())

    @Slot(object)
    def _on_load_failed(self, failure: LoadFailure) -> None:
        if self._attempt is None or failure.is_certificate:
            return  # certificate_rejected says it in better words
        host = urlsplit(failure.url).netloc or self._attempt.request.login_host
        if failure.is_http_status:
            # The server's own page says what went wrong: leave it on screen and offer a way out.
            self.problem.emit(
                f"The sign-in page at {host} answered with an error (HTTP {failure.code}). "
                "Use Start over to sign in again.",
                False,
            )
            return
        self._show_error(
            f"Can't reach {host}",
            f"Connect Desktop could not open the sign-in page at {host}. Check your network connection "
            f"and the login host address. ({failure.description or failure.domain})",
        )

    @Slot(str)
    def _on_certificate_rejected(self, description: str) -> None:
        if self._attempt is None:
            return
        host = urlsplit(self._attempt.page.requestedUrl().toString()).netloc or "the server"
        self._show_error(
            f"The connection to {host} is not secure",
            f"The server's certificate was refused: {description}. Connect Desktop never signs in over "
            "a connection it cannot verify. If your network inspects encrypted traffic, ask your admin.",
        )

    def _show_error(self, title: str, detail: str) -> None:
        assert self._attempt is not None
        self._showing_local_page = True
        self._attempt.page.show_local_html(error_page_html(title, detail))
        self.problem.emit(f"{title}. {detail}", True)
