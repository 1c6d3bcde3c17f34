"""Widgets the feed area shows for places that are lists rather than feeds (the list of my groups), by kind.

A widget is made by its factory the first time its place is shown, so nothing of it loads at start-up.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtWidgets import QStackedWidget, QWidget

from desktop_app.feed.places import Place


class ListPages:
    """Factories of list widgets by ``Place.kind``, and the widgets made so far, kept in the feed's stack."""

    def __init__(self, stack: QStackedWidget) -> None:
        self._stack = stack
        self._factories: dict[str, Callable[[], QWidget]] = {}
        self._made: dict[str, QWidget] = {}

    def register(self, kind: str, factory: Callable[[], QWidget]) -> None:
        """Show the widget ``factory`` makes for places of ``kind`` (e.g. ``MyGroups.kind``)."""
        self._factories[kind] = factory

    def widget_for(self, place: Place) -> QWidget | None:
        """The place's widget, made now if it is the first time; None when nobody registered one."""
        widget = self._made.get(place.kind)
        factory = self._factories.get(place.kind)
        if widget is None and factory is not None:
            widget = self._made[place.kind] = factory()
            self._stack.addWidget(widget)
        return widget
