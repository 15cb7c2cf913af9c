"""`kzlex check` without typer (`kzlex_cli.fast`): the same bytes and exit codes as the typer app.

The fast path takes only the simplest command lines and hands everything else, and every error,
to the typer app. Each pair below runs a command line the fast path takes and one it refuses
(an extra `--detail 3`, the default, sends it to typer), and compares everything the user sees.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from kzlex_cli.fast import Call, parse

REPO = Path(__file__).resolve().parent.parent
POLL = str(REPO / "scenarios" / "ridder-style-poll.yaml")


@pytest.mark.parametrize(
    ("argv", "call"),
    [
        (["check", "a.yaml"], Call("a.yaml")),
        (["check", "a.yaml", "--format", "json"], Call("a.yaml", format="json")),
        (["check", "--format=json", "a.yaml"], Call("a.yaml", format="json")),
        (["-q", "--no-pager", "check", "a.yaml", "-f", "text"], Call("a.yaml", quiet=True, no_pager=True)),
        (["check", "a.yaml", "--as-of", "2019-01-01", "--law", "current"], Call("a.yaml", as_of="2019-01-01")),
    ],
)
def test_the_simple_forms_are_taken(argv: list[str], call: Call) -> None:
    assert parse(argv) == call


@pytest.mark.parametrize(
    "argv",
    [
        ["check"],
        ["check", "-"],
        ["check", "a.yaml", "b.yaml"],
        ["check", "a.yaml", "--help"],
        ["check", "a.yaml", "--trace"],
        ["check", "a.yaml", "--detail", "3"],
        ["check", "a.yaml", "--law", "reformed"],
        ["check", "a.yaml", "--format", "xml"],
        ["check", "a.yaml", "--format", "json", "--format", "text"],
        ["check", "a.yaml", "--format"],
        ["check", "a.yaml", "-f=json"],
        ["check", "a.yaml", "--as-of", "--help"],
        ["check", "--", "a.yaml"],
        ["--version", "check", "a.yaml"],
        ["check", "-q", "a.yaml"],
        ["validate"],
    ],
)
def test_everything_else_goes_to_typer(argv: list[str]) -> None:
    assert parse(argv) is None


def _kzlex(*args: str) -> tuple[int, bytes, bytes]:
    env = {**os.environ, "KZLEX_TODAY": "2026-11-23", "PYTHONPATH": str(REPO), "COLUMNS": "100"}
    done = subprocess.run([sys.executable, "-m", "cli", *args], cwd=REPO, env=env, capture_output=True, timeout=600)
    return done.returncode, done.stdout, done.stderr


@pytest.mark.parametrize(
    "args",
    [
        ["check", POLL, "--format", "json"],
        ["-q", "check", POLL],
        ["check", POLL, "--as-of", "2016-05-21", "--format", "json"],
        ["check", str(REPO / "scenarios" / "no-such-file.yaml"), "--format", "json"],
        ["check", POLL, "--as-of", "2016-13-45", "--format", "json"],
        ["check", str(REPO / "tests" / "data" / "invalid"), "--format", "json"],
    ],
    ids=["json", "quiet-text", "as-of", "missing-file", "bad-date", "a-folder"],
)
def test_the_fast_path_says_what_typer_says(args: list[str]) -> None:
    fast = _kzlex(*args)
    typer = _kzlex(*args, "--detail", "3")
    assert fast == typer


def test_the_fast_path_imports_neither_typer_nor_click() -> None:
    probe = (
        "import sys, runpy\n"
        f"sys.argv = ['kzlex', 'check', {POLL!r}, '--format', 'json']\n"
        "try:\n"
        "    runpy.run_module('cli', run_name='__main__')\n"
        "finally:\n"
        "    sys.stderr.write(' '.join(m for m in ('typer', 'click', 'rich') if m in sys.modules))\n"
    )
    env = {**os.environ, "KZLEX_TODAY": "2026-11-23", "PYTHONPATH": str(REPO)}
    done = subprocess.run([sys.executable, "-c", probe], cwd=REPO, env=env, capture_output=True, timeout=600)
    assert done.returncode == 0
    assert done.stderr == b""
