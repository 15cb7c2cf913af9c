"""Deterministic, varied, valid scenarios (and precisely broken ones) for batch tests and benchmarks.

A seeded `random.Random`, never the global one, so the same seed gives the same file on every
machine and Python version; enumerations are read from the Scenario model, so a value added to
the contract is generated without touching this file.
"""

from __future__ import annotations

import datetime as dt
import json
import random
from enum import Enum
from typing import Any

from engine.model.scenario import (
    Act,
    AssemblyRole,
    Authorship,
    CallTo,
    ComplaintBy,
    Form,
    Harm,
    Language,
    Platform,
    Role,
    Stance,
    Target,
    Tension,
    Theme,
    Verified,
)

FIRST_DAY = dt.date(2012, 1, 1)
SPAN_DAYS = (dt.date(2026, 6, 30) - FIRST_DAY).days
WORDS = ("akim", "land", "court", "post", "hall", "river", "teacher", "price", "poem", "bank", "Астана", "жер")


def _values(enum: type[Enum]) -> list[str]:
    return [m.value for m in enum]


def _maybe(rng: random.Random, p: float = 0.6) -> bool:
    return rng.random() < p


def _some(rng: random.Random, enum: type[Enum], most: int = 3) -> list[str]:
    return sorted(rng.sample(_values(enum), rng.randint(0, most)))


def scenario(rng: random.Random, n: int) -> dict[str, Any]:
    """One valid scenario; roughly half the optional fields are left unknown, as in real use."""
    out: dict[str, Any] = {"id": f"gen-{n}", "act": rng.choice(_values(Act))}
    if _maybe(rng, 0.9):
        out["date"] = (FIRST_DAY + dt.timedelta(days=rng.randrange(SPAN_DAYS))).isoformat()
    if _maybe(rng, 0.8):
        out["platform"] = rng.choice(_values(Platform))
    reach: dict[str, Any] = {}
    if _maybe(rng):
        reach["public"] = _maybe(rng, 0.7)
    if _maybe(rng, 0.4):
        reach["audience"] = rng.choice((0, 12, 506, 4_000, 25_000, 1_200_000))
    if reach:
        out["reach"] = reach
    speaker: dict[str, Any] = {}
    if _maybe(rng, 0.7):
        speaker["role"] = rng.choice(_values(Role))
    for flag in ("leads_public_association", "official_position", "repeat", "with_others"):
        if _maybe(rng, 0.25):
            speaker[flag] = _maybe(rng, 0.3)
    if speaker:
        out["speaker"] = speaker
    if _maybe(rng):
        out["authorship"] = rng.choice(_values(Authorship))
    if _maybe(rng, 0.4):
        out["stance"] = rng.choice(_values(Stance))
    content: dict[str, Any] = {}
    if _maybe(rng, 0.5):
        content["summary"] = " ".join(rng.choice(WORDS) for _ in range(rng.randint(3, 12)))
    if _maybe(rng, 0.4):
        content["language"] = rng.choice(_values(Language))
    if _maybe(rng, 0.8):
        content["themes"] = _some(rng, Theme)
    if _maybe(rng, 0.6):
        content["calls_to"] = [c for c in _some(rng, CallTo, 2) if c != "none"]
    if _maybe(rng, 0.5):
        content["targets"] = _some(rng, Target, 2)
    if _maybe(rng, 0.4):
        content["insulting_terms"] = _maybe(rng, 0.3)
    if _maybe(rng, 0.5):
        content["form"] = rng.choice(_values(Form))
    if _maybe(rng, 0.25):
        content["claims"] = [
            {"verified": rng.choice(_values(Verified)), "harm_alleged": rng.choice(_values(Harm))}
            for _ in range(rng.randint(1, 2))
        ]
    if _maybe(rng, 0.15):
        content["imminent"] = _maybe(rng)
    if content:
        out["content"] = content
    if out["act"] in ("assembly", "protest_call") or _maybe(rng, 0.1):
        assembly: dict[str, Any] = {"role": rng.choice(_values(AssemblyRole))}
        for flag in ("notified", "permission_refused", "peaceful", "held", "place_designated", "single_person"):
            if _maybe(rng, 0.5):
                assembly[flag] = _maybe(rng)
        out["assembly"] = assembly
    context: dict[str, Any] = {}
    if _maybe(rng, 0.4):
        context["complaint_by"] = rng.choice(_values(ComplaintBy))
    if _maybe(rng, 0.3):
        context["removed"] = _maybe(rng)
    if _maybe(rng, 0.3):
        context["tension"] = rng.choice(_values(Tension))
    if context:
        out["context"] = context
    return out


# Broken records, each with the fault the batch must name: (JSON Lines text, words the error must contain).
BROKEN: tuple[tuple[str, str], ...] = (
    ('{"act": "post", "platfrom": "facebook"}', "platfrom: unknown key; did you mean 'platform'?"),
    ('{"act": "tweet"}', "act: 'tweet' is not allowed; use one of"),
    ('{"platform": "facebook"}', "act: required field is missing"),
    ('{"act": "post", "date": "9999-12-31"}', "date: 9999-12-31 is out of range"),
    ('{"act": "post", "reach": {"audience": NaN}}', "NaN is not a number kzlex accepts"),
    ('{"act": "post",', "malformed JSON"),
    ('["post"]', "holds a list, not a mapping"),
    ('{"act": "post", "content": {"summary": "a\\u0007b"}}', "control character U+0007"),
    ('{"act": "post", "reach": {"public": "yes"}}', "reach.public: Input should be a valid boolean"),
    ('{"act": "post", "act": "poll"}', "duplicate key 'act'"),
)


def jsonl(count: int, broken: int = 0, *, seed: int = 0) -> tuple[str, list[int]]:
    """`count` valid records with `broken` faulty ones spread among them; returns the text and the
    1-based line numbers of the faulty records."""
    rng = random.Random(seed)
    total = count + broken
    bad_lines = sorted(rng.sample(range(1, total + 1), broken)) if broken else []
    bad = set(bad_lines)
    lines = []
    n = 0
    for line_no in range(1, total + 1):
        if line_no in bad:
            lines.append(BROKEN[line_no % len(BROKEN)][0])
        else:
            lines.append(json.dumps(scenario(rng, n), ensure_ascii=False, sort_keys=True))
            n += 1
    return "\n".join(lines) + "\n", bad_lines
