"""Readying the web engine in idle time, when a sign-in is likely, so the sign-in dialog opens sooner.

Starting QtWebEngine's context (its Chromium side) is most of what opening the dialog costs the first time,
about 0.15 s. Done early, that wait goes. The warm-up loads no page and sends no request: no profile is made
for a sign-in until one starts, and each sign-in still gets a fresh off-the-record profile of its own. It
costs memory (the engine and its helper processes, well over 100 MB), so it is done only when a sign-in is
likely: no account saved yet, or a session that has to be signed in again.
"""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, Qt

from desktop_app import log


def warm_up_web_engine() -> bool:
    """Load QtWebEngine and start its context; no page is created and nothing goes on the network.

    False (and nothing done) in an application not prepared for the web engine (``make_application`` sets
    shared OpenGL contexts before the application exists; without them the engine would complain).
    """
    if not QCoreApplication.testAttribute(Qt.ApplicationAttribute.AA_ShareOpenGLContexts):
        return False
    # Loaded here on purpose: this is the moment the web engine is wanted (see the module's docstring).
    from PySide6.QtWebEngineCore import QWebEngineProfile

    # And the sign-in page's own modules, which import the widgets half of the engine.
    from desktop_app.ui.signin import browser  # noqa: F401

    # The default profile is created with the context; it is asked for here only to start the context, and
    # no page ever uses it.
    QWebEngineProfile.defaultProfile()
    log.ui.debug("web engine warmed up for a sign-in")
    return True
