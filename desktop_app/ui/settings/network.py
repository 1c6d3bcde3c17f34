"""The settings tab for the network: which proxy both the sign-in page and the API use, and an extra CA."""

from __future__ import annotations

import dataclasses
import re

from PySide6.QtCore import Qt, Signal, Slot
from PySide6.QtWidgets import (
    QButtonGroup,
    QFileDialog,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QRadioButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from desktop_app.auth.network import CaFileError, NetworkConfig, ProxyConfig, ProxyMode, check_ca_file
from desktop_app.ui.app.network import NetworkControl

_MODE_LABELS = {
    ProxyMode.SYSTEM: "Use the system's proxy settings (environment, and PAC where the system has one)",
    ProxyMode.NONE: "No proxy: always connect directly",
    ProxyMode.MANUAL: "Manual HTTP proxy:",
}
_TRUST_TEXT = (
    "Servers are verified against this computer's trusted certificates, so a company root certificate "
    "installed on it is trusted by the sign-in page and the API alike. If yours is not installed, choose "
    "its file (PEM) here."
)
# A host name (one label is fine: proxies are often just "proxy"), an IPv4 address or an IPv6 one.
_PROXY_HOST = re.compile(r"[A-Za-z0-9]([A-Za-z0-9.-]{0,251}[A-Za-z0-9])?|[0-9A-Fa-f:.]+")
_LOOPBACK_NOTE = (
    "Addresses on this computer (127.0.0.1, localhost) are never sent through a proxy by the sign-in page."
)


class NetworkTab(QWidget):
    """Proxy mode, host, port, user and password, and the extra CA file (signals: saved(NetworkConfig))."""

    saved = Signal(object)
    """The choices were applied and kept; carries the NetworkConfig (password included: never log it)."""

    def __init__(self, control: NetworkControl, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._control = control
        self.setAccessibleName("Network settings")
        layout = QVBoxLayout(self)
        layout.addWidget(self._build_proxy())
        layout.addWidget(self._build_trust())
        self.apply_button = QPushButton("&Apply", self)
        self.apply_button.setAccessibleName("Apply network settings")
        self.status = QLabel(self)
        self.status.setObjectName("networkStatus")
        self.status.setTextFormat(Qt.TextFormat.PlainText)
        self.status.setWordWrap(True)
        self.status.setAccessibleName("Network settings status")
        row = QHBoxLayout()
        row.addWidget(self.status, 1)
        row.addWidget(self.apply_button, 0, Qt.AlignmentFlag.AlignTop)
        layout.addLayout(row)
        layout.addStretch(1)
        self._connect_signals()
        self.show_config(control.config)

    def _build_proxy(self) -> QGroupBox:
        box = QGroupBox("Proxy", self)
        self.modes = QButtonGroup(self)
        self.mode_buttons: dict[ProxyMode, QRadioButton] = {}
        column = QVBoxLayout(box)
        for index, (mode, label) in enumerate(_MODE_LABELS.items()):
            button = QRadioButton(label, box)
            button.setAccessibleName(label.rstrip(":"))
            self.modes.addButton(button, index)
            self.mode_buttons[mode] = button
            column.addWidget(button)
        self.host = QLineEdit(box)
        self.host.setPlaceholderText("proxy.example.com")
        self.host.setAccessibleName("Proxy host")
        self.port = QSpinBox(box)
        self.port.setRange(1, 65_535)
        self.port.setAccessibleName("Proxy port")
        self.user = QLineEdit(box)
        self.user.setPlaceholderText("only if the proxy asks for one")
        self.user.setAccessibleName("Proxy user name")
        self.password = QLineEdit(box)
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        self.password.setAccessibleName("Proxy password")
        address = QHBoxLayout()
        address.addWidget(self.host, 1)
        address.addWidget(QLabel("Port:", box))
        address.addWidget(self.port)
        form = QFormLayout()
        form.setContentsMargins(24, 0, 0, 0)
        host_label = QLabel("&Host:", box)
        host_label.setBuddy(self.host)  # a row holding a layout gets no buddy of its own
        form.addRow(host_label, address)
        form.addRow("&User:", self.user)
        form.addRow("&Password:", self.password)
        column.addLayout(form)
        note = QLabel(_LOOPBACK_NOTE, box)
        note.setWordWrap(True)
        note.setEnabled(False)
        column.addWidget(note)
        return box

    def _build_trust(self) -> QGroupBox:
        box = QGroupBox("Certificates", self)
        text = QLabel(_TRUST_TEXT, box)
        text.setWordWrap(True)
        self.ca_file = QLineEdit(box)
        self.ca_file.setPlaceholderText("none: only the system's trusted certificates")
        self.ca_file.setAccessibleName("Extra CA certificate file")
        self.choose_button = QPushButton("&Choose\u2026", box)
        self.clear_button = QPushButton("Clea&r", box)
        row = QHBoxLayout()
        row.addWidget(self.ca_file, 1)
        row.addWidget(self.choose_button)
        row.addWidget(self.clear_button)
        form = QFormLayout()
        form.addRow("Extra CA certificate:", row)
        column = QVBoxLayout(box)
        column.addWidget(text)
        column.addLayout(form)
        return box

    def _connect_signals(self) -> None:
        self.modes.idToggled.connect(self._update_fields)
        self.apply_button.clicked.connect(self.apply)
        self.choose_button.clicked.connect(self._choose_ca)
        self.clear_button.clicked.connect(self.ca_file.clear)

    @property
    def mode(self) -> ProxyMode:
        """The mode picked now."""
        return next((m for m, b in self.mode_buttons.items() if b.isChecked()), ProxyMode.SYSTEM)

    def show_config(self, config: NetworkConfig) -> None:
        """Show these choices (the password only as "kept")."""
        proxy = config.proxy
        self.mode_buttons[proxy.mode].setChecked(True)
        self.host.setText(proxy.host)
        self.port.setValue(proxy.port)
        self.user.setText(proxy.user)
        self.password.clear()
        self.password.setPlaceholderText("kept in the keyring" if proxy.password else "")
        self.ca_file.setText(config.extra_ca_file)
        self._update_fields()

    @Slot()
    def _update_fields(self) -> None:
        manual = self.mode is ProxyMode.MANUAL
        for field in (self.host, self.port, self.user, self.password):
            field.setEnabled(manual)

    @Slot()
    def _choose_ca(self) -> None:
        path, _ = QFileDialog.getOpenFileName(
            self,
            "Choose a CA certificate",
            self.ca_file.text(),
            "Certificates (*.pem *.crt *.cer);;All files (*)",
        )
        if path:
            self.ca_file.setText(path)

    def entered(self) -> NetworkConfig:
        """The choices as entered; ValueError (in words for people) when they cannot be used."""
        mode = self.mode
        host = self.host.text().strip()
        if mode is ProxyMode.MANUAL:
            if not host:
                raise ValueError("Enter the proxy's host name, e.g. proxy.example.com.")
            if not _PROXY_HOST.fullmatch(host):
                raise ValueError(
                    f"{host!r} is not a host name or address: enter it without http:// or a port."
                )
        current = self._control.config.proxy
        password = self.password.text()
        user = self.user.text().strip()
        same_proxy = (host, self.port.value(), user) == (current.host, current.port, current.user)
        if not password and same_proxy:
            password = current.password  # an empty field keeps what the keyring holds
        proxy = ProxyConfig(mode, host, self.port.value(), user, password if user else "")
        ca_file = self.ca_file.text().strip()
        check_ca_file(ca_file)
        return NetworkConfig(proxy, ca_file)

    @Slot()
    def apply(self) -> bool:
        """Check, apply and keep the choices; new requests of the sign-in page and the API use them."""
        try:
            config = self.entered()
        except (ValueError, CaFileError) as exc:
            self.status.setText(str(exc))
            return False
        if not self._control.save(config):
            self.status.setText("The CA file could not be used; nothing was changed.")
            return False
        self.show_config(config)
        shown = dataclasses.replace(config.proxy, password="")
        self.status.setText(f"Applied: proxy {shown.describe()}. New connections use it; no restart needed.")
        self.saved.emit(config)
        return True
