"""The feed switcher above the feed: Back/Forward, the five feeds, a search box, a header naming the place.

Signals: place_requested(Place) for a feed button or a search, back_requested(), forward_requested(),
salesforce_requested(str) to open a record, group or person in Salesforce. Below the header is a slot where a
header widget for the place (a person's or group's details) can go: ``set_header_widget``.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, Qt, QTimer, Signal, Slot
from PySide6.QtGui import QFont, QPalette
from PySide6.QtWidgets import (
    QButtonGroup,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QSizePolicy,
    QStyle,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from desktop_app.feed.places import FEEDS, Group, Person, Place, Record, Search, SearchError, check_query
from desktop_app.ui.feed.feedlayout import error_colour
from desktop_app.ui.shared import accents

_KIND_NAMES = {Group.kind: "Group", Record.kind: "Record", Person.kind: "Person"}


def feed_shortcut(index: int) -> str:
    """The shortcut of the switcher's feed at a 0-based position."""
    return f"Ctrl+{index + 1}"


class PlaceBar(QWidget):
    """Buttons and a search box to move between places, and the name of the place shown."""

    place_requested = Signal(object)
    back_requested = Signal()
    forward_requested = Signal()
    salesforce_requested = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("placeBar")
        self._place: Place = FEEDS[0]
        style = self.style()
        self.back_button = self._tool(
            style.standardIcon(QStyle.StandardPixmap.SP_ArrowBack), "Back (Alt+Left)"
        )
        self.forward_button = self._tool(
            style.standardIcon(QStyle.StandardPixmap.SP_ArrowForward), "Forward (Alt+Right)"
        )
        self._group = QButtonGroup(self)
        self._group.setExclusive(False)  # a group or record place has none of the five checked
        self.feed_buttons: list[QToolButton] = []
        for index, place in enumerate(FEEDS):
            button = QToolButton(self)
            button.setText(place.label)
            button.setCheckable(True)
            button.setAutoRaise(True)
            button.setToolTip(f"{place.label} ({feed_shortcut(index)})")
            button.setAccessibleName(f"{place.label} feed")
            self._group.addButton(button, index)
            self.feed_buttons.append(button)
        self.search = QLineEdit(self)
        self.search.setPlaceholderText("Search this feed")
        self.search.setClearButtonEnabled(True)
        self.search.setAccessibleName("Search this feed")
        self.search.setToolTip("Search the feed shown (Ctrl+F). * stands for any characters, as in chat*.")
        self.search.setMaximumWidth(260)
        self.search.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        self.title = QLabel(self)
        self.title.setTextFormat(Qt.TextFormat.PlainText)
        self.title.setAccessibleName("Place")
        font = QFont(self.title.font())
        font.setBold(True)
        font.setPointSizeF(font.pointSizeF() * 1.2)
        self.title.setFont(font)
        self.caption = QLabel(self)
        self.caption.setTextFormat(Qt.TextFormat.PlainText)
        accents.quiet(self.caption)
        self.salesforce_button = QPushButton("Open in Salesforce", self)
        self.salesforce_button.setToolTip("Open this in Salesforce in your browser")
        self.clear_search_button = QPushButton("Clear search", self)
        self.hint = QLabel(self)
        self.hint.setTextFormat(Qt.TextFormat.PlainText)
        self.hint.setWordWrap(True)
        self.hint.setAccessibleName("Search problem")
        self._header_slot = QVBoxLayout()
        self._header_slot.setContentsMargins(0, 0, 0, 0)
        self._header_widget: QWidget | None = None
        self._build_layout()
        self._connect_signals()
        self._recolour()
        self.show_place(self._place, can_go_back=False, can_go_forward=False)

    @Slot()
    def _recolour(self) -> None:
        palette = self.hint.palette()
        palette.setColor(QPalette.ColorRole.WindowText, error_colour(self.palette()))
        self.hint.setPalette(palette)

    def changeEvent(self, event: QEvent) -> None:
        """Colours that read on a new palette (once it has reached the labels)."""
        super().changeEvent(event)
        if event.type() == QEvent.Type.PaletteChange:
            # The bar as context: dropped if the bar is gone by then (a window closed as the theme changes).
            QTimer.singleShot(0, self, self._recolour)

    def _tool(self, icon: object, tip: str) -> QToolButton:
        button = QToolButton(self)
        button.setIcon(icon)  # type: ignore[arg-type]
        button.setAutoRaise(True)
        button.setToolTip(tip)
        button.setAccessibleName(tip.partition(" (")[0])
        return button

    def _build_layout(self) -> None:
        switcher = QHBoxLayout()
        switcher.setContentsMargins(0, 0, 0, 0)
        switcher.setSpacing(2)
        switcher.addWidget(self.back_button)
        switcher.addWidget(self.forward_button)
        switcher.addSpacing(8)
        for button in self.feed_buttons:
            switcher.addWidget(button)
        switcher.addStretch(1)
        switcher.addWidget(self.search)
        header = QHBoxLayout()
        header.setContentsMargins(4, 0, 0, 0)
        header.addWidget(self.title)
        header.addWidget(self.caption)
        header.addStretch(1)
        header.addWidget(self.clear_search_button)
        header.addWidget(self.salesforce_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(8, 6, 8, 0)
        layout.setSpacing(4)
        layout.addLayout(switcher)
        layout.addWidget(self.hint)
        layout.addLayout(header)
        layout.addLayout(self._header_slot)

    def _connect_signals(self) -> None:
        self.back_button.clicked.connect(self.back_requested)
        self.forward_button.clicked.connect(self.forward_requested)
        self._group.idClicked.connect(self._on_feed_clicked)
        self.search.returnPressed.connect(self.submit_search)
        self.search.textEdited.connect(self._clear_hint)
        self.salesforce_button.clicked.connect(self._on_salesforce)
        self.clear_search_button.clicked.connect(self._clear_search)

    @property
    def place(self) -> Place:
        """The place the bar shows."""
        return self._place

    def withhold(self, kinds: frozenset[str]) -> None:
        """Hide the buttons of the places of these kinds (the org turned them off); show the others."""
        for index, button in enumerate(self.feed_buttons):
            button.setVisible(FEEDS[index].kind not in kinds)

    @property
    def header_widget(self) -> QWidget | None:
        """The widget in the header slot (a person's or group's details), if any."""
        return self._header_widget

    def set_header_widget(self, widget: QWidget | None) -> None:
        """Put a widget under the place's name (None empties the slot; the old one is hidden, not deleted)."""
        if self._header_widget is widget:
            return
        if self._header_widget is not None:
            self._header_slot.removeWidget(self._header_widget)
            self._header_widget.hide()
        self._header_widget = widget
        if widget is not None:
            self._header_slot.addWidget(widget)
            widget.show()

    def show_place(self, place: Place, *, can_go_back: bool, can_go_forward: bool) -> None:
        """Show where the account is: its feed's button checked, a header naming a group, record or search."""
        self._place = place
        self.back_button.setEnabled(can_go_back)
        self.forward_button.setEnabled(can_go_forward)
        base = place.within if isinstance(place, Search) else place
        for index, button in enumerate(self.feed_buttons):
            button.setChecked(FEEDS[index] == base)
        searching = isinstance(place, Search)
        if not searching:
            self.search.clear()
        # A list (groups, people) has its own search box: the feed's would only be in the way.
        self.search.setVisible(base.feed_path is not None)
        self.search.setPlaceholderText(f"Search {base.label}")
        entity = _KIND_NAMES.get(place.kind)
        self.title.setText(f"Search results for “{place.query}”" if searching else place.label)
        self.caption.setText(f"in {base.label}" if searching else entity or "")
        self.title.setVisible(searching or entity is not None)
        self.caption.setVisible(searching or entity is not None)
        self.salesforce_button.setVisible(entity is not None)
        self.clear_search_button.setVisible(searching)
        self._clear_hint()

    def focus_search(self) -> None:
        """Put the cursor in the search box (Ctrl+F, Ctrl+K)."""
        if self.search.isEnabled():
            self.search.setFocus(Qt.FocusReason.ShortcutFocusReason)
            self.search.selectAll()

    @Slot()
    def submit_search(self) -> None:
        """Search the feed shown for what is typed; a query the org would refuse is explained instead."""
        base = self._place.within if isinstance(self._place, Search) else self._place
        try:
            query = check_query(self.search.text())
            place = Search(query, base)
        except SearchError as exc:
            self._show_hint(str(exc))
            return
        except ValueError:
            self._show_hint(f"{base.label} can't be searched.")
            return
        self._clear_hint()
        self.place_requested.emit(place)

    @property
    def hint_text(self) -> str:
        """The search problem shown, or ""."""
        return self.hint.text() if not self.hint.isHidden() else ""

    def _show_hint(self, text: str) -> None:
        self.hint.setText(text)
        self.hint.show()

    @Slot()
    def _clear_hint(self) -> None:
        self.hint.clear()
        self.hint.hide()

    @Slot(int)
    def _on_feed_clicked(self, index: int) -> None:
        # The button's own check state follows the place shown, not the click.
        self.feed_buttons[index].setChecked(FEEDS[index] == self._place)
        self.place_requested.emit(FEEDS[index])

    @Slot()
    def _clear_search(self) -> None:
        if isinstance(self._place, Search):
            self.place_requested.emit(self._place.within)

    @Slot()
    def _on_salesforce(self) -> None:
        entity_id = getattr(self._place, "id", "")
        if isinstance(entity_id, str) and entity_id:
            self.salesforce_requested.emit(entity_id)
