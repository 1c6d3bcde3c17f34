"""The settings tab for the connected app: consumer key, callback URL, scopes and the default sign-in flow."""

from __future__ import annotations

import re
from urllib.parse import urlsplit

import msgspec
from PySide6.QtCore import Qt, Signal, Slot
from PySide6.QtWidgets import (
    QComboBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from desktop_app import log
from desktop_app.auth.hosts import PRODUCTION, is_secure_or_loopback
from desktop_app.auth.request import DEFAULT_SCOPES as _SCOPE_TUPLE
from desktop_app.auth.request import SUCCESS_PATH, Flow
from desktop_app.storage import settings as keys
from desktop_app.storage.settings import Settings

DEFAULT_CALLBACK_EXAMPLE = f"{PRODUCTION}{SUCCESS_PATH}"
DEFAULT_SCOPES = " ".join(_SCOPE_TUPLE)

_CONSUMER_KEY = re.compile(r"[A-Za-z0-9._\-]+")
_SCOPE = re.compile(r"[a-z_]+")
_MAX_CONSUMER_KEY = 255

INSTRUCTIONS = (
    "Connect Desktop signs in through a connected app or external client app in your org. "
    "To set one up, in Salesforce Setup:\n"
    "1. Open App Manager (or External Client App Manager) and create a new app with OAuth enabled.\n"
    f"2. Callback URL: {DEFAULT_CALLBACK_EXAMPLE}. Add the same path on "
    "https://test.salesforce.com for sandboxes, or on your My Domain host.\n"
    "3. OAuth scopes: \u201cManage user data via APIs (api)\u201d and \u201cPerform requests at any time "
    "(refresh_token, offline_access)\u201d.\n"
    "4. Require PKCE if you use the PKCE flow. No client secret is needed: Connect Desktop never sends one.\n"
    "5. Save, open \u201cManage Consumer Details\u201d and copy the Consumer Key into the field above. "
    "New apps can take up to 10 minutes to work.\n"
    "An app that is not installed in an org needs an admin to install it there, or users need the "
    "\u201cApprove Uninstalled Connected Apps\u201d permission."
)

FLOW_LABELS: dict[Flow, str] = {
    Flow.USER_AGENT: "User-agent flow (token returned in the browser)",
    Flow.PKCE: "Authorization code with PKCE (recommended when your org blocks the user-agent flow)",
}


class AppCheck(msgspec.Struct, frozen=True):
    """What is wrong with connected-app settings (errors block saving; warnings do not)."""

    errors: tuple[str, ...] = ()
    warnings: tuple[str, ...] = ()
    scopes: str = ""

    @property
    def ok(self) -> bool:
        """True when the settings can be saved."""
        return not self.errors


def _check_client_id(client_id: str) -> list[str]:
    if not client_id:
        return ["Enter the consumer key (client id) of your connected app."]
    if len(client_id) > _MAX_CONSUMER_KEY:
        return ["The consumer key is too long. Copy it again from \u201cManage Consumer Details\u201d."]
    if not _CONSUMER_KEY.fullmatch(client_id):
        return [
            "The consumer key has spaces or symbols a Salesforce consumer key never has. "
            "Copy it again from \u201cManage Consumer Details\u201d."
        ]
    return []


def _check_callback(callback_url: str) -> list[str]:
    if not callback_url:
        return []
    try:
        parts = urlsplit(callback_url)
    except ValueError:
        parts = None
    if parts is None or not parts.scheme or not parts.netloc or any(ch.isspace() for ch in callback_url):
        return ["The callback URL is not a complete address, e.g. " + DEFAULT_CALLBACK_EXAMPLE]
    if parts.fragment:
        return ["The callback URL must not contain a \u201c#\u201d part."]
    if not is_secure_or_loopback(callback_url):
        return [
            "The callback URL must start with https:// (or http://localhost or http://127.0.0.1 "
            "for an org on this computer)."
        ]
    return []


def _check_scopes(scopes: str) -> tuple[list[str], list[str], str]:
    names: list[str] = []
    for name in scopes.split():
        if name not in names:
            names.append(name)
    if not names:
        return ["Enter the OAuth scopes, e.g. \u201capi refresh_token\u201d."], [], ""
    bad = [name for name in names if not _SCOPE.fullmatch(name)]
    if bad:
        return [f"These are not OAuth scope names: {', '.join(bad)}. Separate scopes with spaces."], [], ""
    errors: list[str] = []
    warnings: list[str] = []
    if "api" not in names:
        errors.append(
            "The scopes must include \u201capi\u201d: without it the app cannot read or post to Chatter."
        )
    if "refresh_token" not in names and "offline_access" not in names:
        warnings.append(
            "Without \u201crefresh_token\u201d you will have to sign in again each time a session ends."
        )
    return errors, warnings, " ".join(names)


def check_app_settings(client_id: str, callback_url: str, scopes: str) -> AppCheck:
    """Validate connected-app settings as people type them; returns the scopes normalised."""
    scope_errors, warnings, normalised = _check_scopes(scopes.strip())
    errors = [*_check_client_id(client_id.strip()), *_check_callback(callback_url.strip()), *scope_errors]
    return AppCheck(tuple(errors), tuple(warnings), normalised)


def _plain_label(text: str, parent: QWidget) -> QLabel:
    label = QLabel(text, parent)
    label.setTextFormat(Qt.TextFormat.PlainText)
    label.setWordWrap(True)
    return label


class AppSettingsTab(QWidget):
    """Edits and saves the connected-app settings (signals: saved())."""

    saved = Signal()
    """The settings were valid and are now written."""

    def __init__(self, settings: Settings, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._settings = settings
        self.client_id = QLineEdit(self)
        self.client_id.setAccessibleName("Consumer key")
        self.client_id.setPlaceholderText("3MVG9\u2026 (from \u201cManage Consumer Details\u201d)")
        self.callback_url = QLineEdit(self)
        self.callback_url.setAccessibleName("Callback URL")
        self.callback_url.setPlaceholderText(
            f"Default: each login host's own page, e.g. {DEFAULT_CALLBACK_EXAMPLE}"
        )
        self.scopes = QLineEdit(self)
        self.scopes.setAccessibleName("OAuth scopes")
        self.scopes.setPlaceholderText(DEFAULT_SCOPES)
        self.flow = QComboBox(self)
        self.flow.setAccessibleName("Default sign-in flow")
        for flow, label in FLOW_LABELS.items():
            self.flow.addItem(label, flow.value)
        self.save_button = QPushButton("&Save", self)
        self.save_button.setAccessibleName("Save connected app settings")
        self.status = _plain_label("", self)
        self.status.setAccessibleName("Connected app settings status")
        self.status.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        heading = QLabel("Setting up the connected app", self)
        font = heading.font()
        font.setBold(True)
        heading.setFont(font)
        instructions = _plain_label(INSTRUCTIONS, self)
        instructions.setAccessibleName("How to create a connected app")
        instructions.setTextInteractionFlags(
            Qt.TextInteractionFlag.TextSelectableByMouse | Qt.TextInteractionFlag.TextSelectableByKeyboard
        )

        form = QFormLayout()
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.ExpandingFieldsGrow)
        form.addRow("Consumer &key:", self.client_id)
        form.addRow("&Callback URL:", self.callback_url)
        form.addRow("&Scopes:", self.scopes)
        form.addRow("Default &flow:", self.flow)
        buttons = QHBoxLayout()
        buttons.addWidget(self.status, 1)
        buttons.addWidget(self.save_button, 0, Qt.AlignmentFlag.AlignTop)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addLayout(buttons)
        layout.addSpacing(12)
        layout.addWidget(heading)
        layout.addWidget(instructions)
        layout.addStretch(1)
        self.load()
        self._connect_signals()

    def _connect_signals(self) -> None:
        self.save_button.clicked.connect(self.save)
        self.client_id.returnPressed.connect(self.save)
        self.callback_url.returnPressed.connect(self.save)
        self.scopes.returnPressed.connect(self.save)

    def load(self) -> None:
        """Fill the fields from the settings file."""
        self.client_id.setText(self._settings.get_str(keys.CLIENT_ID))
        self.callback_url.setText(self._settings.get_str(keys.CALLBACK_URL))
        self.scopes.setText(self._settings.get_str(keys.SCOPES) or DEFAULT_SCOPES)
        index = self.flow.findData(self._settings.get_str(keys.DEFAULT_FLOW))
        self.flow.setCurrentIndex(max(index, 0))

    @Slot()
    def save(self) -> bool:
        """Validate, and when valid write the settings; the status line says what happened."""
        check = check_app_settings(self.client_id.text(), self.callback_url.text(), self.scopes.text())
        if not check.ok:
            self.status.setText("\n".join(f"\u2717 {text}" for text in check.errors))
            return False
        try:
            self._settings.set(keys.CLIENT_ID, self.client_id.text().strip())
            self._settings.set(keys.CALLBACK_URL, self.callback_url.text().strip())
            self._settings.set(keys.SCOPES, check.scopes)
            self._settings.set(keys.DEFAULT_FLOW, str(self.flow.currentData()))
        except OSError as exc:
            log.ui.warning("Could not save the connected app settings: %s", type(exc).__name__)
            self.status.setText(f"\u2717 Could not save the settings: {exc.strerror or exc}")
            return False
        self.scopes.setText(check.scopes)
        lines = ["\u2713 Saved. New sign-ins use these settings.", *(f"! {text}" for text in check.warnings)]
        self.status.setText("\n".join(lines))
        self.saved.emit()
        return True
