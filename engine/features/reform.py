"""Law reform as data: a file of changes to the rule set, applied to a knowledge base.

`rules/reforms/NAME.yaml` lists changes (repeal a provision, drop some of its parts, or replace
elements of its parts), each with the reason and the source that recommends it. Applying one
gives a new KnowledgeBase, so the same engine answers "what if the law were reformed": nothing
about a reform lives in code, and anyone can write another file. The law in force is `current`.

Pure: reform files are read, never written; nothing is printed. `apply_reform` is cached per
knowledge base and name, so `engine_for` (cached per knowledge-base object) compiles each
reformed rule set once per process.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from engine.knowledge.base import KnowledgeBase, cross_check
from engine.knowledge.paths import data_root
from engine.knowledge.safe_yaml import load_mapping, read_path, validate
from engine.model.errors import InputError, KnowledgeBaseError
from engine.model.provision import Element, Part, Provision, Version
from engine.model.reform import LawChange, Reform
from engine.model.result import ArticleOut, Result
from engine.model.scenario import Scenario
from engine.model.sources import SourceRef
from engine.reasoning.evaluate import engine_for, evaluate

CURRENT = "current"
REFORMS_DIR = ("rules", "reforms")
_NAME = re.compile(r"^[a-z0-9][a-z0-9_-]*$")


# ---------------------------------------------------------------- files


def reforms_root(root: Path | None = None) -> Path:
    return (root or data_root()).joinpath(*REFORMS_DIR)


def list_reforms(root: Path | None = None) -> list[str]:
    """The reforms there are files for, by name; `current` (the law as it is) is not one."""
    folder = reforms_root(root)
    return sorted(p.stem for p in folder.glob("*.yaml")) if folder.is_dir() else []


def laws(root: Path | None = None) -> list[str]:
    """Every name `--law` accepts."""
    return [CURRENT, *list_reforms(root)]


@cache
def load_reform(name: str, root: Path | None = None) -> Reform:
    if not _NAME.match(name) or name not in list_reforms(root):
        raise InputError(f"--law: '{name}' is not a law kzlex knows; use one of {', '.join(laws(root))}")
    path = reforms_root(root) / f"{name}.yaml"
    origin = "/".join((*REFORMS_DIR, path.name))
    try:
        return validate(Reform, load_mapping(read_path(path)), origin=origin)
    except InputError as exc:
        text = str(exc)
        raise KnowledgeBaseError(text if text.startswith(origin) else f"{origin}: {text}") from None


# ---------------------------------------------------------------- applying


def _fail(name: str, n: int, change: LawChange, message: str) -> KnowledgeBaseError:
    return KnowledgeBaseError(f"rules/reforms/{name}.yaml: change {n} ({change.provision}): {message}")


def _replace_elements(part: Part, change: LawChange) -> tuple[Part, set[str]]:
    by_target = {e.target: e for e in change.elements}
    used: set[str] = set()
    elements = []
    for el in part.elements:
        new = by_target.get(el.id)
        if new is None:
            elements.append(el)
            continue
        used.add(el.id)
        elements.append(Element(id=new.id, says=new.says, when=new.when))
    return part.model_copy(update={"elements": elements}), used


def _changed(p: Provision, change: LawChange, name: str, n: int) -> Provision | None:
    """The provision after the change, or None when nothing of it is left."""
    flags = [f for f in p.flags if f.name not in change.drop_flags]
    missing_flags = set(change.drop_flags) - {f.name for f in p.flags}
    if missing_flags:
        raise _fail(name, n, change, f"drop_flags names {', '.join(sorted(missing_flags))}, which it does not carry")
    if change.action == "repeal":
        return None
    versions: list[Version] = []
    if change.action == "drop_parts":
        known = {part.id for v in p.versions for part in v.parts}
        unknown = [pid for pid in change.parts if pid not in known]
        if unknown:
            raise _fail(name, n, change, f"no part {', '.join(unknown)}; its parts are {', '.join(sorted(known))}")
        gone = set(change.parts)
        for v in p.versions:
            kept = [part for part in v.parts if part.id not in gone and part.aggravates not in gone]
            if kept:
                versions.append(v.model_copy(update={"parts": kept}))
    else:
        used: set[str] = set()
        for v in p.versions:
            parts = []
            for part in v.parts:
                new_part, hit = _replace_elements(part, change)
                used |= hit
                parts.append(new_part)
            versions.append(v.model_copy(update={"parts": parts}))
        unused = sorted({e.target for e in change.elements} - used)
        if unused:
            raise _fail(name, n, change, f"no part has the element {', '.join(unused)}")
    if not versions:
        return None
    defences = list(p.defences)
    if change.action == "drop_parts":  # a defence of dropped parts only goes with them
        left = {part.id for v in versions for part in v.parts}
        defences = [
            d.model_copy(update={"exempts": [t for t in d.exempts if t in left]})
            for d in p.defences
            if any(t in left for t in d.exempts)
        ]
    return p.model_copy(update={"versions": versions, "flags": flags, "defences": defences})


@cache
def apply_reform(kb: KnowledgeBase, name: str) -> KnowledgeBase:
    """The knowledge base as the named reform would leave it; `current` returns `kb` itself.

    Cached, so each reform of a knowledge base is one object and `engine_for` compiles it once.
    """
    return kb if name == CURRENT else apply_changes(kb, load_reform(name), name)


def apply_changes(kb: KnowledgeBase, reform: Reform, name: str) -> KnowledgeBase:
    """A new knowledge base with the reform's changes made; `kb` is left as it was."""
    provisions = {p.key: p for p in kb.provisions}
    changed: dict[str, Provision] = {}
    for n, change in enumerate(reform.changes, 1):
        p = kb.provision(change.code, change.article)
        if p is None:
            raise _fail(name, n, change, "no such provision in the knowledge base")
        for src in change.sources:
            if src.doc not in kb.sources:
                raise _fail(name, n, change, f"source '{src.doc}' is not registered in rules/sources.yaml")
        if p.key not in provisions:
            raise _fail(name, n, change, "an earlier change already removed it")
        after = _changed(provisions[p.key], change, name, n)
        if after is None:
            del provisions[p.key]
            changed.pop(p.key, None)
        else:
            provisions[p.key] = changed[p.key] = after
    # New elements are checked as the loader checks any rule: known fields, known values, sources.
    problems = cross_check(dataclasses.replace(kb, provisions=tuple(changed.values()), standards=(), precedents=()))
    if problems:
        raise KnowledgeBaseError(f"rules/reforms/{name}.yaml: {problems[0]}")
    return dataclasses.replace(kb, provisions=tuple(provisions[p.key] for p in kb.provisions if p.key in provisions))


# ---------------------------------------------------------------- explaining


@dataclass(frozen=True)
class Effect:
    """What one change does, and what it changes for the act in hand."""

    change: LawChange
    label: str  # "Criminal Code Art. 274 (Dissemination of knowingly false information)"
    done: str  # "repealed", "parts kz.cc.375.1, kz.cc.375.2 repealed", "narrowed"
    before: str  # the article under the current law, for this act
    after: str  # the article under the reform, for this act
    changes_outcome: bool


def _cite(a: ArticleOut) -> str:
    return f"Art. {a.article}" + (f"({a.part})" if a.part else "")


def _finding(result: Result, code: str, article: str) -> ArticleOut | None:
    return next((a for a in result.articles if a.code == code and a.article == article), None)


def _status_words(a: ArticleOut | None, article: str) -> str:
    if a is None:
        return f"Art. {article} does not reach the act"
    return {
        "applies": f"{_cite(a)} applies",
        "possible": f"{_cite(a)} may apply (an element turns on a fact not given)",
        "exempt": f"{_cite(a)} is met but an exemption in the law applies",
        "no_longer_criminal": f"{_cite(a)} is met but no longer criminal (repealed)",
    }[a.status]


def _element_met(result: Result, provision: str, element: str) -> bool:
    """Did the law stage conclude this element of the provision, in any version?"""
    return any(
        (about := t.about) is not None
        and about.kind == "element"
        and about.provision == provision
        and about.element == element
        for t in result.trace
    )


def change_label(change: LawChange, kb: KnowledgeBase) -> str:
    """`Criminal Code Art. 274 (Dissemination of knowingly false information)`."""
    p = kb.provision(change.code, change.article)
    code_name = "Criminal Code" if change.code == "criminal" else "Code of Administrative Offences"
    return f"{code_name} Art. {change.article}" + (f" ({p.title})" if p else "")


def change_done(change: LawChange) -> str:
    """What the change does to the provision, in words."""
    if change.action == "repeal":
        return "repealed"
    if change.action == "drop_parts":
        return f"part{'s' if len(change.parts) > 1 else ''} {', '.join(change.parts)} repealed"
    return "narrowed: " + "; ".join(
        f"the element {e.target} is replaced by {e.id}: {e.says.strip().rstrip('.')}" for e in change.elements
    )


def _after(change: LawChange, was: ArticleOut | None, now: ArticleOut | None, after: Result) -> str:
    if change.action == "repeal":
        return "the article is gone" if was is None else f"the article is gone, so {_cite(was)} cannot apply"
    if now is not None:
        return _status_words(now, change.article)
    if change.action == "drop_parts":
        return "no part that remains reaches the act"
    unmet = [e.id for e in change.elements if not _element_met(after, change.ref.key, e.id)]
    return "it does not reach the act" + (f": {', '.join(unmet)} is not met" if unmet else "")


def explain(reform: Reform, kb: KnowledgeBase, before: Result, after: Result) -> list[Effect]:
    """Each change of the reform, with what it does to this act's articles under each law."""
    out: list[Effect] = []
    for change in reform.changes:
        was = _finding(before, change.code, change.article)
        now = _finding(after, change.code, change.article)
        moved = (was is None) != (now is None) or (
            was is not None and now is not None and (was.part, was.status) != (now.part, now.status)
        )
        out.append(
            Effect(
                change=change,
                label=change_label(change, kb),
                done=change_done(change),
                before=f"under the current law {_status_words(was, change.article)}",
                after=f"under the reform {_after(change, was, now, after)}",
                changes_outcome=moved,
            )
        )
    return out


def source_text(ref: SourceRef, kb: KnowledgeBase) -> str:
    """A source in words for a one-line note; reports give it in full as a footnote."""
    src = kb.sources.get(ref.doc)
    if src is None:
        head = ref.doc
    elif src.symbol:
        head = src.symbol
    else:
        head = f"{src.publisher + ', ' if src.publisher else ''}{src.title}"
    return f"{head}, {ref.where}" if ref.where else head


def notes(reform_name: str, reform: Reform, kb: KnowledgeBase, effects: list[Effect]) -> list[str]:
    """One line per change for `law_notes`: what changes, why, on whose recommendation, and for this act."""
    head = f"Law: {reform_name} ({reform.title}). {reform.summary.strip()}"
    lines = [head]
    for e in effects:
        sources = "; ".join(source_text(s, kb) for s in e.change.sources)
        lines.append(
            f"Reform: {e.label} {e.done}. Why: {e.change.why.strip()} (source: {sources}). "
            f"For this act: {e.before}; {e.after}."
        )
    return lines


@dataclass(frozen=True)
class LawComparison:
    """One scenario under the current law and under a reform."""

    name: str
    reform: Reform
    current: Result
    reformed: Result
    effects: list[Effect]


def compare_laws(
    kb: KnowledgeBase, name: str, scenario: Scenario, *, today: dt.date, as_of: dt.date | None = None
) -> LawComparison:
    """Evaluate once under each law; the effects say, change by change, what moved and why."""
    reform = load_reform(name)
    current = evaluate(engine_for(kb), scenario, today=today, as_of=as_of)
    reformed = evaluate(engine_for(apply_reform(kb, name)), scenario, today=today, as_of=as_of)
    return LawComparison(name, reform, current, reformed, explain(reform, kb, current, reformed))


def evaluate_law(
    kb: KnowledgeBase, law: str, scenario: Scenario, *, today: dt.date, as_of: dt.date | None = None
) -> Result:
    """`evaluate` under a named law. Under a reform, `law_notes` say what each change did and why."""
    if law == CURRENT:
        return evaluate(engine_for(kb), scenario, today=today, as_of=as_of)
    cmp = compare_laws(kb, law, scenario, today=today, as_of=as_of)
    extra = notes(law, cmp.reform, kb, cmp.effects)
    return cmp.reformed.model_copy(update={"law_notes": [*cmp.reformed.law_notes, *extra]})
