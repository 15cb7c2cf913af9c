"""The snapshot of the knowledge base: never stale, never trusted when damaged, never in the way.

A snapshot only makes a cold start faster: every output must be the one a run without it gives,
whatever state the cache folder is in. The end-to-end tests run kzlex from a copy of the
repository, so a rule file can be edited without touching the real one.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from engine.knowledge import snapshot
from engine.knowledge.base import KnowledgeBase, load
from engine.knowledge.kb_files import kb_files, named
from engine.reasoning.engine_cache import cached_engine

REPO = Path(__file__).resolve().parent.parent
POLL = "scenarios/ridder-style-poll.yaml"
ART_180 = "rules/kz_criminal_code/art_180.yaml"
TITLE_180 = "Separatist activity (propaganda or public calls to violate"


@pytest.fixture(scope="module")
def copy(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The code and the knowledge base, copied: edits here never reach the repository."""
    root = tmp_path_factory.mktemp("kzlex-copy")
    skip = shutil.ignore_patterns("__pycache__", "*.pyc")
    for folder in ("engine", "kzlex_cli", "rules", "scenarios"):
        shutil.copytree(REPO / folder, root / folder, ignore=skip)
    shutil.copy2(REPO / "cli.py", root / "cli.py")
    return root


def _run(
    root: Path, *args: str, cache: Path | None, tmp: Path, env: dict[str, str] | None = None
) -> subprocess.CompletedProcess[bytes]:
    """`kzlex ARGS` from `root`, with HOME and the temporary folder inside `tmp`."""
    home, scratch, work = tmp / "home", tmp / "scratch", tmp / "work"
    for folder in (home, scratch, work):
        folder.mkdir(exist_ok=True)
    base = {k: v for k, v in os.environ.items() if not k.startswith(("XDG_", "KZLEX_"))}
    base.update(KZLEX_TODAY="2026-11-23", HOME=str(home), TMPDIR=str(scratch), PYTHONPATH=str(root))
    if cache is not None:
        base["KZLEX_CACHE_DIR"] = str(cache)
    base.update(env or {})
    cmd = [sys.executable, "-m", "cli", *args]
    return subprocess.run(cmd, cwd=work, env=base, capture_output=True, timeout=600)


def _snapshots(folder: Path) -> list[Path]:
    return sorted(folder.glob("engine-*.pickle")) if folder.is_dir() else []


def test_a_changed_rule_file_is_never_served_from_a_stale_snapshot(copy: Path, tmp_path: Path) -> None:
    cache = tmp_path / "cache"
    scenario = str(copy / POLL)
    first = _run(copy, "check", scenario, "--format", "json", cache=cache, tmp=tmp_path)
    assert first.returncode == 0, first.stderr.decode()
    assert len(_snapshots(cache)) == 1 and TITLE_180 in first.stdout.decode()
    rule = copy / ART_180
    original = rule.read_text(encoding="utf-8")
    try:
        rule.write_text(original.replace(TITLE_180, "Edited separatist activity", 1), encoding="utf-8")
        edited = _run(copy, "check", scenario, "--format", "json", cache=cache, tmp=tmp_path)
        plain = _run(copy, "check", scenario, "--format", "json", cache=None, tmp=tmp_path, env={"KZLEX_NO_CACHE": "1"})
    finally:
        rule.write_text(original, encoding="utf-8")
    assert edited.returncode == 0, edited.stderr.decode()
    assert "Edited separatist activity" in edited.stdout.decode()
    assert edited.stdout == plain.stdout
    assert len(_snapshots(cache)) == 1  # the stale snapshot replaced, not joined


def test_a_corrupt_or_truncated_snapshot_falls_back_to_loading(
    copy: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    cache = tmp_path / "cache"
    monkeypatch.setattr(snapshot, "_ENGINE", copy / "engine")  # the key as the copy computes it
    monkeypatch.setenv("KZLEX_CACHE_DIR", str(cache))
    scenario = str(copy / POLL)
    plain = _run(copy, "check", scenario, "--format", "json", cache=None, tmp=tmp_path, env={"KZLEX_NO_CACHE": "1"})
    assert plain.returncode == 0, plain.stderr.decode()
    assert _run(copy, "check", scenario, "--format", "json", cache=cache, tmp=tmp_path).stdout == plain.stdout
    (path,) = _snapshots(cache)
    whole = path.read_bytes()
    damaged = [whole[: len(whole) // 2], whole[:-1] + bytes([whole[-1] ^ 0xFF])]  # truncated; one bit off
    for blob in damaged:
        path.write_bytes(blob)
        done = _run(copy, "check", scenario, "--format", "json", cache=cache, tmp=tmp_path)
        assert (done.returncode, done.stdout, done.stderr) == (0, plain.stdout, b"")
        assert snapshot.read("engine", copy, snapshot.kb_key(copy)) is not None  # written anew, whole


def test_an_unwritable_cache_folder_changes_nothing(copy: Path, tmp_path: Path) -> None:
    blocker = tmp_path / "a-file"
    blocker.write_text("in the way\n")
    scenario = str(copy / POLL)
    plain = _run(copy, "check", scenario, "--format", "json", cache=None, tmp=tmp_path, env={"KZLEX_NO_CACHE": "1"})
    done = _run(copy, "check", scenario, "--format", "json", cache=blocker / "cache", tmp=tmp_path)
    assert (done.returncode, done.stdout, done.stderr) == (0, plain.stdout, b"")
    assert blocker.read_text() == "in the way\n"


def test_nothing_is_written_outside_the_cache_folder(copy: Path, tmp_path: Path) -> None:
    cache = tmp_path / "cache"
    for args in (["check", str(copy / POLL), "--format", "json"], ["check", str(copy / POLL)]):
        done = _run(copy, *args, cache=cache, tmp=tmp_path)
        assert done.returncode == 0, done.stderr.decode()
    assert [p.name for p in cache.iterdir()] == [_snapshots(cache)[0].name]  # no temporary file left
    for folder in ("home", "scratch", "work"):
        assert list((tmp_path / folder).rglob("*")) == [], folder


def test_without_a_cache_folder_the_snapshot_goes_to_the_home_cache_only(copy: Path, tmp_path: Path) -> None:
    done = _run(copy, "check", str(copy / POLL), "--format", "json", cache=None, tmp=tmp_path)
    assert done.returncode == 0, done.stderr.decode()
    written = [p.relative_to(tmp_path / "home").as_posix() for p in (tmp_path / "home").rglob("*") if p.is_file()]
    assert len(written) == 1 and written[0].startswith(".cache/kzlex/engine-"), written
    off = tmp_path / "off"
    off.mkdir()
    _run(copy, "check", str(copy / POLL), cache=off, tmp=tmp_path, env={"KZLEX_NO_CACHE": "1"})
    assert list(off.iterdir()) == []


def test_output_is_the_same_with_and_without_the_snapshot(copy: Path, tmp_path: Path) -> None:
    cache = tmp_path / "cache"
    json_args = ["check", str(copy / POLL), "--format", "json", "--as-of", "2019-01-01"]
    text_args = ["-q", "check", str(copy / POLL), "--as-of", "2019-01-01"]
    runs = {
        "json, no cache": _run(copy, *json_args, cache=None, tmp=tmp_path, env={"KZLEX_NO_CACHE": "1"}),
        "json, writing the snapshot": _run(copy, *json_args, cache=cache, tmp=tmp_path),
        "json, from the snapshot": _run(copy, *json_args, cache=cache, tmp=tmp_path),
        "text, no cache": _run(copy, *text_args, cache=None, tmp=tmp_path, env={"KZLEX_NO_CACHE": "1"}),
        "text, from the snapshot": _run(copy, *text_args, cache=cache, tmp=tmp_path),
    }
    seen = {name: (done.returncode, done.stdout, done.stderr) for name, done in runs.items()}
    assert seen["json, no cache"][0] == 0 and seen["text, no cache"][0] == 0
    assert seen["json, no cache"] == seen["json, writing the snapshot"] == seen["json, from the snapshot"]
    assert seen["text, no cache"] == seen["text, from the snapshot"]


def test_the_key_covers_every_file_the_loader_reads(copy: Path) -> None:
    key = snapshot.kb_key(copy)
    for path, _kind in list(kb_files(copy))[::7]:
        original = path.read_bytes()
        try:
            path.write_bytes(original + b"\n")
            assert snapshot.kb_key(copy) != key, path
        finally:
            path.write_bytes(original)
    assert snapshot.kb_key(copy) == key


def test_the_key_covers_the_code_that_builds_the_snapshot(copy: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """An edited compiler or model must not be served the rules the old one compiled."""
    monkeypatch.setattr(snapshot, "_ENGINE", copy / "engine")
    key = snapshot.kb_key(copy)
    for module in ("reasoning/compiler.py", "model/provision.py", "knowledge/base.py"):
        path = copy / "engine" / module
        original = path.read_bytes()
        try:
            path.write_bytes(original + b"# edited\n")
            assert snapshot.kb_key(copy) != key, module
        finally:
            path.write_bytes(original)


def test_a_snapshot_read_back_gives_the_same_engine(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """In-process: the knowledge base and the compiled rules survive the round trip unchanged."""
    monkeypatch.setenv("KZLEX_CACHE_DIR", str(tmp_path))
    kb = load()
    root = REPO
    key = snapshot.kb_key(root)
    from engine.reasoning.evaluate import compile_kb

    compiled = compile_kb(kb)
    snapshot.write("engine", root, key, (kb, *compiled))
    back = snapshot.read("engine", root, key)
    assert back is not None and isinstance(back[0], KnowledgeBase)
    assert back[0].provisions == kb.provisions and back[0].precedents == kb.precedents
    assert back[1:] == compiled
    assert snapshot.read("engine", root, "0" * 64) is None  # another key: a miss


def test_the_engine_of_a_loaded_knowledge_base_is_reused() -> None:
    kb = load()
    assert cached_engine().kb is kb  # no second knowledge base in one process


def test_no_cache_and_the_folder_it_would_use(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.delenv("KZLEX_CACHE_DIR", raising=False)
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))
    assert snapshot.cache_dir() == tmp_path / "xdg" / "kzlex"
    monkeypatch.setenv("XDG_CACHE_HOME", "relative/ignored")
    monkeypatch.setenv("HOME", str(tmp_path))
    assert snapshot.cache_dir() == tmp_path / ".cache" / "kzlex"
    monkeypatch.setenv("KZLEX_NO_CACHE", "1")
    assert snapshot.cache_dir() is None
    snapshot.write("engine", REPO, "0" * 64, ("anything",))
    assert not (tmp_path / ".cache").exists()


def test_the_key_lists_each_folder_as_glob_would(tmp_path: Path) -> None:
    """The key and the loader list folders with `named`: the same files, in the same order, as
    `sorted(folder.glob(...))` (dotfiles included), and nothing for a folder that is not there."""
    for folder in ("rules/kz_criminal_code", "rules/iccpr", "scenarios/precedents"):
        assert named(REPO / folder, ".yaml") == sorted((REPO / folder).glob("*.yaml"))
    for name in ("b.yaml", ".hidden.yaml", "a.yaml", "c.yml", "A.yaml"):
        (tmp_path / name).write_text("x")
    assert named(tmp_path, ".yaml") == sorted(tmp_path.glob("*.yaml"))
    assert named(tmp_path / "missing", ".yaml") == []
