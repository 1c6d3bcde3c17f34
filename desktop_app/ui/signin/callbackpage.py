"""The sign-in page: catches the OAuth callback before it loads and keeps to http(s) pages.

Certificates the system does not trust are refused and explained, unless the chain verifies against the
extra CA file chosen in Settings (auth.network); a proxy that asks for credentials gets the ones in force, or
the person is asked. Every request, navigation and load goes to the attempt's diagnostics.
"""

from __future__ import annotations

import ssl
from collections import Counter
from collections.abc import Callable
from urllib.parse import urlsplit

from PySide6.QtCore import QUrl, Signal, Slot
from PySide6.QtGui import QDesktopServices
from PySide6.QtNetwork import QAuthenticator
from PySide6.QtWebEngineCore import (
    QWebEngineCertificateError,
    QWebEngineLoadingInfo,
    QWebEngineNewWindowRequest,
    QWebEnginePage,
    QWebEngineProfile,
    QWebEngineSettings,
)

from desktop_app import log
from desktop_app.auth import network
from desktop_app.auth.chainverify import ChainRefused, verify_chain
from desktop_app.auth.hosts import is_secure_or_loopback
from desktop_app.auth.netfailures import PresentedCertificate, certificate_advice, describe_certificate
from desktop_app.auth.request import AuthorizeRequest, is_callback
from desktop_app.ui.signin.diagnostics import Outcome, SignInDiagnostics, oauth_error_in
from desktop_app.ui.signin.urls import LoadFailure, safe_url_text

ProxyCredentials = Callable[[str, bool], "tuple[str, str] | None"]
"""(proxy host, the last answer was refused) -> (user, password) to send, or None to give up."""

# Pages that load nothing from anywhere; Chromium uses them for fresh frames.
_EMPTY_PAGES = frozenset({"about:blank", "about:srcdoc"})
_CONSOLE_TEXT_LIMIT = 300
# Answers to one proxy within one attempt: the first, and one more after it was refused.
_PROXY_ANSWERS = 2


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
    external_requested = Signal(QUrl)
    """A person clicked a link that opens a new window (https only): ask them before the browser opens it."""
    external_opened = Signal(str)
    """A popup's URL, without query and fragment, handed to the system browser."""
    certificate_rejected = Signal(str)
    """The page's own TLS certificate was refused; carries the explanation (host, issuer, what to do)."""
    load_failed = Signal(object)
    """A main-frame load failed (not when it was stopped or refused): carries a LoadFailure."""

    def __init__(
        self,
        profile: QWebEngineProfile,
        request: AuthorizeRequest,
        diagnostics: SignInDiagnostics | None = None,
        proxy_credentials: ProxyCredentials | None = None,
    ) -> None:
        super().__init__(profile, None)
        self._request = request
        self._callback_seen = False
        self._local_html_pending = False
        self._diagnostics = diagnostics or SignInDiagnostics()
        self._proxy_credentials = proxy_credentials
        self._proxy_asks: Counter[str] = Counter()
        settings = self.settings()
        # Qt would hand unknown schemes (mailto:, app launchers) to the desktop; a sign-in needs none.
        settings.setUnknownUrlSchemePolicy(
            QWebEngineSettings.UnknownUrlSchemePolicy.DisallowUnknownUrlSchemes
        )
        settings.setAttribute(QWebEngineSettings.WebAttribute.LocalContentCanAccessFileUrls, False)
        # A page may not open windows (or the system browser) by script; only a person's click on a link may.
        settings.setAttribute(QWebEngineSettings.WebAttribute.JavascriptCanOpenWindows, False)
        self.newWindowRequested.connect(self._on_new_window_requested)
        self.certificateError.connect(self._on_certificate_error)
        self.loadingChanged.connect(self._on_loading_changed)
        self.proxyAuthenticationRequired.connect(self._on_proxy_authentication)

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
            error = oauth_error_in(qurl)
            self._diagnostics.add(
                "callback", qurl, f"{type.name}; not loaded{'; error ' + error if error else ''}"
            )
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
            if isMainFrame:
                self._diagnostics.add("navigate", qurl, type.name.removeprefix("NavigationType").lower())
                if oauth_error_in(qurl) == "redirect_uri_mismatch":
                    self._diagnostics.finish(Outcome.WRONG_CALLBACK)
            return True
        if text in _EMPTY_PAGES:
            return True
        shown = safe_url_text(qurl)
        log.ui.warning(
            "Refused a %s navigation to %s (%s frame)", type.name, shown, "main" if isMainFrame else "sub"
        )
        self._diagnostics.add("refused", qurl, type.name.removeprefix("NavigationType").lower())
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
        if not request.isUserInitiated():
            log.ui.warning("Refused a popup to %s that no click asked for", shown)
            self.navigation_refused.emit(shown)
            return
        if url.scheme().lower() != "https":
            log.ui.warning("Refused a popup to %s", shown)
            self.navigation_refused.emit(shown)
            return
        if is_callback(url.toString(QUrl.ComponentFormattingOption.FullyEncoded), self._request):
            # The callback belongs in this page, never in a browser tab (it may carry a token).
            log.ui.warning("Refused a popup to the sign-in callback")
            self.navigation_refused.emit(shown)
            return
        self.external_requested.emit(url)

    def open_externally(self, url: QUrl) -> None:
        """Open a link in the system browser (after the person agreed)."""
        shown = safe_url_text(url)
        log.ui.info("Opening %s in the system browser", shown)
        QDesktopServices.openUrl(url)
        self.external_opened.emit(shown)

    @Slot(QWebEngineCertificateError)
    def _on_certificate_error(self, error: QWebEngineCertificateError) -> None:
        url = error.url()
        chain = [bytes(cert.toPem().data()) for cert in error.certificateChain()]
        description = error.description()
        extra_ca = network.current().extra_ca_file
        if extra_ca and error.isOverridable():
            try:
                verify_chain(chain, url.host(), extra_ca)
            except ChainRefused as exc:
                description = f"{description}; {exc}"
            else:
                error.acceptCertificate()
                log.ui.info("Accepted the certificate of %s: it verifies against the extra CA", url.host())
                self._diagnostics.add("cert", url, "verified against the extra CA file")
                return
        error.rejectCertificate()
        log.ui.warning(
            "Refused the TLS certificate of %s: %s (%s)", safe_url_text(url), description, error.type().name
        )
        self._diagnostics.add("cert", url, f"refused: {description}")
        if error.isMainFrame():
            # A part of the page (an image, a frame) that fails to load leaves the page itself usable.
            self._diagnostics.finish(Outcome.CERTIFICATE, description)
            presented = _presented(chain)
            self.certificate_rejected.emit(
                certificate_advice(urlsplit(safe_url_text(url)).netloc, description, presented)
            )

    @Slot(QUrl, QAuthenticator, str)
    def _on_proxy_authentication(self, url: QUrl, authenticator: QAuthenticator, proxy_host: str) -> None:
        self._proxy_asks[proxy_host] += 1
        asked = self._proxy_asks[proxy_host]
        self._diagnostics.add("proxy 407", url, f"proxy {proxy_host} asked for credentials")
        answer = None
        if self._proxy_credentials is not None and asked <= _PROXY_ANSWERS:
            answer = self._proxy_credentials(proxy_host, asked > 1)
        if answer is None:
            # An untouched authenticator cancels: the proxy's 407 then ends the load.
            log.ui.info("No credentials for the proxy %s", proxy_host)
            self._diagnostics.finish(Outcome.PROXY, f"the proxy {proxy_host} wants a user name and password")
            return
        authenticator.setUser(answer[0])
        authenticator.setPassword(answer[1])

    @Slot(QWebEngineLoadingInfo)
    def _on_loading_changed(self, info: QWebEngineLoadingInfo) -> None:
        status = info.status()
        if status is QWebEngineLoadingInfo.LoadStatus.LoadSucceededStatus:
            self._diagnostics.add("loaded", info.url(), "ok")
        if status is not QWebEngineLoadingInfo.LoadStatus.LoadFailedStatus:
            return
        failure = LoadFailure(
            url=safe_url_text(info.url()),
            domain=info.errorDomain().name,
            code=info.errorCode(),
            description=info.errorString(),
        )
        log.ui.info("Sign-in page failed to load %s: %s %d", failure.url, failure.domain, failure.code)
        self._diagnostics.add("failed", info.url(), f"{failure.domain} {failure.code}: {failure.description}")
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


def _presented(chain: list[bytes]) -> PresentedCertificate | None:
    """What the server's own certificate says, for the explanation (None when there is none)."""
    if not chain:
        return None
    try:
        der = ssl.PEM_cert_to_DER_cert(chain[0].decode("ascii"))
        return describe_certificate(der)
    except ValueError:
        return None
