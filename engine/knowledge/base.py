"""Loading the whole knowledge base (rules, standards, sources, precedents) and checking it.

Loading is strict and all-or-nothing for `kzlex check`; `problems()` collects every fault in
every file for `kzlex validate`, so a reviewer sees them all at once. Cross-file checks live
here: unknown source keys, unknown scenario fields, dangling part references, duplicate ids.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pydantic import BaseModel

from engine.knowledge.kb_files import Kind, kb_files
from engine.knowledge.paths import data_root
from engine.knowledge.safe_yaml import load_mapping, read_path, validate
from engine.model.conditions import (
    ArticleCond,
    Condition,
    DerivedCond,
    FactCond,
    FlagCond,
    LawCond,
    PenaltyCond,
    TestCond,
    UnknownCond,
    atoms,
)
from engine.model.errors import InputError, KnowledgeBaseError
from engine.model.facts import FACT_PATHS, normalise
from engine.model.precedent import Precedent
from engine.model.provision import Provision
from engine.model.rights import Definition, Definitions, Standard, threshold_test
from engine.model.sources import Source, SourceRef, SourceRegistry


@dataclass(frozen=True, eq=False)  # identity hash: one knowledge base per process
class KnowledgeBase:
    provisions: tuple[Provision, ...]
    definitions: tuple[Definition, ...]
    standards: tuple[Standard, ...]
    precedents: tuple[Precedent, ...]
    sources: dict[str, Source]
    files: dict[str, str] = field(default_factory=dict)  # object id -> relative file path

    def provision(self, code: str, article: str) -> Provision | None:
        return next((p for p in self.provisions if p.code == code and p.article == article), None)

    def precedent(self, case_id: str) -> Precedent | None:
        return next((c for c in self.precedents if c.id == case_id), None)


_MODELS: dict[Kind, type[BaseModel]] = {
    "sources": SourceRegistry,
    "definitions": Definitions,
    "provision": Provision,
    "standard": Standard,
    "precedent": Precedent,
}


def _load(path: Path, model: type[Any], root: Path) -> Any:
    origin = _rel(path, root)
    try:
        data = load_mapping(read_path(path))
    except InputError as exc:
        text = str(exc)
        raise KnowledgeBaseError(text if text.startswith(str(path)) else f"{origin}: {text}") from None
    try:
        return validate(model, data, origin=origin)
    except InputError as exc:
        raise KnowledgeBaseError(str(exc)) from None


def _rel(path: Path, root: Path) -> str:
    try:
        return str(path.relative_to(root))
    except ValueError:
        return str(path)


def iter_files(root: Path) -> Iterator[tuple[Path, type[BaseModel]]]:
    """Every knowledge-base file with the model it must satisfy."""
    for path, kind in kb_files(root):
        yield path, _MODELS[kind]


def collect(root: Path) -> tuple[KnowledgeBase, list[str]]:
    """Load what loads and list every problem, file by file, then across files."""
    problems: list[str] = []
    provisions: list[Provision] = []
    definitions: list[Definition] = []
    standards: list[Standard] = []
    precedents: list[Precedent] = []
    sources: dict[str, Source] = {}
    files: dict[str, str] = {}
    for path, model in iter_files(root):
        try:
            obj = _load(path, model, root)
        except KnowledgeBaseError as exc:
            problems.append(str(exc))
            continue
        rel = _rel(path, root)
        if isinstance(obj, SourceRegistry):
            for src in obj.sources:
                if src.key in sources:
                    problems.append(f"{rel}: source key '{src.key}' is registered twice")
                sources[src.key] = src
        elif isinstance(obj, Provision):
            provisions.append(obj)
            files[obj.key] = rel
        elif isinstance(obj, Definitions):
            definitions.extend(obj.definitions)
            for d in obj.definitions:
                files[d.id] = rel
        elif isinstance(obj, Standard):
            standards.append(obj)
            files[obj.right] = rel
        elif isinstance(obj, Precedent):
            if path.stem != obj.id:
                problems.append(
                    f"{rel}: id '{obj.id}' must match the file name '{path.stem}'; rename the file or the id"
                )
            precedents.append(obj)
            files[obj.id] = rel
    kb = KnowledgeBase(
        provisions=tuple(sorted(provisions, key=lambda p: (p.code, _article_key(p.article)))),
        definitions=tuple(definitions),
        standards=tuple(sorted(standards, key=lambda s: s.right)),
        precedents=tuple(sorted(precedents, key=lambda c: c.id)),
        sources=sources,
        files=files,
    )
    problems.extend(cross_check(kb))
    return kb, problems


def _article_key(article: str) -> tuple[int, int]:
    head, _, tail = article.partition("-")
    return int(head), int(tail or 0)


_LOADED: dict[Path, KnowledgeBase] = {}  # root -> its knowledge base, loaded once per process


def load(root: Path | None = None) -> KnowledgeBase:
    """The knowledge base, or an error naming the first bad file; cached per process."""
    root = root or data_root()
    kb = _LOADED.get(root)
    if kb is None:
        kb, problems = collect(root)
        if problems:
            more = f" (and {len(problems) - 1} more; run `kzlex validate`)" if len(problems) > 1 else ""
            raise KnowledgeBaseError(f"knowledge base is invalid: {problems[0]}{more}")
        _LOADED[root] = kb
    return kb


def loaded(root: Path) -> KnowledgeBase | None:
    """The knowledge base of `root` if this process has it already (loaded or adopted)."""
    return _LOADED.get(root)


def adopt(root: Path, kb: KnowledgeBase) -> KnowledgeBase:
    """Make `kb`, read back from a snapshot of `root`, the one `load(root)` returns from now on,
    so every command in the process sees the same object (and compiles it once). A knowledge
    base loaded already wins: two objects for one root would be compiled twice."""
    return _LOADED.setdefault(root, kb)


# ---------------------------------------------------------------- cross-file checks


def _near(word: str, choices: list[str]) -> list[str]:
    """The closest of `choices`, for a hint; difflib is imported only for a file in error, as a
    check served from the snapshot never cross-checks."""
    import difflib

    return difflib.get_close_matches(word, choices, n=1)


def cross_check(kb: KnowledgeBase) -> list[str]:
    out: list[str] = []
    derived = {d.derives for d in kb.definitions}
    seen_ids: dict[str, str] = {}

    def ref(where: str, src: SourceRef | None) -> None:
        if src is not None and src.doc not in kb.sources:
            near = _near(src.doc, list(kb.sources))
            hint = f"; did you mean '{near[0]}'?" if near else "; register it in rules/sources.yaml"
            out.append(f"{where}: source '{src.doc}' is not registered{hint}")

    def cond(where: str, c: Condition, *, stage: str) -> None:
        for atom in atoms(c):
            if isinstance(atom, FactCond) and atom.fact not in FACT_PATHS:
                near = _near(atom.fact, sorted(FACT_PATHS))
                hint = f"; did you mean '{near[0]}'?" if near else ""
                out.append(f"{where}: unknown scenario field '{atom.fact}'{hint}")
            elif isinstance(atom, FactCond):
                for value in [atom.is_, *(atom.any_of or []), *(atom.none_of or [])]:
                    if value is None:
                        continue
                    try:
                        normalise(atom.fact, value)
                    except ValueError as exc:
                        out.append(f"{where}: {exc}")
            elif isinstance(atom, UnknownCond) and atom.unknown not in FACT_PATHS:
                out.append(f"{where}: unknown scenario field '{atom.unknown}'")
            elif isinstance(atom, DerivedCond) and atom.derived not in derived:
                out.append(f"{where}: no definition derives '{atom.derived}'")
            elif isinstance(atom, (ArticleCond, FlagCond, LawCond, PenaltyCond, TestCond)) and stage == "law":
                out.append(f"{where}: '{type(atom).__name__}' conditions belong to ICCPR rules only")

    def unique(identifier: str, where: str) -> None:
        if identifier in seen_ids:
            out.append(f"{where}: id '{identifier}' is also used in {seen_ids[identifier]}")
        seen_ids[identifier] = where

    for d in kb.definitions:
        where = kb.files.get(d.id, "definitions")
        unique(d.id, where)
        ref(f"{where}: {d.id}", d.source)
        cond(f"{where}: {d.id}", d.when, stage="law")

    for p in kb.provisions:
        where = kb.files.get(p.key, p.key)
        unique(p.key, where)
        ref(f"{where}: source", p.source)
        cited: list[SourceRef] = [x.source for x in p.amended_by] + [x.source for x in p.critiques]
        cited += [x.source for x in p.statistics] + [x.source for x in p.flags]
        for src in cited:
            ref(where, src)
        if p.repealed:
            ref(f"{where}: repealed", p.repealed.source)
        previous: dt.date | None = None
        for v in sorted(p.versions, key=lambda v: v.in_force.from_):
            if previous is not None and v.in_force.from_ < previous:
                out.append(f"{where}: version '{v.label}' starts before the previous one ends")
            previous = v.in_force.to or dt.date.max
            ref(f"{where}: version {v.label}", v.source)
            ids = {part.id for part in v.parts}
            seen_parts: set[str] = set()
            for part in v.parts:
                pw = f"{where}: {part.id} ({v.label})"
                if not part.id.startswith(p.key + "."):
                    out.append(f"{pw}: part id must start with '{p.key}.'")
                if part.id in seen_parts:  # reported once, at the second occurrence
                    out.append(f"{pw}: part id appears twice in version {v.label}; give each part its own number")
                seen_parts.add(part.id)
                if part.aggravates and part.aggravates not in ids:
                    out.append(f"{pw}: aggravates '{part.aggravates}', which is not a part of this version")
                ref(pw, part.source)
                ref(f"{pw}: penalty", part.penalty.source)
                ref(f"{pw}: the law's words", part.text_source)
                for el in part.elements:
                    cond(f"{pw}: element {el.id}", el.when, stage="law")
        all_parts = {part.id for v in p.versions for part in v.parts}
        for defence in p.defences:
            unique(defence.id, where)
            ref(f"{where}: {defence.id}", defence.source)
            cond(f"{where}: {defence.id}", defence.when, stage="law")
            for target in defence.exempts:
                if target not in all_parts:
                    out.append(f"{where}: {defence.id} exempts '{target}', which is no part of Art. {p.article}")

    test_ids = {f"{s.right}.{t.id}" for s in kb.standards for t in s.tests}
    thresholds = {threshold_test(s.right) for s in kb.standards if s.threshold is not None}
    rule_ids = {r.id for s in kb.standards for t in s.tests for r in t.rules}
    for s in kb.standards:
        where = kb.files.get(s.right, s.right)
        ref(f"{where}", s.source)
        cond(f"{where}: engaged_when", s.engaged_when, stage="iccpr")
        for t in s.tests:
            for need in t.needs:
                if need not in FACT_PATHS:
                    out.append(f"{where}: {t.id}: needs unknown scenario field '{need}'")
            for c in t.citations:
                ref(f"{where}: {t.id}", SourceRef(doc=c.doc))
            for r in t.rules:
                unique(r.id, where)
                cond(f"{where}: {r.id}", r.when, stage="iccpr")
                for c in r.citations:
                    ref(f"{where}: {r.id}", SourceRef(doc=c.doc))
                for o in r.overrides:
                    if o not in rule_ids:
                        out.append(f"{where}: {r.id} overrides unknown rule '{o}'")
                for atom in atoms(r.when):
                    if isinstance(atom, TestCond) and atom.test not in test_ids | thresholds:
                        out.append(f"{where}: {r.id} refers to unknown test '{atom.test}'")

    articles = {(p.code, p.article) for p in kb.provisions}
    for case in kb.precedents:
        where = kb.files.get(case.id, case.id)
        unique(case.id, where)
        for src in case.sources:
            ref(where, src)
        for a in case.outcome.assessments:
            ref(f"{where}: assessment", a.source)
        for dispute in case.disputed:
            for reading in dispute.readings:
                ref(f"{where}: disputed {dispute.field}", reading.source)
        for ch in case.outcome.charges:
            if ch.code in ("criminal", "administrative") and ch.speech and (ch.code, ch.article) not in articles:
                out.append(
                    f"{where}: speech charge {ch.code} Art. {ch.article} has no provision file; "
                    "encode it or mark the charge `speech: false`"
                )
    return out
