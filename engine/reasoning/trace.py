"""The trace: every rule that fired, in words for people and as data for code.

The words (`content.themes = ethnicity`, `element public of kz.cc.174.1@2015`) are written here
and only read by people; `RuleInfo` and the fields a rule read travel beside them on each line.
"""

from __future__ import annotations

from engine.model.result import TraceOut
from engine.reasoning.by_identity import ByIdentity
from engine.reasoning.compiler import RuleIndex, base_rule_id
from engine.reasoning.runtime import Fact, Firing


def fact_text(f: Fact) -> str:
    """One fact as the trace says it."""
    kind = f.get("kind")
    if kind == "f":
        value = f["value"]
        if f["name"] == "date":
            v = str(value)
            return f"date = {v[:4]}-{v[4:6]}-{v[6:]}"
        return f"{f['name']} = {str(value).lower() if isinstance(value, bool) else value}"
    if kind == "d":
        return f"derived {f['name']}"
    if kind == "u":
        return f"{f['name']} not given"
    if kind == "el":
        return f"element {f['el']} of {f['part']}"
    if kind == "part":
        return f"part {f['part']} applies"
    if kind == "exempt":
        return f"{f['part']} exempted by {f['defence']}"
    if kind == "t":
        return f"{f['test']} {f['result']}"
    if kind == "engaged":
        return f"{f['right']} engaged"
    if kind == "art":
        return f"{f['code']} Art. {f['article']} applies"
    if kind in ("flag", "pen", "law"):
        return f"{kind} {f['name']}"
    return str(f)


_LINES_SIZE = 16_384  # trace lines kept per process, by stage and firing
_LINES: dict[tuple[str, int], tuple[Firing, tuple[str, str], TraceOut]] = {}


def _words_of(firing: Firing) -> tuple[str, str, tuple[str, ...], frozenset[str]]:
    """The rule, the conclusion and the facts matched, as the trace says them, and the fields read."""
    read = frozenset(str(m["name"]) for m in firing.matched if m.get("kind") == "f")
    return base_rule_id(firing.rule), fact_text(firing.concluded), tuple(fact_text(m) for m in firing.matched), read


# What a firing's line says whatever its stage: the ICCPR stage runs once per provision, and
# names the provision in its stage, so one firing appears under many stages. Kept for 4,096
# firings: each entry holds its firing alive, and one per line's entry cost 13 MB.
_words: ByIdentity[Firing, tuple[str, str, tuple[str, ...], frozenset[str]]] = ByIdentity(_words_of, size=4_096)


def _line(stage: str, firing: Firing, index: RuleIndex) -> tuple[tuple[str, str], TraceOut]:
    """A firing's trace line in a stage, and its (rule, conclusion) for the one-line-per-pair rule.

    Keyed by identity, holding the firing so the id cannot be reused: the runtime hands out the
    same firing for the same facts, so each line is built once and then shared (lines are frozen).
    """
    hit = _LINES.get((stage, id(firing)))
    if hit is None or hit[0] is not firing:
        if len(_LINES) >= _LINES_SIZE:
            _LINES.clear()
        rule, concluded, matched, read = _words(firing)
        line = TraceOut.of(stage, index.get(rule), rule, list(matched), concluded, read)
        hit = _LINES[(stage, id(firing))] = (firing, (rule, concluded), line)
    return hit[1], hit[2]


def trace_lines(stage: str, firings: tuple[Firing, ...], index: RuleIndex) -> list[TraceOut]:
    """One line per rule and conclusion (a rule's alternatives that conclude the same fact are one line)."""
    seen: set[tuple[str, str]] = set()
    out = []
    for firing in firings:
        pair, line = _line(stage, firing, index)
        if pair in seen:
            continue
        seen.add(pair)
        out.append(line)
    return out
