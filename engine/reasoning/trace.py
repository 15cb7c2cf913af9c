"""The trace: every rule that fired, in words for people and as data for code.

The words (`content.themes = ethnicity`, `element public of kz.cc.174.1@2015`) are written here
and only read by people; `RuleInfo` and the fields a rule read travel beside them on each line.
"""

from __future__ import annotations

from engine.model.ids import RuleInfo
from engine.model.result import TraceOut
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


def trace_lines(stage: str, firings: list[Firing], index: RuleIndex) -> list[TraceOut]:
    """One line per rule and conclusion (a rule's alternatives that conclude the same fact are one line)."""
    seen: set[tuple[str, str]] = set()
    out = []
    for firing in firings:
        rule = base_rule_id(firing.rule)
        concluded = fact_text(firing.concluded)
        if (rule, concluded) in seen:
            continue
        seen.add((rule, concluded))
        about: RuleInfo | None = index.get(rule)
        read = frozenset(str(m["name"]) for m in firing.matched if m.get("kind") == "f")
        out.append(TraceOut.of(stage, about, rule, [fact_text(m) for m in firing.matched], concluded, read))
    return out
