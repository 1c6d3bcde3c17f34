"""The sign-in dialog's login-host picker: a list of hosts with Add My Domain… and Remove."""

from __future__ import annotations

from urllib.parse import urlsplit

import msgspec
from PySide6.QtCore import Qt, Signal, Slot
from PySide6.QtWidgets import QComboBox, QHBoxLayout, QInputDialog, QPushButton, QWidget

from desktop_app import log
from desktop_app.auth.hosts import PRODUCTION, SANDBOX, is_loopback, is_secure_or_loopback, normalize_host

_REMOVABLE_ROLE = Qt.ItemDataRole.UserRole + 1


class LoginHostChoice(msgspec.Struct, frozen=True):
    """A login host the picker offers; ``custom`` hosts can be removed (None: all but the well-known ones)."""

    label: str
    url: str
    custom: bool | None = None

    @property
    def removable(self) -> bool:
        """True for My Domain hosts; Production, Sandbox and a loopback demo org stay unless marked custom."""
        if self.custom is not None:
            return self.custom
        return self.url not in (PRODUCTION, SANDBOX) and not is_loopback(self.url)


class LoginHostPicker(QWidget):
    """Login hosts to pick from, My Domain hosts added and removed here
    (signals: host_changed(), custom_hosts_changed(list[str]), refused(text))."""

    host_changed = Signal()
    """The person picked, added or removed a host."""
    custom_hosts_changed = Signal(list)
    """A My Domain host was added or removed: carries every custom host URL, to remember."""
    refused = Signal(str)
    """A typed address cannot be a login host: carries what to tell the person."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._combo = QComboBox(self)
        self._combo.setObjectName("hostPicker")
        self._combo.setAccessibleName("Login host")
        self._combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        self._combo.setMinimumContentsLength(12)
        self._add_button = QPushButton("Add My Domain…", self)
        self._add_button.setObjectName("addHostButton")
        self._add_button.setAccessibleName("Add a My Domain login host")
        self._remove_button = QPushButton("Remove", self)
        self._remove_button.setObjectName("removeHostButton")
        self._remove_button.setAccessibleName("Remove this login host")
        # Enter belongs to the sign-in page's form, never to a dialog button.
        self._add_button.setAutoDefault(False)
        self._remove_button.setAutoDefault(False)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self._combo, 1)
        layout.addWidget(self._add_button)
        layout.addWidget(self._remove_button)
        self._combo.activated.connect(self._on_activated)
        self._add_button.clicked.connect(self._ask_custom_host)
        self._remove_button.clicked.connect(self.remove_selected_host)

    @property
    def combo(self) -> QComboBox:
        """The list of hosts itself (a label's buddy)."""
        return self._combo

    @property
    def selected_host(self) -> str:
        """The login host URL picked now ("" when there is none)."""
        data = self._combo.currentData()
        return data if isinstance(data, str) else ""

    @property
    def custom_hosts(self) -> list[str]:
        """Every removable (My Domain) host URL in the list, in order."""
        combo = self._combo
        return [combo.itemData(i) for i in range(combo.count()) if combo.itemData(i, _REMOVABLE_ROLE)]

    def add_choice(self, choice: LoginHostChoice) -> int:
        """Add a host unless it is listed already; its index either way."""
        url = normalize_host(choice.url)
        index = self._combo.findData(url)
        if index < 0:
            self._combo.addItem(choice.label or url, url)
            index = self._combo.count() - 1
            self._combo.setItemData(index, choice.removable, _REMOVABLE_ROLE)
            self._combo.setItemData(index, url, Qt.ItemDataRole.ToolTipRole)
        return index

    def select_initial(self, host: str) -> None:
        """Select the host to start with, added as a My Domain host if need be; ignored when unusable."""
        try:
            url = normalize_host(host)
        except ValueError:
            log.ui.warning("Ignored an unusable initial login host")
            return
        index = self._combo.findData(url)
        if index < 0:
            index = self.add_choice(LoginHostChoice(urlsplit(url).netloc, url, custom=True))
        self._combo.setCurrentIndex(index)

    def set_controls_enabled(self, enabled: bool) -> None:
        """Enable or disable the list and its buttons; Remove only ever works on a removable host."""
        self._combo.setEnabled(enabled)
        self._add_button.setEnabled(enabled)
        index = self._combo.currentIndex()
        removable = index >= 0 and bool(self._combo.itemData(index, _REMOVABLE_ROLE))
        self._remove_button.setEnabled(removable and enabled)

    @Slot()
    def _ask_custom_host(self) -> None:
        text, ok = QInputDialog.getText(
            self.window(),
            "Add My Domain",
            "Your org's My Domain login address, for example acme.my.salesforce.com:",
        )
        if ok and text.strip():
            self.add_custom_host(text)

    def add_custom_host(self, text: str) -> str | None:
        """Check a typed My Domain address, add and select it; None (and refused) when it cannot be used."""
        try:
            url = normalize_host(text)
        except ValueError as exc:
            self.refused.emit(
                "That is not a login address Connect Desktop can use. Enter your My Domain, for example "
                f"acme.my.salesforce.com, using https. ({exc})"
            )
            return None
        if not is_secure_or_loopback(url):
            self.refused.emit("Login hosts must use https (plain http only works on this computer).")
            return None
        index = self._combo.findData(url)
        if index < 0:
            index = self.add_choice(LoginHostChoice(urlsplit(url).netloc, url, custom=True))
            log.ui.info("Added login host %s", url)
            self.custom_hosts_changed.emit(self.custom_hosts)
        self._combo.setCurrentIndex(index)
        self.host_changed.emit()
        return url

    @Slot()
    def remove_selected_host(self) -> bool:
        """Remove the selected My Domain host (never Production, Sandbox or the demo org)."""
        index = self._combo.currentIndex()
        if index < 0 or not self._combo.itemData(index, _REMOVABLE_ROLE):
            return False
        url = self._combo.itemData(index)
        self._combo.removeItem(index)
        self._combo.setCurrentIndex(0)
        log.ui.info("Removed login host %s", url)
        self.custom_hosts_changed.emit(self.custom_hosts)
        self.host_changed.emit()
        return True

    @Slot(int)
    def _on_activated(self, _index: int) -> None:
        self.host_changed.emit()
