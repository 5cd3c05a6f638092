"""When Neo4j does not answer: friendly 503s, and recovery without a restart; bad settings fail at start."""

from __future__ import annotations

import dataclasses
import socket
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from urllib.parse import urlparse

import pytest

from kg.config import Neo4jSettings
from tests.web.browser import free_port
from web import ConfigError, create_app
from web.neo4j_ext import close


@contextmanager
def tcp_forward(listen_port: int, target: tuple[str, int]) -> Iterator[None]:
    """A plain TCP relay: the real Neo4j 'comes back' on ``listen_port`` while it runs."""
    server = socket.create_server(("127.0.0.1", listen_port))
    stop = threading.Event()

    def pipe(src: socket.socket, dst: socket.socket) -> None:
        try:
            while data := src.recv(65536):
                dst.sendall(data)
        except OSError:
            pass
        finally:
            for s in (src, dst):
                s.close()

    def accept() -> None:
        server.settimeout(0.2)
        while not stop.is_set():
            try:
                client, _ = server.accept()
            except TimeoutError:
                continue
            except OSError:
                return
            upstream = socket.create_connection(target)
            for a, b in ((client, upstream), (upstream, client)):
                threading.Thread(target=pipe, args=(a, b), daemon=True).start()

    thread = threading.Thread(target=accept, daemon=True)
    thread.start()
    try:
        yield
    finally:
        stop.set()
        server.close()
        thread.join(timeout=2)


def test_pages_answer_503_while_neo4j_is_down_and_recover(neo4j_settings: Neo4jSettings) -> None:
    real = urlparse(neo4j_settings.uri)
    port = free_port()
    moved = dataclasses.replace(neo4j_settings, uri=f"bolt://127.0.0.1:{port}")
    app = create_app({"TESTING": True, "NEO4J_SETTINGS": moved})
    client = app.test_client()
    try:
        assert client.get("/healthz").status_code == 503
        assert client.get("/healthz").get_json()["status"] == "unavailable"
        for url in ("/", "/threads/x", "/search?q=remote", "/cypher?query=RETURN+1"):
            page = client.get(url)
            assert page.status_code == 503, url
            assert b"not answering" in page.data
        assert client.get("/index.json").get_json()["status"] == 503
        with tcp_forward(port, (real.hostname, real.port)):
            assert client.get("/healthz").get_json() == {"status": "ok", "neo4j": "up",
                                                        "database": neo4j_settings.database}
            assert client.get("/index.json").status_code == 200
    finally:
        close(app)


@pytest.mark.parametrize(("setting", "value", "message"), [
    ("ROW_CAP", "lots", "DEBATEKG_ROW_CAP"),
    ("ROW_CAP", 0, "DEBATEKG_ROW_CAP"),
    ("QUERY_TIMEOUT_S", -1, "DEBATEKG_QUERY_TIMEOUT_S"),
    ("GRAPH_NODE_BUDGET", 2.5, "DEBATEKG_GRAPH_NODE_BUDGET"),
    ("OVERVIEW_CACHE_S", -5, "DEBATEKG_OVERVIEW_CACHE_S"),
])
def test_bad_settings_fail_at_start(neo4j_settings: Neo4jSettings, setting: str, value: object,
                                    message: str) -> None:
    with pytest.raises(ConfigError, match=message) as caught:
        create_app({"NEO4J_SETTINGS": neo4j_settings, setting: value})
    assert "\n" not in str(caught.value)


def test_bad_neo4j_address_fails_at_start(neo4j_settings: Neo4jSettings) -> None:
    bad = dataclasses.replace(neo4j_settings, uri="ftp://example.org")
    with pytest.raises(ConfigError, match="bad Neo4j address 'ftp://example.org'"):
        create_app({"NEO4J_SETTINGS": bad})


def test_settings_come_from_prefixed_environment(neo4j_settings: Neo4jSettings,
                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("DEBATEKG_ROW_CAP", "25")
    app = create_app({"NEO4J_SETTINGS": neo4j_settings})
    try:
        assert app.config["ROW_CAP"] == 25
    finally:
        close(app)
