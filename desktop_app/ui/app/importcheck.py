"""PySide's look at every newly imported module, made cheap: no module's source kept in memory.

PySide6 (6.11) asks of each module imported after it whether its source mentions "PySide6" (for its
``__feature__`` switching). It reads the source with ``inspect.getsource``, which keeps every file's lines
in ``linecache`` for the rest of the run: at start-up some 150 modules, over 5 MB of memory, read and split
into lines during each import. The same question is answered here by reading the file's bytes once and
keeping nothing. Anything that is not a plain source file is left to PySide's own check.
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from types import ModuleType

MARK = "connect_desktop_cheap"


def install() -> bool:
    """Replace PySide's check (once PySide6 is imported); False when there is no such check to replace."""
    feature = sys.modules.get("shibokensupport.feature")
    original: Callable[[ModuleType], bool] | None = getattr(feature, "_mod_uses_pyside", None)
    if feature is None or original is None:
        return False
    if getattr(original, MARK, False):
        return True

    def uses_pyside(module: ModuleType) -> bool:
        path = getattr(module, "__file__", None)
        if not isinstance(path, str) or not path.endswith(".py"):
            return original(module)
        try:
            with open(path, "rb") as source:
                return b"PySide6" in source.read()
        except OSError:
            return original(module)

    setattr(uses_pyside, MARK, True)
    feature._mod_uses_pyside = uses_pyside  # type: ignore[attr-defined]
    return True
