"""Where the knowledge base lives: beside the code in a checkout, inside the wheel when installed."""

from __future__ import annotations

from pathlib import Path

_PACKAGE = Path(__file__).resolve().parent.parent  # engine/, whatever layer this module sits in


def data_root() -> Path:
    """The folder holding `rules/` and `scenarios/`.

    A wheel carries them as `engine/_data/`; a checkout (or an editable install) has them at the
    repository root, one level above this package.
    """
    bundled = _PACKAGE / "_data"
    if (bundled / "rules").is_dir():
        return bundled
    return _PACKAGE.parent
