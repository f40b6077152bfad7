"""What every headless-Chromium tool and test of the kit shares: where Debian's chromium is, the flags it needs on
these machines, a free loopback port, waiting for a local server, and running Playwright's sync API off the main
thread (tools/book.py, tools/bench_browser.py, tests/browser/, tests/test_book*.py, tests/test_hub.py)."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import threading
import time
import urllib.request

CHROMIUM = os.environ.get("QEQT_CHROMIUM", "/usr/bin/chromium")
# No sandbox as root; no background networking (the machine's network is closed: Chromium would retry for ever).
CHROMIUM_FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_http(url: str, proc, seconds: float = 90, log_hint: str = "") -> int:
    """Poll ``url`` until it answers (returns the status); raise when ``proc`` exits first or time runs out."""
    deadline = time.time() + seconds
    while time.time() < deadline:
        try:
            with urllib.request.urlopen(url, timeout=5) as resp:
                return resp.status
        except OSError:
            if proc.poll() is not None:
                raise RuntimeError(
                    f"server exited with code {proc.returncode} before answering {url} {log_hint}"
                ) from None
            time.sleep(0.5)
    raise TimeoutError(f"{url} did not answer in {seconds:g} s {log_hint}")


def in_thread(fn, *args, **kwargs):
    """Run ``fn`` in a fresh thread and return its result (or raise its exception). Playwright's sync API refuses to
    start where an asyncio loop is marked running, which nbclient or nest-asyncio can leave behind in a test worker;
    a new thread has no loop."""
    box = {}

    def target():
        try:
            box["value"] = fn(*args, **kwargs)
        except BaseException as exc:  # re-raised in the caller's thread
            box["error"] = exc

    thread = threading.Thread(target=target, name="qeqt-playwright")
    thread.start()
    thread.join()
    if "error" in box:
        raise box["error"]
    return box.get("value")


def stop(proc) -> None:
    """End a server started with ``start_new_session=True``: its whole process group, politely, then firmly."""
    try:
        os.killpg(proc.pid, signal.SIGTERM)
        proc.wait(timeout=20)
    except (ProcessLookupError, subprocess.TimeoutExpired):
        try:
            os.killpg(proc.pid, signal.SIGKILL)
        except ProcessLookupError:
            pass
