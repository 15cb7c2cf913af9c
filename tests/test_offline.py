"""Offline and confidential: no network, no writes outside the paths given, no half-written files.

Clients' facts must never leave the machine: every command works with networking made
impossible (Internet sockets patched to fail in-process and in a fresh interpreter, and in a
network namespace where `unshare` allows one). Nothing lands in the home directory or the
working directory but the files the user names; and an interrupted report or batch leaves the
old file intact, or no file, never half of one.
"""

from __future__ import annotations

import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import time
import uuid
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from bench.generate import jsonl

REPO = Path(__file__).resolve().parent.parent
SYCHEV = REPO / "scenarios" / "precedents" / "sychev.yaml"
POLL = REPO / "scenarios" / "ridder-style-poll.yaml"

# Run before anything else in a fresh interpreter: Internet sockets fail, local (AF_UNIX) ones,
# which multiprocessing uses to talk to its workers, still work.
NO_NETWORK = """
import socket, sys
class _NoNetwork(socket.socket):
    def __init__(self, family=socket.AF_INET, *args, **kwargs):
        if family != socket.AF_UNIX:
            raise OSError("network access attempted during an offline test")
        super().__init__(family, *args, **kwargs)
def _refuse(*args, **kwargs):
    raise OSError("network access attempted during an offline test")
socket.socket = _NoNetwork
socket.create_connection = _refuse
socket.getaddrinfo = _refuse
import runpy
sys.argv = ["kzlex", *sys.argv[1:]]
runpy.run_module("cli", run_name="__main__")
"""


def _env(**extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("XDG_")}
    env.update(KZLEX_TODAY="2026-11-23", PYTHONPATH=str(REPO), **extra)
    return env


@pytest.fixture
def offline(monkeypatch: pytest.MonkeyPatch) -> list[tuple[Any, ...]]:
    """Internet sockets fail in this process; every attempt is recorded."""
    attempts: list[tuple[Any, ...]] = []
    real = socket.socket

    class NoNetwork(real):  # type: ignore[misc,valid-type]
        def __init__(self, family: int = socket.AF_INET, *args: Any, **kwargs: Any) -> None:
            if family != socket.AF_UNIX:
                attempts.append(("socket", family))
                raise OSError("network access attempted during an offline test")
            super().__init__(family, *args, **kwargs)

    def refuse(*args: Any, **kwargs: Any) -> Any:
        attempts.append(args)
        raise OSError("network access attempted during an offline test")

    monkeypatch.setattr(socket, "socket", NoNetwork)
    monkeypatch.setattr(socket, "create_connection", refuse)
    monkeypatch.setattr(socket, "getaddrinfo", refuse)
    return attempts


def test_check_and_friends_work_with_networking_impossible(
    cli: Callable[..., Any], offline: list[tuple[Any, ...]], tmp_path: Path
) -> None:
    text = cli("check", str(SYCHEV))
    assert text.exit_code == 0, text.stderr
    data = cli("check", str(SYCHEV), "--format", "json")
    assert data.exit_code == 0 and json.loads(data.stdout)["scenario"] == "sychev"
    assert cli("batch", str(SYCHEV), str(POLL)).exit_code == 0
    assert cli("schema", "result").exit_code == 0
    assert cli("report", str(SYCHEV), "-o", str(tmp_path / "r.html")).exit_code == 0
    assert offline == []


def test_a_fresh_process_without_network_works(tmp_path: Path) -> None:
    """Imports happen after the patch here, so no module can open a connection when loaded either."""
    for args in (["check", str(SYCHEV), "--format", "json"], ["batch", str(SYCHEV), str(POLL), "--jobs", "2"]):
        done = subprocess.run(
            [sys.executable, "-c", NO_NETWORK, *args], cwd=tmp_path, env=_env(), capture_output=True, timeout=600
        )
        assert done.returncode == 0, done.stderr.decode()
        assert b"network access attempted" not in done.stderr


@pytest.mark.skipif(shutil.which("unshare") is None, reason="no unshare(1)")
def test_check_in_a_network_namespace(tmp_path: Path) -> None:
    probe = subprocess.run(["unshare", "-rn", "true"], capture_output=True)
    if probe.returncode != 0:
        pytest.skip("user namespaces are not available here")
    done = subprocess.run(
        ["unshare", "-rn", sys.executable, "-m", "cli", "check", str(SYCHEV), "--format", "json"],
        cwd=tmp_path,
        env=_env(),
        capture_output=True,
        timeout=600,
    )
    assert done.returncode == 0, done.stderr.decode()
    assert json.loads(done.stdout)["scenario"] == "sychev"


def test_nothing_is_written_outside_the_paths_given(tmp_path: Path) -> None:
    home, work, scratch = tmp_path / "home", tmp_path / "work", tmp_path / "tmp"
    for folder in (home, work, scratch):
        folder.mkdir()
    env = _env(HOME=str(home), TMPDIR=str(scratch), PYTHONDONTWRITEBYTECODE="1")
    env.pop("KZLEX_CACHE_DIR", None)  # as a user runs it: the snapshot goes to the one cache folder
    runs = [
        ["check", str(SYCHEV)],
        ["check", str(SYCHEV), "--format", "json"],
        ["batch", str(SYCHEV), str(POLL), "--jobs", "2", "--out", "results.jsonl"],
        ["report", str(SYCHEV), "-o", "report.md"],
        ["schema", "result"],
        ["chill", "--png", "chill.png"],  # matplotlib keeps a font cache: not in the home directory
    ]
    for args in runs:
        done = subprocess.run([sys.executable, "-m", "cli", *args], cwd=work, env=env, capture_output=True, timeout=600)
        assert done.returncode == 0, done.stderr.decode()
    # No config, no log in the home directory; only the engine snapshot, in the user's cache folder.
    written = sorted(p.relative_to(home).as_posix() for p in home.rglob("*") if p.is_file())
    assert len(written) == 1 and written[0].startswith(".cache/kzlex/engine-"), written
    assert sorted(p.name for p in work.iterdir()) == ["chill.png", "report.md", "results.jsonl"]
    assert list(scratch.rglob("*")) == []  # the workers' rendezvous is removed on exit


def test_a_failing_batch_leaves_the_old_results_intact(
    cli: Callable[..., Any], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import kzlex_cli.batch as batch_cli
    from engine.features.batch import Runner

    calls = {"n": 0}
    real_run = Runner.run

    def crash_on_third(self: Runner, task: Any) -> Any:
        calls["n"] += 1
        if calls["n"] == 3:
            raise RuntimeError("power cut")
        return real_run(self, task)

    monkeypatch.setattr(Runner, "run", crash_on_third)
    monkeypatch.setattr(batch_cli, "CHUNK", 1)  # the first results are written before the crash
    source = tmp_path / "in.jsonl"
    source.write_text('{"act": "post"}\n' * 5)
    old = tmp_path / "old.jsonl"
    old.write_text("old results\n")
    result = cli("batch", str(source), "--out", str(old))
    assert result.exit_code == 3  # an internal error, reported in one line
    assert old.read_text() == "old results\n"
    calls["n"] = 0
    new = tmp_path / "new.jsonl"
    assert cli("batch", str(source), "--out", str(new)).exit_code == 3
    assert not new.exists()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["in.jsonl", "old.jsonl"]  # no temporary left


def test_an_interrupted_report_leaves_no_half_file(
    cli: Callable[..., Any], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    real_fdopen = os.fdopen

    class Failing:
        """A file that takes the first half of what is written, then fails as a full disk would."""

        def __init__(self, handle: Any) -> None:
            self.handle = handle

        def write(self, text: str) -> int:
            self.handle.write(text[: len(text) // 2])
            self.handle.flush()
            raise KeyboardInterrupt  # the user pressed Ctrl-C mid-write

        def __enter__(self) -> Failing:
            return self

        def __exit__(self, *exc: Any) -> None:
            self.handle.close()

    monkeypatch.setattr(os, "fdopen", lambda *a, **k: Failing(real_fdopen(*a, **k)))
    target = tmp_path / "report.md"
    target.write_text("the previous report\n")
    assert cli("report", str(SYCHEV), "-o", str(target)).exit_code == 130  # interrupted (128 + SIGINT)
    assert target.read_text() == "the previous report\n"
    absent = tmp_path / "fresh.html"
    assert cli("report", str(SYCHEV), "-o", str(absent)).exit_code == 130
    assert not absent.exists()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["report.md"]


def _ours(marker: str) -> list[int]:
    """Live processes started with this marker in their environment (workers inherit it)."""
    found = []
    for proc in Path("/proc").iterdir():
        try:
            if proc.name.isdigit() and marker.encode() in (proc / "environ").read_bytes():
                status = (proc / "status").read_text()
                if "\nState:\tZ" not in status:  # a zombie is already dead
                    found.append(int(proc.name))
        except OSError:
            continue
    return found


@pytest.mark.skipif(not Path("/proc/self/environ").exists(), reason="needs Linux /proc")
@pytest.mark.parametrize(
    ("signum", "code", "said"), [(signal.SIGTERM, 143, "terminated (SIGTERM)"), (signal.SIGINT, 130, "interrupted")]
)
def test_a_signal_mid_batch_stops_every_worker_and_leaves_no_half_file(
    tmp_path: Path, signum: int, code: int, said: str
) -> None:
    """`timeout`, a scheduler or Ctrl-C stops a --jobs batch at once: one line, no temporary
    file, the old results untouched, and no worker process left waiting for ever."""
    source = tmp_path / "in.jsonl"
    source.write_text(jsonl(3000)[0])  # varied records: identical ones would be answered from memory
    out = tmp_path / "results.jsonl"
    out.write_text("old results\n")
    token = uuid.uuid4().hex  # unique to this run: a process left by another run must not count
    marker = f"KZLEX_TEST_MARKER={token}"
    env = _env(KZLEX_TEST_MARKER=token)
    args = [sys.executable, "-m", "cli", "batch", str(source), "--out", str(out), "--jobs", "2"]
    proc = subprocess.Popen(
        args,
        cwd=tmp_path,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        # A shell that runs jobs in the background hands them SIGINT ignored; a terminal does not.
        preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL),
    )
    deadline = time.monotonic() + 60
    while len(_ours(marker)) < 4 and time.monotonic() < deadline:  # main, forkserver, two workers
        time.sleep(0.1)
    assert len(_ours(marker)) >= 4, "the batch did not start its workers"
    time.sleep(1)  # let the workers take their first chunks
    proc.send_signal(signum)
    stdout, stderr = proc.communicate(timeout=30)
    assert proc.returncode == code
    assert stderr.decode().endswith(
        f"error: {said}; nothing half-written is left; files already in place are unchanged\n"
    )
    assert stdout == b""
    assert out.read_text() == "old results\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["in.jsonl", "results.jsonl"]
    deadline = time.monotonic() + 10
    while _ours(marker) and time.monotonic() < deadline:
        time.sleep(0.1)
    assert _ours(marker) == [], "worker processes were left running"
