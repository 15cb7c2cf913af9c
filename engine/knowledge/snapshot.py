"""A snapshot of the loaded knowledge base (and what was built from it), kept in a cache folder.

Reading and validating some hundred rule and case files is most of a cold `kzlex check`; a
snapshot read back is a fraction of that. It is our own file, never user input, so it is a
pickle; but it is trusted only when everything it was made from is unchanged:

- the key hashes kzlex's version, Python's and pydantic's, the snapshot format, the knowledge
  base's folder, the source of the code that loads, models and compiles it (`engine/model`,
  `engine/knowledge`, `engine/reasoning`: an edited compiler must not be served old rules), and
  the bytes of every file the loader reads (`kb_files`);
- the file carries its key and a digest of its body; a truncated, corrupt, foreign or old-format
  file, or one another user owns, is a miss, and the caller loads as if there were no cache.

The folder is `$KZLEX_CACHE_DIR`, else `$XDG_CACHE_HOME/kzlex`, else `~/.cache/kzlex`;
`KZLEX_NO_CACHE=1` turns snapshots off. A snapshot is written whole or not at all (a temporary
file in the cache folder, renamed into place); a folder that cannot be written, or any other
failure, is silent: the run goes on without a snapshot and nothing is written anywhere else.
"""

from __future__ import annotations

import gc
import hashlib
import os
import pickle
import sys
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from engine.knowledge.kb_files import kb_files, named

FORMAT = b"kzlex-snapshot 1\n"  # bump when the file layout changes
_DIGEST = 32  # bytes of a SHA-256 digest (hashed in hardware on most CPUs: twice blake2b's speed here)
_HEX = 2 * _DIGEST  # its length written out in hex
_ENGINE = Path(__file__).resolve().parent.parent  # engine/
CODE_LAYERS = ("model", "knowledge", "reasoning")  # the code a snapshot's content depends on


def cache_dir() -> Path | None:
    """Where snapshots live, or None when they are turned off (or no folder can be named)."""
    if os.environ.get("KZLEX_NO_CACHE", "") not in ("", "0"):
        return None
    explicit = os.environ.get("KZLEX_CACHE_DIR")
    if explicit:
        return Path(explicit)
    xdg = os.environ.get("XDG_CACHE_HOME", "")
    if os.path.isabs(xdg):  # the XDG spec: a relative path is invalid and ignored
        return Path(xdg) / "kzlex"
    try:
        return Path.home() / ".cache" / "kzlex"
    except RuntimeError:  # no HOME and no password entry
        return None


def _hash_files(digest: Any, paths: Iterable[Path], base: Path) -> None:
    skip = len(str(base)) + 1  # every path is under `base`: its name relative to it
    for path in paths:
        with open(path, "rb", buffering=0) as handle:  # unbuffered: one read of the whole file
            data = handle.readall()
        digest.update(f"{str(path)[skip:]}\0{len(data)}\0".encode())
        digest.update(data)


def kb_key(root: Path) -> str:
    """The key of a snapshot of the knowledge base under `root`: see the module's docstring.

    Raises OSError when a file cannot be read; the loader then reports it as it always has.
    """
    from pydantic.version import VERSION as PYDANTIC
    from pydantic_core import __version__ as PYDANTIC_CORE

    from engine.model.version import __version__

    digest = hashlib.sha256()
    for part in (FORMAT.decode(), __version__, sys.version, PYDANTIC, PYDANTIC_CORE, str(root)):
        digest.update(part.encode() + b"\0")
    code = sorted(p for layer in CODE_LAYERS for p in named(_ENGINE / layer, ".py"))
    _hash_files(digest, code, _ENGINE)
    _hash_files(digest, (path for path, _kind in kb_files(root)), root)
    return digest.hexdigest()


def snapshot_path(folder: Path, name: str, root: Path) -> Path:
    """One file per knowledge-base folder, so two checkouts never overwrite each other's."""
    where = hashlib.blake2b(str(root).encode(), digest_size=8).hexdigest()
    return folder / f"{name}-{where}.pickle"


def read(name: str, root: Path, key: str) -> Any | None:
    """The payload stored under `key`, or None (no cache, no file, another key, any damage)."""
    folder = cache_dir()
    if folder is None:
        return None
    try:
        with open(snapshot_path(folder, name, root), "rb") as handle:
            if hasattr(os, "getuid") and os.fstat(handle.fileno()).st_uid != os.getuid():
                return None  # someone else's file: never unpickle it
            blob = handle.read()
        start = len(FORMAT)  # FORMAT, key, digest of the body, newline, body
        if not blob.startswith(FORMAT) or blob[start : start + _HEX] != key.encode():
            return None
        body = blob[start + 2 * _HEX + 1 :]
        if blob[start + _HEX : start + 2 * _HEX] != hashlib.sha256(body).hexdigest().encode():
            return None
        return _unpickle(body)
    except Exception:  # missing, unreadable, truncated, corrupt, written by other code: a miss
        return None


def _unpickle(body: bytes) -> Any:
    """The payload, with the cycle collector paused: thousands of new objects would otherwise set
    it off again and again over objects that are all alive (a quarter of the time, measured)."""
    paused = gc.isenabled()
    gc.disable()
    try:
        return pickle.loads(body)
    finally:
        if paused:
            gc.enable()


def write(name: str, root: Path, key: str, payload: Any) -> None:
    """Store `payload` under `key`, whole or not at all; silently nothing when that fails."""
    folder = cache_dir()
    if folder is None:
        return
    import tempfile  # only when writing: it costs a cold start more than a snapshot saves here

    try:
        body = pickle.dumps(payload, protocol=pickle.HIGHEST_PROTOCOL)
        check = hashlib.sha256(body).hexdigest().encode()
        folder.mkdir(mode=0o700, parents=True, exist_ok=True)
        target = snapshot_path(folder, name, root)
        fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=folder)
        try:
            with os.fdopen(fd, "wb") as handle:
                handle.write(FORMAT + key.encode() + check + b"\n" + body)
            os.replace(tmp, target)
        except BaseException:
            Path(tmp).unlink(missing_ok=True)
            raise
    except Exception:  # an unwritable or full folder, an odd payload: run on without a snapshot
        return
