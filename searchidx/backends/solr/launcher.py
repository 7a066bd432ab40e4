"""The local SolrCloud: builds ``solr/launcher`` with Maven and runs it.

The launcher is a Java program (Solr's ``MiniSolrCloudCluster``: real Jetty
nodes and an embedded ZooKeeper). It prints ``SOLR_URL=…`` once every node is
up, then answers one line per command on its standard input (``status``,
``stop-node N``, ``start-node N``). Closing its input or SIGTERM stops it.
"""

from __future__ import annotations

import contextlib
import os
import selectors
import shutil
import subprocess
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from types import TracebackType

from searchidx.backends.solr.errors import LauncherError

LAUNCHER_DIR = Path(__file__).resolve().parents[3] / "solr" / "launcher"
MAIN_CLASS = "searchidx.solr.LocalCloud"
# One JVM runs every node: a modest heap, the serial collector and the quick
# JIT tier keep a 2-node test cluster small and fast to start.
JVM_OPTIONS = ("-Xmx768m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1", "-Xss512k")
# For measuring and for real volumes: the optimising JIT tier, a parallel collector
# and room for a large collection's indexing buffers and caches.
SERVER_JVM_OPTIONS = ("-Xmx3g", "-XX:+UseParallelGC", "-Xss512k")
URL_PREFIX = "SOLR_URL="
ANSWER_SECONDS = 120.0  # start-node waits up to 60 s for the node, plus a busy machine
Notify = Callable[[str], None]


def classpath_file(launcher_dir: Path = LAUNCHER_DIR) -> Path:
    return launcher_dir / "target" / "classpath.txt"


def needs_build(launcher_dir: Path = LAUNCHER_DIR) -> bool:
    """True when the launcher was never built or its sources changed since."""
    built = classpath_file(launcher_dir)
    if not built.is_file():
        return True
    stamp = built.stat().st_mtime
    sources = [launcher_dir / "pom.xml", *(launcher_dir / "src").rglob("*")]
    return any(path.stat().st_mtime > stamp for path in sources if path.is_file())


def build(launcher_dir: Path = LAUNCHER_DIR, notify: Notify | None = None) -> None:
    """``mvn package`` the launcher (the first run fetches Solr's jars into ~/.m2)."""
    if not (launcher_dir / "pom.xml").is_file():
        raise LauncherError(
            f"no launcher sources in {launcher_dir}",
            hint="`searchidx solr local` runs from a searchidx checkout (it has solr/launcher/)",
        )
    mvn = shutil.which("mvn")
    if mvn is None:
        raise LauncherError("Maven (mvn) is not installed")
    if notify is not None:
        notify(f"building the SolrCloud launcher with Maven in {launcher_dir} (first use only)")
    done = subprocess.run(
        [mvn, "-q", "-B", "-f", str(launcher_dir / "pom.xml"), "package"],
        capture_output=True,
        text=True,
        check=False,
    )
    if done.returncode != 0:
        last = (done.stdout + done.stderr).strip().splitlines()[-1:] or ["no output"]
        raise LauncherError(f"building the launcher failed: {last[0]}")
    classpath_file(launcher_dir).touch()  # Maven leaves an unchanged file's time alone


def require_empty(directory: Path) -> None:
    """The nodes start from an empty directory (a cluster's data is for one run)."""
    if directory.exists() and (not directory.is_dir() or any(directory.iterdir())):
        raise LauncherError(
            f"{directory} is not empty; the local SolrCloud starts from an empty directory",
            hint="remove it, or pass another --dir (without --dir a temporary one is used)",
        )


def command(
    directory: Path,
    nodes: int,
    port: int = 0,
    launcher_dir: Path = LAUNCHER_DIR,
    *,
    delete_on_exit: bool = False,
    jvm_options: Sequence[str] = JVM_OPTIONS,
) -> list[str]:
    """The java command line that runs the launcher."""
    jars = classpath_file(launcher_dir).read_text(encoding="utf-8").strip()
    own = launcher_dir / "target" / "solr-launcher-1.0.jar"
    java = shutil.which("java") or "java"
    return [
        java,
        *jvm_options,
        "-cp",
        f"{own}{os.pathsep}{jars}",
        MAIN_CLASS,
        "--dir",
        str(directory),
        "--nodes",
        str(nodes),
        "--port",
        str(port),
        *(["--delete-on-exit"] if delete_on_exit else []),
    ]


class LocalCloud:
    """A running local SolrCloud; use as a context manager, or call :meth:`stop`."""

    def __init__(self, process: subprocess.Popen[str], url: str) -> None:
        self.process = process
        self.url = url

    @classmethod
    def start(
        cls,
        directory: Path,
        *,
        nodes: int = 2,
        port: int = 0,
        notify: Notify | None = None,
        log: Path | None = None,
        launcher_dir: Path = LAUNCHER_DIR,
        jvm_options: Sequence[str] = JVM_OPTIONS,
    ) -> LocalCloud:
        """Build the launcher if needed, start it and wait until every node is up."""
        require_empty(directory)
        if needs_build(launcher_dir):
            build(launcher_dir, notify)
        directory.mkdir(parents=True, exist_ok=True)
        errors = log.open("a", encoding="utf-8") if log is not None else sys.stderr
        try:
            process = subprocess.Popen(
                command(directory, nodes, port, launcher_dir, jvm_options=jvm_options),
                stdin=subprocess.PIPE,
                stdout=subprocess.PIPE,
                stderr=errors,
                text=True,
                bufsize=1,
            )
        finally:
            if log is not None:
                errors.close()
        assert process.stdout is not None
        first = process.stdout.readline().strip()
        if not first.startswith(URL_PREFIX):
            process.kill()
            process.wait()
            where = f"; see {log}" if log is not None else ""
            raise LauncherError(f"the local SolrCloud did not start (exit {process.poll()}){where}")
        return cls(process, first.removeprefix(URL_PREFIX))

    def send(self, line: str, timeout: float = ANSWER_SECONDS) -> str:
        """One command to the launcher (``status``, ``stop-node 2`` …) and its answer.

        LauncherError when no answer comes within ``timeout`` seconds (a hung
        node must not hang its caller) or the launcher has exited.
        """
        assert self.process.stdin is not None and self.process.stdout is not None
        try:
            self.process.stdin.write(line + "\n")
            self.process.stdin.flush()
        except BrokenPipeError:
            raise LauncherError(f"the local SolrCloud has exited; cannot send {line!r}") from None
        # One command, one line: nothing is left buffered that select() would miss.
        with selectors.DefaultSelector() as selector:
            selector.register(self.process.stdout, selectors.EVENT_READ)
            if not selector.select(timeout):
                raise LauncherError(f"the local SolrCloud did not answer {line!r} in {timeout:g} s")
        answer = self.process.stdout.readline()
        if not answer:
            raise LauncherError(f"the local SolrCloud exited instead of answering {line!r}")
        return answer.strip()

    def wait(self) -> int:
        return self.process.wait()

    def stop(self, timeout: float = 60.0) -> None:
        """Close the launcher's input (it shuts the nodes down); kill it if it hangs."""
        if self.process.poll() is not None:
            return
        assert self.process.stdin is not None
        with contextlib.suppress(BrokenPipeError):
            self.process.stdin.close()
        try:
            self.process.wait(timeout)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()

    def __enter__(self) -> LocalCloud:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        self.stop()
