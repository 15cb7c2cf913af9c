"""Writing a file whole or not at all: a temporary file beside it, renamed into place.

An interrupted report, results file or heatmap must never leave half a file where a reader,
or a later diff, would take it for the whole; the file that was there stays as it was.
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path


@contextmanager
def atomic_path(path: Path) -> Iterator[tuple[int, Path]]:
    """An open descriptor and path of a temporary file beside `path`, renamed onto it when the
    block ends without error, removed otherwise. It gets the mode `>` would give (mkstemp's is
    0600), so a report is an ordinary file; a user who wants it private sets a umask."""
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        yield fd, Path(tmp)
        os.chmod(tmp, 0o666 & ~_umask())
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    finally:
        try:
            os.close(fd)
        except OSError:
            pass  # closed already by whoever wrote through it


def _umask() -> int:
    mask = os.umask(0o022)
    os.umask(mask)
    return mask
