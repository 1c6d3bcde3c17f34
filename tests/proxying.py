"""A real forward proxy for tests: tinyproxy on 127.0.0.1, with a hosts file only it reads.

The demo org's host name (``demo-org.test``, a reserved name no resolver knows) is in the proxy's own hosts
file, given to it with nss_wrapper, and nowhere else: the test process and its web engine cannot resolve it,
so a request reaches the demo org under that name only through the proxy. (Anything on this machine can still
connect to 127.0.0.1 by address; "only" holds for the name the app is given.) The proxy's log shows every
request line it served.
"""

from __future__ import annotations

import os
import re
import shutil
import socket
import subprocess
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from desktop_app.auth.network import NetworkConfig, ProxyConfig, ProxyMode

PROXIED_NAME = "demo-org.test"
_NSS_WRAPPER = ("/usr/lib/x86_64-linux-gnu/libnss_wrapper.so", "/usr/lib/libnss_wrapper.so")
_STARTUP_TIMEOUT = 10.0
_REQUEST = re.compile(r"Request \(file descriptor \d+\): (.+)")
_READY = "Accepting connections"


@dataclass
class Proxy:
    """A running tinyproxy: where it listens and what it logged (also copied to log_file)."""

    port: int
    log_file: Path
    process: subprocess.Popen[bytes]
    user: str = ""
    password: str = ""
    lines: list[str] = field(default_factory=list)

    @property
    def url(self) -> str:
        """http://127.0.0.1:PORT (no credentials)."""
        return f"http://127.0.0.1:{self.port}"

    def requests(self) -> list[str]:
        """Every request line the proxy received, in order, e.g. "CONNECT demo-org.test:1234 HTTP/1.1"."""
        return [m.group(1) for line in list(self.lines) if (m := _REQUEST.search(line))]

    def tunnels_to(self, host: str) -> list[str]:
        """The CONNECT lines for a host."""
        return [line for line in self.requests() if line.startswith(f"CONNECT {host}:")]


def _require(what: str) -> None:
    message = f"{what} is missing: run `sh .ci/sysdeps` (installs tinyproxy and libnss-wrapper)"
    if os.environ.get("CI"):
        pytest.fail(message)
    pytest.skip(message)


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def _read_log(proxy: Proxy, ready: threading.Event) -> None:
    """Collect tinyproxy's log lines (it logs to stdout without a LogFile) until it exits."""
    stream = proxy.process.stdout
    assert stream is not None
    with proxy.log_file.open("w", encoding="utf-8") as copy:
        for raw in stream:
            line = raw.decode("utf-8", "replace").rstrip("\n")
            proxy.lines.append(line)
            copy.write(line + "\n")
            copy.flush()
            if _READY in line:
                ready.set()
    ready.set()


@contextmanager
def tinyproxy(directory: Path, *, user: str = "", password: str = "") -> Iterator[Proxy]:
    """Run tinyproxy until the block ends; with user and password it asks for them (407 otherwise)."""
    binary = shutil.which("tinyproxy")
    if binary is None:
        _require("tinyproxy")
    wrapper = next((path for path in _NSS_WRAPPER if Path(path).exists()), None)
    if wrapper is None:
        _require("libnss_wrapper")
    directory.mkdir(parents=True, exist_ok=True)
    hosts = directory / "hosts"
    hosts.write_text(f"127.0.0.1 {PROXIED_NAME}\n", encoding="ascii")
    log_file = directory / "tinyproxy.log"
    port = _free_port()
    lines = [
        f"Port {port}",
        "Listen 127.0.0.1",
        "Timeout 30",
        "LogLevel Info",
        "MaxClients 100",
        "Allow 127.0.0.1",
    ]
    if user:
        lines.append(f"BasicAuth {user} {password}")
    config = directory / "tinyproxy.conf"
    config.write_text("\n".join(lines) + "\n", encoding="ascii")
    env = {
        **os.environ,
        "LD_PRELOAD": str(wrapper),
        "NSS_WRAPPER_HOSTS": str(hosts),
        "NSS_WRAPPER_PASSWD": "/etc/passwd",
        "NSS_WRAPPER_GROUP": "/etc/group",
    }
    process = subprocess.Popen(
        [str(binary), "-d", "-c", str(config)], env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT
    )
    proxy = Proxy(port, log_file, process, user, password)
    ready = threading.Event()
    reader = threading.Thread(target=_read_log, args=(proxy, ready), name="tinyproxy-log", daemon=True)
    reader.start()
    try:
        assert ready.wait(_STARTUP_TIMEOUT), "tinyproxy did not start"
        assert process.poll() is None, f"tinyproxy exited with {process.returncode}: {proxy.lines[-3:]}"
        yield proxy
    finally:
        process.terminate()
        process.wait(timeout=10)
        reader.join(timeout=10)
        if process.stdout is not None:
            process.stdout.close()


def manual(proxy: Proxy, *, user: str = "", password: str = "", ca: Path | None = None) -> NetworkConfig:
    """The app's choice of this proxy (as Settings → Network saves it), trusting ``ca`` besides the OS."""
    return NetworkConfig(
        ProxyConfig(ProxyMode.MANUAL, "127.0.0.1", proxy.port, user, password),
        str(ca) if ca else "",
    )
