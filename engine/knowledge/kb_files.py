"""The files the knowledge base is loaded from, named without importing a single model.

One list, read by the loader (`engine.knowledge.base.iter_files`, which pairs each kind with its
model) and by the snapshot key (`engine.knowledge.snapshot`), so a file the loader reads can
never be left out of the key that says whether a snapshot is still current.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path
from typing import Literal

Kind = Literal["sources", "definitions", "provision", "standard", "precedent"]

CODE_FOLDERS = ("rules/kz_criminal_code", "rules/kz_admin_code")


def named(folder: Path, suffix: str) -> list[Path]:
    """The entries of `folder` whose names end in `suffix`, sorted; none if it cannot be listed.

    What `sorted(folder.glob("*" + suffix))` gives, in a quarter of the time: every cold check
    lists these folders to key its snapshot."""
    try:
        with os.scandir(folder) as entries:
            names = sorted(entry.name for entry in entries if entry.name.endswith(suffix))
    except OSError:
        return []
    return [folder / name for name in names]


def _files(root: Path, folder: str) -> list[Path]:
    return named(root / folder, ".yaml")


def kb_files(root: Path) -> Iterator[tuple[Path, Kind]]:
    """Every knowledge-base file under `root`, in loading order, with the kind of thing it holds."""
    yield root / "rules" / "sources.yaml", "sources"
    for path in _files(root, "rules/sources"):  # further registries, one per body of sources
        yield path, "sources"
    for folder in CODE_FOLDERS:
        for path in _files(root, folder):
            yield path, ("definitions" if path.name == "definitions.yaml" else "provision")
    for path in _files(root, "rules/iccpr"):
        yield path, ("definitions" if path.name == "definitions.yaml" else "standard")
    for path in _files(root, "scenarios/precedents"):
        yield path, "precedent"
