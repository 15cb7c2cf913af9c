"""Which encoded rules read a scenario field: the "read by" line under each question of `kzlex ask`.

The question's own note says why a fact matters as its sources put it; this says, from the rules
themselves, which provisions and ICCPR rights actually read the field, directly or through a
definition, so the two can be compared and neither drifts unseen.
"""

from __future__ import annotations

from engine.knowledge.base import KnowledgeBase
from engine.model.conditions import Condition, DerivedCond, FactCond, atoms


def _facts_in(cond: Condition) -> tuple[set[str], set[str]]:
    found = atoms(cond)
    return {a.fact for a in found if isinstance(a, FactCond)}, {a.derived for a in found if isinstance(a, DerivedCond)}


def readers(kb: KnowledgeBase, path: str) -> list[str]:
    """Which encoded provisions and ICCPR rights read a scenario field, directly or through a definition."""
    if path == "date":
        return ["every provision (the date picks the version in force)"]
    derived = {d.derives for d in kb.definitions if path in _facts_in(d.when)[0]}
    out: list[str] = []
    for p in kb.provisions:
        conds = [el.when for v in p.versions for part in v.parts for el in part.elements]
        conds += [d.when for d in p.defences]
        for c in conds:
            facts, derives = _facts_in(c)
            if path in facts or derives & derived:
                out.append(p.ref.cite)
                break
    for s in kb.standards:
        conds = [s.engaged_when, *(r.when for t in s.tests for r in t.rules)]
        needs = {n for t in s.tests for n in t.needs}
        if path in needs or any(path in _facts_in(c)[0] or _facts_in(c)[1] & derived for c in conds):
            out.append(s.right.replace("ICCPR-", "ICCPR Art. "))
    return out


def read_by(names: list[str], first: int = 3) -> str:
    """The readers of a field in one short line: how many, and the first few (Criminal Code first)."""
    if not names:
        return "no encoded rule"
    order = ("CC ", "CAO ", "ICCPR ")
    names = sorted(names, key=lambda n: next((i for i, p in enumerate(order) if n.startswith(p)), len(order)))
    if len(names) <= first:
        return ", ".join(names)
    return f"{len(names)} ({', '.join(names[:first])} and {len(names) - first} more)"
