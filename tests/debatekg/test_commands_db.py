"""``debatekg neo4j ...`` and ``debatekg doctor`` against real servers and real closed ports."""

from __future__ import annotations

import os
import signal
import socket
import time
from pathlib import Path

import pytest
from click.testing import CliRunner

from debatekg.cli import main
from kg.neo4j_local import LocalServer


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def java_processes_of(home: Path) -> list[int]:
    """Pids of JVMs whose command line names ``home``: what 'no process of ours left' means."""
    pids = []
    for proc in Path("/proc").iterdir():
        if not proc.name.isdigit():
            continue
        try:
            cmdline = (proc / "cmdline").read_bytes().replace(b"\0", b" ").decode(errors="replace")
        except OSError:
            continue
        if "java" in cmdline and str(home) in cmdline:
            pids.append(int(proc.name))
    return pids


@pytest.fixture
def own_server_env(tmp_path: Path, tmp_path_factory: pytest.TempPathFactory) -> dict[str, str]:
    """A managed server of this test's own: its home and two free ports (the jars are shared)."""
    return {
        "DEBATEKG_HOME": str(tmp_path / "home"),
        "DEBATEKG_NEO4J_LIB": str(tmp_path_factory.getbasetemp() / "neo4j-lib"),
        "DEBATEKG_NEO4J_BOLT_PORT": str(free_port()),
        "DEBATEKG_NEO4J_HTTP_PORT": str(free_port()),
        "DEBATEKG_NEO4J_HEAP": "512m",
        "DEBATEKG_NEO4J_PAGECACHE": "128m",
        "NEO4J_URI": "",
    }


@pytest.mark.slow
def test_start_twice_stop_and_recover_from_kill_9(own_server_env: dict[str, str]) -> None:
    runner = CliRunner(env=own_server_env)
    server = LocalServer.from_env(own_server_env)
    try:
        first = runner.invoke(main, ["neo4j", "start"])
        assert first.exit_code == 0, first.output
        assert "Neo4j started" in first.output
        second = runner.invoke(main, ["neo4j", "start"])
        assert second.exit_code == 0, second.output
        assert "already running" in second.output
        assert len(java_processes_of(server.home)) == 1

        status = runner.invoke(main, ["neo4j", "status"])
        assert status.exit_code == 0, status.output
        assert "Neo4j Kernel 5.26." in status.output and "community" in status.output

        stopped = runner.invoke(main, ["neo4j", "stop"])
        assert stopped.exit_code == 0 and "Neo4j stopped" in stopped.output
        assert java_processes_of(server.home) == []
        assert runner.invoke(main, ["neo4j", "status"]).exit_code == 3

        assert runner.invoke(main, ["neo4j", "start"]).exit_code == 0
        os.kill(server.pid(), signal.SIGKILL)
        time.sleep(1)
        assert server.pid_file.exists()
        recovered = runner.invoke(main, ["neo4j", "start"])
        assert recovered.exit_code == 0, recovered.output
        assert "Neo4j started" in recovered.output
    finally:
        server.stop()
    assert java_processes_of(server.home) == []


def test_install_keeps_the_password_private_and_stable(own_server_env: dict[str, str]) -> None:
    server = LocalServer.from_env(own_server_env)
    server.install()
    password = server.read_password()
    assert len(password) >= 16
    assert server.password_file.stat().st_mode & 0o777 == 0o600
    server.install()
    assert server.read_password() == password


def test_generated_conf_listens_on_loopback_only(own_server_env: dict[str, str]) -> None:
    server = LocalServer.from_env(own_server_env)
    server.install()
    conf = (server.conf_dir / "neo4j.conf").read_text()
    listens = [line for line in conf.splitlines() if "listen_address=" in line]
    assert listens and all("=127.0.0.1" in line for line in listens)
    assert "dbms.security.allow_csv_import_from_file_urls=false" in conf
    assert "dbms.security.auth_enabled=true" in conf
    assert f":{own_server_env['DEBATEKG_NEO4J_BOLT_PORT']}" in conf


def test_missing_java_is_one_clear_line(own_server_env: dict[str, str]) -> None:
    result = CliRunner(env={**own_server_env, "PATH": "/nonexistent"}).invoke(
        main, ["neo4j", "install"]
    )
    assert result.exit_code == 1
    assert result.output.strip().splitlines() == [
        "Error: java not found: install a Java 17 or 21 runtime "
        "(apt-get install openjdk-17-jre-headless) or set NEO4J_URI to use another Neo4j server"
    ]


@pytest.mark.parametrize("scheme", ["bolt", "neo4j"])
def test_closed_port_fails_fast_with_one_line(scheme: str) -> None:
    env = {"NEO4J_URI": f"{scheme}://127.0.0.1:{free_port()}", "NEO4J_PASSWORD": "x"}
    began = time.monotonic()
    result = CliRunner(env=env).invoke(main, ["doctor"])
    assert time.monotonic() - began < 10
    assert result.exit_code == 1
    bad = [line for line in result.output.splitlines() if line.startswith("BAD")]
    assert len(bad) == 1 and "does not answer" in bad[0]


def test_doctor_passes_on_a_healthy_server(graph, neo4j_settings) -> None:
    env = {
        "NEO4J_URI": neo4j_settings.uri,
        "NEO4J_USER": neo4j_settings.user,
        "NEO4J_PASSWORD": neo4j_settings.password,
        "NEO4J_DATABASE": neo4j_settings.database,
    }
    result = CliRunner(env=env).invoke(main, ["doctor"])
    assert result.exit_code == 0, result.output
    assert "5.26." in result.output and "community" in result.output
