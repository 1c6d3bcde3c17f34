"""The sign-in browser: address line, security mark, load progress; one off-the-record attempt at a time."""

from __future__ import annotations

from urllib.parse import urlsplit

from PySide6.QtCore import QObject, Qt, QUrl, Signal, Slot
from PySide6.QtWebEngineCore import (
    QWebEngineDownloadRequest,
    QWebEngineProfile,
    QWebEngineUrlRequestInfo,
    QWebEngineUrlRequestInterceptor,
)
from PySide6.QtWebEngineWidgets import QWebEngineView
from PySide6.QtWidgets import QHBoxLayout, QLabel, QLineEdit, QProgressBar, QVBoxLayout, QWidget

from desktop_app import log
from desktop_app.auth.request import AuthorizeRequest
from desktop_app.ui.shared import dialogs
from desktop_app.ui.signin.callbackpage import CallbackInterceptingPage, ProxyCredentials
from desktop_app.ui.signin.diagnostics import Outcome, SignInDiagnostics, outcome_of_load
from desktop_app.ui.signin.urls import (
    LoadFailure,
    error_page_html,
    host_mark,
    lands_outside_sign_in,
    origin_of,
    safe_url_text,
)

_LEFT_SIGN_IN = (
    "This page is not part of signing in, so Connect Desktop cannot finish the sign-in from here. "
    "Use Start over to sign in again."
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


class RequestRecorder(QWebEngineUrlRequestInterceptor):
    """Notes every request of an attempt's profile in its diagnostics; changes nothing, blocks nothing."""

    def __init__(self, diagnostics: SignInDiagnostics) -> None:
        super().__init__()
        self._diagnostics = diagnostics

    def interceptRequest(self, info: QWebEngineUrlRequestInfo) -> None:
        """Called on the GUI thread before each request is sent."""
        resource = info.resourceType().name.removeprefix("ResourceType")
        navigation = info.navigationType().name.removeprefix("NavigationType")
        method = bytes(info.requestMethod().data()).decode("ascii", "replace")
        self._diagnostics.add(f"{method} {resource.lower()}", info.requestUrl(), navigation.lower())


class _Attempt(QObject):
    """One sign-in try: its request, a fresh off-the-record profile, the page and the view showing it.

    The page is this object's first child, the profile its second and the request recorder its third, so
    deleting the attempt deletes the page before the profile, as QtWebEngine requires, and the recorder after.
    """

    def __init__(
        self,
        request: AuthorizeRequest,
        parent: QObject,
        diagnostics: SignInDiagnostics,
        proxy_credentials: ProxyCredentials | None,
    ) -> None:
        super().__init__(parent)
        self.request = request
        self.focused = False
        self.profile = new_sign_in_profile()
        self.page = CallbackInterceptingPage(self.profile, request, diagnostics, proxy_credentials)
        self.recorder = RequestRecorder(diagnostics)
        self.page.setParent(self)
        self.profile.setParent(self)
        self.recorder.setParent(self)
        self.profile.setUrlRequestInterceptor(self.recorder)
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

    def __init__(
        self, parent: QWidget | None = None, proxy_credentials: ProxyCredentials | None = None
    ) -> None:
        super().__init__(parent)
        self._attempt: _Attempt | None = None
        self._proxy_credentials = proxy_credentials
        self.diagnostics = SignInDiagnostics()
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
        self.diagnostics.start(request)
        attempt = _Attempt(request, self, self.diagnostics, self._proxy_credentials)
        page = attempt.page
        page.callback_reached.connect(self._on_callback_reached)
        page.external_requested.connect(self._on_external_requested)
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

    @Slot(QUrl)
    def _on_external_requested(self, url: QUrl) -> None:
        page = self.page
        if page is None:
            return
        shown = safe_url_text(url)
        answer = dialogs.question(
            self,
            "Open in your browser?",
            f"The sign-in page wants to open this address in your web browser:\n\n{shown}\n\n"
            "Open it? Nothing from this sign-in is passed on to the browser.",
            "Open in Browser",
            "Stay Here",
        )
        if answer == dialogs.Button.Yes:
            page.open_externally(url)

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
        outcome = outcome_of_load(failure)
        self.diagnostics.finish(outcome, f"{failure.domain} {failure.code}: {failure.description}")
        if outcome is Outcome.PROXY:
            self._show_error(
                f"Can't reach {host} through the proxy",
                "The proxy refused the connection or could not be reached "
                f"({failure.description or failure.code}). Check the proxy under Settings \u2192 Network, "
                "then retry.",
            )
            return
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
            f"Connect Desktop could not open the sign-in page at {host}. Check your network connection, "
            "the login host address and the proxy under Settings \u2192 Network. "
            f"({failure.description or failure.domain})",
        )

    @Slot(str)
    def _on_certificate_rejected(self, explanation: str) -> None:
        if self._attempt is None:
            return
        host = urlsplit(self._attempt.page.requestedUrl().toString()).netloc or "the server"
        self._show_error(f"The connection to {host} is not secure", explanation)

    def _show_error(self, title: str, detail: str) -> None:
        assert self._attempt is not None
        self._showing_local_page = True
        self._attempt.page.show_local_html(error_page_html(title, detail))
        self.problem.emit(f"{title}. {detail}", True)
