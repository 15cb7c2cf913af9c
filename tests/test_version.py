"""The version a cited report names: printed by `kzlex --version`, recorded in CHANGELOG.md."""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

from engine.model.version import __version__

REPO = Path(__file__).resolve().parent.parent


def test_version_prints_the_version_and_exits_0(cli: Callable[..., Any]) -> None:
    for flag in ("--version", "-V"):
        result = cli(flag)
        assert result.exit_code == 0
        assert result.stdout == f"kzlex {__version__}\n"


def test_the_newest_changelog_entry_is_the_current_version() -> None:
    entries = re.findall(r"^## (\d+\.\d+\.\d+) \(\d{4}-\d{2}-\d{2}\)$", (REPO / "CHANGELOG.md").read_text(), re.M)
    assert entries, "CHANGELOG.md has no '## X.Y.Z (YYYY-MM-DD)' entry"
    assert entries[0] == __version__
