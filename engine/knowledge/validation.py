"""What `kzlex validate` checks: the whole knowledge base, or given files against it.

A file is checked by what it is (a provision, a standard, definitions, a precedent, a plain
scenario, the source registry, the chill presets, the interview's questions), told apart by its
top-level keys, and then cross-checked against the rest of the knowledge base: its sources must
be registered, its fields must exist, its part references must resolve, its ids must be unique.
"""

from __future__ import annotations

import dataclasses
from pathlib import Path
from typing import Any

from pydantic import BaseModel

from engine.knowledge import feature_files
from engine.knowledge.base import KnowledgeBase, collect, cross_check
from engine.knowledge.paths import data_root
from engine.knowledge.safe_yaml import load_mapping, read_path, validate
from engine.model.errors import InputError
from engine.model.interview import Questions
from engine.model.precedent import Precedent
from engine.model.presets import ChillPresets
from engine.model.provision import Provision
from engine.model.reform import Reform
from engine.model.rights import Definitions, Standard
from engine.model.scenario import Scenario
from engine.model.sources import SourceRegistry


def model_for(data: dict[str, Any]) -> type[BaseModel]:
    feature = feature_files.model_for(data)  # the chill presets or the interview's questions
    if feature is not None:
        return feature
    if "sources" in data and "act" not in data:
        return SourceRegistry
    if "versions" in data:
        return Provision
    if "right" in data:
        return Standard
    if "definitions" in data:
        return Definitions
    if "outcome" in data:
        return Precedent
    if "changes" in data and "act" not in data:
        return Reform  # a law reform (rules/reforms/)
    return Scenario


def _with(kb: KnowledgeBase, obj: BaseModel, rel: str) -> tuple[KnowledgeBase, str]:
    """The knowledge base with this object in place of its namesake, and the object's key."""
    files = dict(kb.files)
    if isinstance(obj, Provision):
        key = obj.key
        rest = tuple(p for p in kb.provisions if p.key != key)
        files[key] = rel
        return dataclasses.replace(kb, provisions=(*rest, obj), files=files), key
    if isinstance(obj, Precedent):
        files[obj.id] = rel
        rest_c = tuple(c for c in kb.precedents if c.id != obj.id)
        return dataclasses.replace(kb, precedents=(*rest_c, obj), files=files), obj.id
    if isinstance(obj, Standard):
        files[obj.right] = rel
        rest_s = tuple(s for s in kb.standards if s.right != obj.right)
        return dataclasses.replace(kb, standards=(*rest_s, obj), files=files), obj.right
    if isinstance(obj, Definitions):
        ids = {d.id for d in obj.definitions}
        for d in obj.definitions:
            files[d.id] = rel
        rest_d = tuple(d for d in kb.definitions if d.id not in ids)
        return dataclasses.replace(kb, definitions=(*rest_d, *obj.definitions), files=files), rel
    return kb, rel


def check_file(path: Path, kb: KnowledgeBase) -> list[str]:
    rel = str(path)
    try:
        data = load_mapping(read_path(path))
    except InputError as exc:
        text = str(exc)
        return [text if text.startswith(rel) else f"{rel}: {text}"]
    model = model_for(data)
    try:
        obj = validate(model, data, origin=rel)
    except InputError as exc:
        return [str(exc)]
    if isinstance(obj, (ChillPresets, Questions)):
        return feature_files.problems(obj, rel, kb.sources)
    if not isinstance(obj, (Provision, Precedent, Standard, Definitions)):
        return []  # a scenario, the registry or a reform: its schema is all a file alone can show
    merged, _key = _with(kb, obj, rel)
    problems = [p for p in cross_check(merged) if p.startswith(rel)]
    # Wherever it lies, a precedent file is named by its id: `kzlex case ID` and the
    # scenarios/precedents folder both find it that way.
    if isinstance(obj, Precedent) and path.stem != obj.id:
        problems.append(f"{rel}: id '{obj.id}' must match the file name '{path.stem}'; rename the file or the id")
    return problems


def _expand(paths: list[Path]) -> list[Path]:
    out: list[Path] = []
    for p in paths:
        if p.is_dir():
            out.extend(sorted(q for q in p.rglob("*") if q.suffix in (".yaml", ".yml", ".json")))
        else:
            out.append(p)
    return out


def validate_paths(paths: list[Path]) -> tuple[int, list[str]]:
    """(files checked, problems). No paths: the whole knowledge base with its cross-file checks."""
    root = data_root()
    kb, problems = collect(root)
    if not paths:
        from engine.knowledge.base import iter_files

        # The features' data files (not law, so not in the knowledge base) are checked too.
        problems += feature_files.check(root, kb.sources)
        return sum(1 for _ in iter_files(root)) + len(feature_files.FILES), problems
    files = _expand(paths)
    out: list[str] = []
    for path in files:
        out.extend(check_file(path, kb))
    return len(files), out
