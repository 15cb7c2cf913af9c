"""Writing a file whole or not at all: a temporary file beside it, renamed into place.

An interrupted report, results file or heatmap must never leave half a file where a reader,
or a later diff, would take it for the whole; the file that was there stays as it was.
"""

from __future__ import annotations

import errno
import os
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from engine.model.errors import InputError

# Failures of the place written to, not of kzlex: the user can act on each.
_PLACE_ERRORS = {
    errno.EACCES,
    errno.EPERM,
    errno.EROFS,
    errno.ENOSPC,
    errno.EDQUOT,
    errno.EFBIG,
    errno.ENOENT,
    errno.EIO,
}


def check_target(path: Path) -> Path:
    """The file to write, checked before any work is done: a symlink is written through to its
    target; a folder, a device or a pipe is refused (replacing /dev/null or a FIFO with a regular
    file would be worse than failing), and so is a missing or unwritable folder."""
    path = Path(os.path.realpath(path.expanduser()))
    if path.is_dir():
        raise InputError(f"{path}: is a directory; give a file name to write")
    if path.exists() and not path.is_file():
        raise InputError(f"{path}: not a regular file (a device, pipe or socket); give a file name to write")
    if not path.parent.is_dir():
        raise InputError(f"{path.parent}: no such directory; create it first")
    if not os.access(path.parent, os.W_OK | os.X_OK):
        raise InputError(f"{path.parent}: permission denied; choose a folder you can write to")
    return path


@contextmanager
def atomic_path(path: Path) -> Iterator[tuple[int, Path]]:
    """An open descriptor and path of a temporary file beside `path` (see `check_target`),
    renamed onto it when the block ends without error, removed otherwise. It gets the mode `>`
    would give (mkstemp's is 0600), so a report is an ordinary file; a user who wants it private
    sets a umask. A full disk or a refused write is one message naming the file, exit 2."""
    path = check_target(path)
    try:
        fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    except OSError as exc:
        raise _place_error(path, exc) from None
    try:
        yield fd, Path(tmp)
        os.chmod(tmp, 0o666 & ~_umask())
        os.replace(tmp, path)
    except BaseException as exc:
        Path(tmp).unlink(missing_ok=True)
        if isinstance(exc, OSError) and exc.errno in _PLACE_ERRORS:
            raise _place_error(path, exc) from None
        raise
    finally:
        try:
            os.close(fd)
        except OSError:
            pass  # closed already by whoever wrote through it


def _place_error(path: Path, exc: OSError) -> InputError:
    return InputError(f"{path}: could not be written ({exc.strerror or exc}); nothing was changed there")


def _umask() -> int:
    mask = os.umask(0o022)
    os.umask(mask)
    return mask
