"""The local SolrCloud launcher: its stdout protocol and its stdin commands.

Stopping and starting nodes is tested on a cluster of its own, in
test_solr_failover.py, so this session's cluster stays whole for the others.
"""

from __future__ import annotations

import re
import subprocess
import sys
import urllib.request
from pathlib import Path

import pytest

from searchidx.backends.solr import launcher
from searchidx.backends.solr.errors import LauncherError
from searchidx.backends.solr.launcher import LocalCloud

_STATUS = re.compile(r"^OK 1=(up|down),\d+ 2=(up|down),\d+$")


def test_prints_the_base_url_of_a_live_solrcloud(solr_cloud: LocalCloud) -> None:
    assert re.fullmatch(r"http://127\.0\.0\.1:\d+/solr", solr_cloud.url)
    with urllib.request.urlopen(f"{solr_cloud.url}/admin/info/system?wt=json") as answer:
        assert b'"mode":"solrcloud"' in answer.read().replace(b" ", b"")


def test_status_answers_one_line_per_node(solr_cloud: LocalCloud) -> None:
    answer = solr_cloud.send("status")
    assert _STATUS.match(answer), answer
    assert answer.count("=up") == 2


def test_unknown_commands_and_bad_node_numbers_are_answered_not_fatal(
    solr_cloud: LocalCloud,
) -> None:
    assert solr_cloud.send("reboot").startswith("ERROR unknown command reboot")
    assert solr_cloud.send("stop-node 7") == "ERROR no node 7; nodes are 1..2"
    assert solr_cloud.send("stop-node") == "ERROR stop-node needs a node number 1..2"
    assert solr_cloud.send("status").count("=up") == 2


def test_cli_solr_local_prints_the_url_first_and_stops_when_stdin_closes(tmp_path: Path) -> None:
    command = [str(Path(sys.executable).parent / "searchidx"), "solr", "local", "--nodes", "1"]
    command += ["--dir", str(tmp_path / "data")]
    (tmp_path / "data").mkdir()  # empty: fine
    with subprocess.Popen(
        command, stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL
    ) as process:
        assert process.stdout is not None and process.stdin is not None
        first = process.stdout.readline().decode()
        assert re.fullmatch(r"SOLR_URL=http://127\.0\.0\.1:\d+/solr\n", first)
        process.stdin.write(b"status\n")
        process.stdin.flush()
        assert re.fullmatch(r"OK 1=up,\d+\n", process.stdout.readline().decode())
        process.stdin.close()
        assert process.wait(60) == 0
    assert any((tmp_path / "data").iterdir())  # an explicit --dir is kept


def test_cli_solr_local_refuses_a_used_directory(tmp_path: Path) -> None:
    (tmp_path / "data").mkdir()
    (tmp_path / "data" / "old").write_text("x")
    command = [str(Path(sys.executable).parent / "searchidx"), "solr", "local"]
    done = subprocess.run(
        [*command, "--dir", str(tmp_path / "data")], capture_output=True, text=True, check=False
    )
    assert done.returncode == 1 and done.stdout == ""
    assert done.stderr.startswith(f"Error: {tmp_path / 'data'} is not empty")


def test_send_gives_up_on_a_launcher_that_does_not_answer_or_has_exited() -> None:
    silent = subprocess.Popen(
        ["sleep", "30"], stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True
    )
    try:
        with pytest.raises(LauncherError, match=r"did not answer 'status' in 0\.5 s"):
            LocalCloud(silent, "").send("status", timeout=0.5)
    finally:
        silent.kill()
        silent.wait()
    gone = subprocess.Popen(["true"], stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
    gone.wait()
    with pytest.raises(LauncherError, match="exited"):
        LocalCloud(gone, "").send("stop-node 2")


def test_the_java_command_carries_the_chosen_jvm_options_before_the_classpath(
    tmp_path: Path,
) -> None:
    built = launcher.classpath_file()
    if not built.is_file():
        pytest.skip("the launcher is not built (make solr/launcher/target/classpath.txt)")
    for options in (launcher.JVM_OPTIONS, launcher.SERVER_JVM_OPTIONS):
        line = launcher.command(tmp_path, 2, jvm_options=options)
        assert line[1 : 1 + len(options)] == list(options)
        assert line[1 + len(options)] == "-cp"
    assert "-XX:TieredStopAtLevel=1" not in launcher.SERVER_JVM_OPTIONS
