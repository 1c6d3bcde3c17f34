"""Opening the sign-in dialog to the demo login form, against a bare QWebEngineView loading the same page."""

from __future__ import annotations

from typing import Any

from tests.bench.common import child_env, median, python, time_until_marker
from tests.bench.remote_demo import RemoteDemo

RUNS = 5


def _run(mode: str, demo: RemoteDemo) -> float:
    args = [python(), "-m", "tests.bench.signin_child", mode, demo.login_url, demo.client_id]
    line = time_until_marker(args, "FORM ", child_env()).line
    return float(line.removeprefix("FORM "))


def run() -> dict[str, Any]:
    """signin_dialog_ratio (the dialog as opened when the app expects a sign-in, see signin_child) and,
    not budgeted, the cold ratio (the dialog opened with the web engine not yet started): medians of
    interleaved runs, each in a fresh process."""
    with RemoteDemo() as demo:
        _run("bare", demo)  # warm the OS file cache for all three
        _run("app", demo)
        _run("app-cold", demo)
        bare: list[float] = []
        dialog: list[float] = []
        cold: list[float] = []
        for _ in range(RUNS):
            bare.append(_run("bare", demo))
            dialog.append(_run("app", demo))
            cold.append(_run("app-cold", demo))
    return {
        "signin_dialog_ratio": median([d / b for d, b in zip(dialog, bare, strict=True)]),
        "signin_dialog_s": median(dialog),
        "signin_bare_view_s": median(bare),
        "signin_dialog_cold_ratio": median([c / b for c, b in zip(cold, bare, strict=True)]),
        "signin_dialog_cold_s": median(cold),
    }
