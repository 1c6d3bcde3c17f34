"""The About box: the app's version, Qt's and PySide's, and where the tokens are kept."""

from __future__ import annotations

from PySide6 import __version__ as pyside_version
from PySide6.QtCore import Qt, qVersion
from PySide6.QtWidgets import QMessageBox, QWidget

from desktop_app import APP_NAME, __version__
from desktop_app.storage.secrets import SecretStore


def show_about(parent: QWidget, secrets: SecretStore) -> QMessageBox:
    """Open the About box (window-modal) over ``parent``."""
    storage = "kept in memory for this run only" if not secrets.persistent else "kept in the system keyring"
    box = QMessageBox(QMessageBox.Icon.Information, f"About {APP_NAME}", "", parent=parent)
    box.setTextFormat(Qt.TextFormat.PlainText)
    box.setText(
        f"{APP_NAME} {__version__}\n\nQt {qVersion()} · PySide6 {pyside_version}\n"
        f"Keyring backend: {secrets.backend_name} (tokens {storage})\n\n"
        "A desktop client for the Salesforce Connect REST API."
    )
    box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    box.open()
    return box
