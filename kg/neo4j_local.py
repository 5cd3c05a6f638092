"""The managed local Neo4j Community server: provisioned from Maven Central, started and stopped by us.

Machines without Docker still get a real server: ``mvn`` resolves the community server, its
dependencies and Neo4j Browser into a cache directory, and Neo4j's own bootloader
(``org.neo4j.server.startup.Neo4jCommand``, what the tarball's ``bin/neo4j`` runs) starts it
with our generated ``neo4j.conf`` and keeps its pid file.
"""

from __future__ import annotations

import logging
import os
import re
import secrets
import shutil
import socket
import subprocess
import time
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from kg.errors import Neo4jSetupError

log = logging.getLogger(__name__)

NEO4J_VERSION = "5.26.30"
BROWSER_VERSION = "5.24.0"
BOOTLOADER = "org.neo4j.server.startup.Neo4jCommand"
ADMIN_BOOTLOADER = "org.neo4j.server.startup.Neo4jAdminCommand"

POM_TEMPLATE = """<project xmlns="http://maven.apache.org/POM/4.0.0">
  <modelVersion>4.0.0</modelVersion>
  <groupId>debatekg.local</groupId>
  <artifactId>neo4j-runtime</artifactId>
  <version>1</version>
  <packaging>pom</packaging>
  <dependencies>
    <dependency><groupId>org.neo4j</groupId><artifactId>neo4j</artifactId>
      <version>{version}</version></dependency>
    <dependency><groupId>org.neo4j.app</groupId><artifactId>neo4j-server</artifactId>
      <version>{version}</version></dependency>
    <dependency><groupId>org.neo4j.client</groupId><artifactId>neo4j-browser</artifactId>
      <version>{browser}</version></dependency>
  </dependencies>
</project>
"""

CONF_TEMPLATE = """# Written by debatekg at every start; edit the DEBATEKG_NEO4J_* variables instead.
server.default_listen_address=127.0.0.1
server.default_advertised_address=127.0.0.1
server.bolt.listen_address=127.0.0.1:{bolt_port}
server.bolt.advertised_address=127.0.0.1:{bolt_port}
server.http.listen_address=127.0.0.1:{http_port}
server.http.advertised_address=127.0.0.1:{http_port}
server.https.enabled=false
server.memory.heap.initial_size={heap}
server.memory.heap.max_size={heap}
server.memory.pagecache.size={pagecache}
server.jvm.additional=-XX:+UseG1GC
server.jvm.additional=-XX:+ExitOnOutOfMemoryError
server.jvm.additional=-Djdk.tls.ephemeralDHKeySize=2048
dbms.security.auth_enabled=true
dbms.security.allow_csv_import_from_file_urls=false
dbms.security.procedures.unrestricted=
db.transaction.timeout={tx_timeout}
db.memory.transaction.max={tx_memory}
db.tx_log.rotation.retention_policy=2 days 1G
dbms.usage_report.enabled=false
server.directories.import=import
"""


@dataclass(frozen=True)
class LocalServer:
    """One managed server: its cache directory, ports and memory settings."""

    home: Path
    bolt_port: int = 7687
    http_port: int = 7474
    heap: str = "2g"
    pagecache: str = "2g"
    tx_timeout: str = "300s"
    tx_memory: str = "1g"  # one runaway query fails alone instead of exhausting the heap
    start_timeout_s: float = 120.0
    shared_lib: Path | None = None  # a jar directory several homes may share

    @classmethod
    def from_env(cls, env: Mapping[str, str] | None = None) -> LocalServer:
        """Settings from ``DEBATEKG_HOME`` and ``DEBATEKG_NEO4J_*``; defaults suit 2 cores, 24 GiB."""
        env = os.environ if env is None else env
        base = env.get("DEBATEKG_HOME") or str(
            Path(env.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "debatekg"
        )
        try:
            return cls(
                home=Path(base).expanduser() / f"neo4j-{NEO4J_VERSION}",
                bolt_port=int(env.get("DEBATEKG_NEO4J_BOLT_PORT", 7687)),
                http_port=int(env.get("DEBATEKG_NEO4J_HTTP_PORT", 7474)),
                heap=env.get("DEBATEKG_NEO4J_HEAP", "2g"),
                pagecache=env.get("DEBATEKG_NEO4J_PAGECACHE", "2g"),
                tx_timeout=env.get("DEBATEKG_NEO4J_TX_TIMEOUT", "300s"),
                tx_memory=env.get("DEBATEKG_NEO4J_TX_MEMORY", "1g"),
                start_timeout_s=float(env.get("DEBATEKG_NEO4J_START_TIMEOUT", 120)),
                shared_lib=Path(env["DEBATEKG_NEO4J_LIB"]) if env.get("DEBATEKG_NEO4J_LIB") else None,
            )
        except ValueError as exc:
            raise Neo4jSetupError(f"bad DEBATEKG_NEO4J_* setting: {exc}") from exc

    # -- paths -----------------------------------------------------------------------------
    @property
    def lib(self) -> Path:
        return self.shared_lib or self.home / "lib"

    @property
    def conf_dir(self) -> Path:
        return self.home / "conf"

    @property
    def password_file(self) -> Path:
        return self.home / "password"

    @property
    def pid_file(self) -> Path:
        return self.home / "run" / "neo4j.pid"

    @property
    def log_file(self) -> Path:
        return self.home / "logs" / "neo4j.log"

    @property
    def bolt_uri(self) -> str:
        return f"bolt://127.0.0.1:{self.bolt_port}"

    @property
    def browser_url(self) -> str:
        return f"http://127.0.0.1:{self.http_port}/browser/"

    # -- install ---------------------------------------------------------------------------
    def is_installed(self) -> bool:
        marker = self.lib / ".complete"
        return marker.is_file() and marker.read_text().strip() == NEO4J_VERSION

    def install(self) -> None:
        """Resolve the server jars with mvn (once; later calls work offline) and set the password."""
        if not self.is_installed():
            _require_java()
            mvn = shutil.which("mvn")
            if mvn is None:
                raise Neo4jSetupError(
                    "mvn not found: install Maven (apt-get install maven) or set NEO4J_URI "
                    "to use another Neo4j server"
                )
            self._resolve_jars(mvn)
        for sub in ("conf", "data", "logs", "run", "plugins", "import"):
            (self.home / sub).mkdir(parents=True, exist_ok=True)
        self._ensure_password()

    def _resolve_jars(self, mvn: str) -> None:
        build = self.home / "build"
        build.mkdir(parents=True, exist_ok=True)
        (build / "pom.xml").write_text(
            POM_TEMPLATE.format(version=NEO4J_VERSION, browser=BROWSER_VERSION)
        )
        staging = self.lib.with_name(self.lib.name + ".partial")
        shutil.rmtree(staging, ignore_errors=True)
        log.info("resolving Neo4j %s from Maven Central", NEO4J_VERSION)
        cmd = [mvn, "-B", "-q", "-f", str(build / "pom.xml"), "dependency:copy-dependencies",
               f"-DoutputDirectory={staging}", "-DincludeScope=runtime"]
        done = subprocess.run(cmd, capture_output=True, text=True)
        if done.returncode != 0:
            tail = (done.stdout + done.stderr).strip().splitlines()[-3:]
            raise Neo4jSetupError(
                f"mvn could not resolve org.neo4j:neo4j:{NEO4J_VERSION}: {' | '.join(tail)}"
            )
        (staging / ".complete").write_text(NEO4J_VERSION)
        shutil.rmtree(self.lib, ignore_errors=True)
        staging.rename(self.lib)

    def _ensure_password(self) -> None:
        """Generate the initial password once; Neo4j only accepts it before its first start."""
        if self.password_file.is_file():
            return
        if (self.home / "data" / "dbms" / "auth.ini").exists():
            raise Neo4jSetupError(
                f"{self.password_file} is missing but the server already has users; "
                f"remove {self.home / 'data'} to start afresh"
            )
        # Hex, so it never starts with "-", which the admin tool would read as an option.
        password = secrets.token_hex(16)
        self._write_conf()
        self._bootloader(ADMIN_BOOTLOADER, "dbms", "set-initial-password", password)
        fd = os.open(self.password_file, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(fd, "w") as out:
            out.write(password)

    def read_password(self) -> str:
        try:
            return self.password_file.read_text().strip()
        except FileNotFoundError:
            return ""

    # -- lifecycle -------------------------------------------------------------------------
    def pid(self) -> int | None:
        """The server's pid when it runs; a stale pid file (after a kill -9) is removed."""
        try:
            pid = int(self.pid_file.read_text().strip())
        except (FileNotFoundError, ValueError):
            return None
        if _is_our_java(pid, self.home):
            return pid
        log.info("removing stale pid file %s (pid %s is gone)", self.pid_file, pid)
        self.pid_file.unlink(missing_ok=True)
        return None

    def start(self) -> bool:
        """Start in the background and wait for Bolt; returns False when it was already running."""
        self.install()
        if self.pid() is not None:
            self.wait_for_bolt()
            return False
        for port in (self.bolt_port, self.http_port):
            if _port_open(port):
                raise Neo4jSetupError(
                    f"port {port} on 127.0.0.1 is taken by another process; set "
                    "DEBATEKG_NEO4J_BOLT_PORT / DEBATEKG_NEO4J_HTTP_PORT to free ones"
                )
        self._write_conf()
        self._bootloader(BOOTLOADER, "start")
        self.wait_for_bolt()
        return True

    def wait_for_bolt(self) -> None:
        """Poll Bolt until it answers; on timeout, say so with the tail of Neo4j's log."""
        deadline = time.monotonic() + self.start_timeout_s
        while time.monotonic() < deadline:
            if _bolt_answers(self.bolt_uri, self.read_password()):
                return
            if self.pid() is None:
                break
            time.sleep(0.5)
        raise Neo4jSetupError(
            f"Neo4j did not answer on {self.bolt_uri} within {self.start_timeout_s:.0f} s; "
            f"last log lines: {' | '.join(self.log_tail(5))}"
        )

    def stop(self) -> bool:
        """Stop by our own pid file; returns False when nothing was running."""
        pid = self.pid()
        if pid is None:
            return False
        self._bootloader(BOOTLOADER, "stop", check=False)
        deadline = time.monotonic() + 60
        while _is_our_java(pid, self.home) and time.monotonic() < deadline:
            time.sleep(0.3)
        if _is_our_java(pid, self.home):
            log.warning("Neo4j (pid %s) ignored stop; killing it", pid)
            os.kill(pid, 9)
        self.pid_file.unlink(missing_ok=True)
        return True

    def log_tail(self, lines: int = 40) -> list[str]:
        try:
            return self.log_file.read_text(errors="replace").splitlines()[-lines:]
        except FileNotFoundError:
            return []

    def admin(self, *args: str) -> str:
        """Run ``neo4j-admin`` with our configuration (e.g. ``database import full``); returns its output."""
        self._write_conf()
        return self._bootloader(ADMIN_BOOTLOADER, *args)

    # -- helpers ---------------------------------------------------------------------------
    def _write_conf(self) -> None:
        self.conf_dir.mkdir(parents=True, exist_ok=True)
        (self.conf_dir / "neo4j.conf").write_text(CONF_TEMPLATE.format(
            bolt_port=self.bolt_port, http_port=self.http_port, heap=self.heap,
            pagecache=self.pagecache, tx_timeout=self.tx_timeout, tx_memory=self.tx_memory))

    def _bootloader(self, main_class: str, *args: str, check: bool = True) -> str:
        java = _require_java()
        env = {**os.environ, "NEO4J_HOME": str(self.home), "NEO4J_CONF": str(self.conf_dir)}
        cmd = [java, "-cp", f"{self.lib}/*", f"-Dbasedir={self.home}", main_class, *args,
               "--verbose"]
        done = subprocess.run(cmd, env=env, cwd=self.home, capture_output=True, text=True,
                              stdin=subprocess.DEVNULL, timeout=180)
        output = (done.stdout + done.stderr).strip()
        if check and done.returncode != 0:
            raise Neo4jSetupError(f"neo4j {args[0]} failed: {_root_cause(output, done.returncode)}")
        return output


def _root_cause(output: str, returncode: int) -> str:
    """The innermost exception message of a bootloader failure, else its last line."""
    causes = re.findall(r"(?:Caused by: )?[\w.$]+(?:Exception|Error): (.+)", output)
    if causes:
        return causes[-1].strip()
    lines = output.splitlines()
    return lines[-1] if lines else f"exit {returncode}"


def _require_java() -> str:
    java = shutil.which("java")
    if java is None:
        raise Neo4jSetupError(
            "java not found: install a Java 17 or 21 runtime (apt-get install openjdk-17-jre-headless) "
            "or set NEO4J_URI to use another Neo4j server"
        )
    return java


def java_version() -> str | None:
    """The ``java -version`` line, for ``doctor``."""
    java = shutil.which("java")
    if java is None:
        return None
    out = subprocess.run([java, "-version"], capture_output=True, text=True).stderr
    return out.splitlines()[0] if out else None


def mvn_version() -> str | None:
    """The ``mvn -v`` line, for ``doctor``."""
    mvn = shutil.which("mvn")
    if mvn is None:
        return None
    out = subprocess.run([mvn, "-v", "-B"], capture_output=True, text=True).stdout
    first = re.sub(r"\x1b\[[0-9;]*m", "", out.splitlines()[0]) if out else None
    return first


def _is_our_java(pid: int, home: Path) -> bool:
    """True when ``pid`` is alive and is a JVM started with our home, not a recycled pid."""
    try:
        cmdline = Path(f"/proc/{pid}/cmdline").read_bytes().split(b"\0")
    except (FileNotFoundError, ProcessLookupError, PermissionError):
        return False
    args = [a.decode(errors="replace") for a in cmdline]
    return any(a.endswith("java") for a in args[:1]) and any(str(home) in a for a in args)


def _port_open(port: int) -> bool:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.settimeout(0.5)
        return sock.connect_ex(("127.0.0.1", port)) == 0


def _bolt_answers(uri: str, password: str) -> bool:
    import neo4j

    try:
        with neo4j.GraphDatabase.driver(uri, auth=("neo4j", password), connection_timeout=2) as d:
            d.verify_connectivity()
        return True
    except Exception:  # noqa: BLE001 - any failure means "not yet"
        return False
