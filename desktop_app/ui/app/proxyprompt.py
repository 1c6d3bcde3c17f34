"""The question a proxy's 407 puts to people: its user name and password, asked in a small modal dialog."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QFormLayout, QLabel, QLineEdit, QVBoxLayout, QWidget


class ProxyPrompt(QDialog):
    """Asks for a proxy's user name and password; the answer is kept by the caller (keyring)."""

    def __init__(self, address: str, user: str = "", parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Proxy sign-in")
        self.setAccessibleName("Proxy sign-in")
        text = QLabel(
            f"The proxy {address} asks for a user name and password. Connect Desktop keeps them in your "
            "keyring and uses them for the sign-in page and the API.",
            self,
        )
        text.setTextFormat(Qt.TextFormat.PlainText)
        text.setWordWrap(True)
        self.user = QLineEdit(user, self)
        self.user.setAccessibleName("Proxy user name")
        self.password = QLineEdit(self)
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        self.password.setAccessibleName("Proxy password")
        form = QFormLayout()
        form.addRow("&User:", self.user)
        form.addRow("&Password:", self.password)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self
        )
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(text)
        layout.addLayout(form)
        layout.addWidget(buttons)
        (self.password if user else self.user).setFocus()


def ask_proxy_credentials(parent: QWidget | None, address: str, user: str) -> tuple[str, str] | None:
    """Ask now (modal: the web view waits for the answer); None when cancelled or left empty."""
    dialog = ProxyPrompt(address, user, parent)
    try:
        if dialog.exec() != QDialog.DialogCode.Accepted or not dialog.user.text().strip():
            return None
        return dialog.user.text().strip(), dialog.password.text()
    finally:
        dialog.deleteLater()
