"""``debatekg serve``: bad settings give one line; the real server answers on the printed URL."""

from __future__ import annotations

import os
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

from click.testing import CliRunner

from debatekg.cli import main
from kg.config import Neo4jSettings
from tests.web.browser import free_port


def test_bad_setting_is_one_line(neo4j_settings: Neo4jSettings, monkeypatch) -> None:
    monkeypatch.setenv("NEO4J_URI", neo4j_settings.uri)
    monkeypatch.setenv("NEO4J_PASSWORD", neo4j_settings.password)
    monkeypatch.setenv("DEBATEKG_ROW_CAP", "many")
    result = CliRunner().invoke(main, ["serve", "--port", str(free_port())])
    assert result.exit_code == 1
    assert result.output.strip().splitlines() == [
        "Error: bad setting DEBATEKG_ROW_CAP='many': expected an integer >= 1"]


def test_serve_runs_waitress_and_prints_the_url(neo4j_settings: Neo4jSettings) -> None:
    port = free_port()
    env = {**os.environ, "NEO4J_URI": neo4j_settings.uri, "NEO4J_USER": neo4j_settings.user,
           "NEO4J_PASSWORD": neo4j_settings.password, "NEO4J_DATABASE": neo4j_settings.database}
    command = str(Path(sys.executable).parent / "debatekg")
    proc = subprocess.Popen([command, "serve", "--port", str(port)],
                            env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    try:
        first = proc.stdout.readline()
        assert f"http://localhost:{port}/" in first
        body = None
        for _ in range(50):
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=5) as r:
                    body, server = r.read(), r.headers.get("Server")
                break
            except OSError:
                time.sleep(0.2)
        assert body is not None and b'"status":"ok"' in body
        assert server == "debatekg"
    finally:
        proc.terminate()
        proc.wait(timeout=10)
