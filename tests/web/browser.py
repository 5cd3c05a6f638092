"""Headless Chromium over the app served by waitress on a free localhost port.

Chromium and chromedriver come from the distribution (``/usr/bin``); nothing is downloaded.
The performance log records every request the page makes, so a test can prove that none
left localhost.
"""

from __future__ import annotations

import json
import shutil
import socket
import tempfile
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from urllib.parse import urlparse

from flask import Flask

CHROMIUM = "/usr/bin/chromium"
CHROMEDRIVER = "/usr/bin/chromedriver"
LOCAL_HOSTS = {"127.0.0.1", "localhost", "::1", "[::1]"}


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@contextmanager
def served(app: Flask) -> Iterator[str]:
    """Serve ``app`` with waitress in a thread; yields the base URL."""
    from waitress.server import create_server

    server = create_server(app, host="127.0.0.1", port=free_port(), threads=4)
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.effective_port}"
    finally:
        server.close()
        thread.join(timeout=5)


@contextmanager
def chromium(width: int = 1500, height: int = 1000) -> Iterator:
    """A headless Chromium that logs network events and never phones home."""
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    profile = tempfile.mkdtemp(prefix="debatekg-chromium-")
    options = webdriver.ChromeOptions()
    options.binary_location = CHROMIUM
    for arg in ("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-quic",
                "--disable-default-apps", "--disable-extensions", "--disable-dev-shm-usage",
                "--metrics-recording-only", "--no-default-browser-check",
                f"--user-data-dir={profile}", f"--window-size={width},{height}"):
        options.add_argument(arg)
    options.set_capability("goog:loggingPrefs", {"performance": "ALL", "browser": "ALL"})
    browser = webdriver.Chrome(service=Service(executable_path=CHROMEDRIVER), options=options)
    try:
        yield browser
    finally:
        browser.quit()
        shutil.rmtree(profile, ignore_errors=True)


def requested_urls(browser) -> list[str]:
    """Every URL the page asked for since the last call (from the performance log)."""
    urls = []
    for entry in browser.get_log("performance"):
        message = json.loads(entry["message"])["message"]
        if message["method"] == "Network.requestWillBeSent":
            urls.append(message["params"]["request"]["url"])
    return urls


def foreign(urls: list[str]) -> list[str]:
    """The URLs that would leave this machine (data: and about: stay inside the page)."""
    out = []
    for url in urls:
        parsed = urlparse(url)
        if parsed.scheme in ("data", "about", "blob", "chrome", "chrome-extension", "devtools"):
            continue
        if parsed.hostname not in LOCAL_HOSTS:
            out.append(url)
    return out
