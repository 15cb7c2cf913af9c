"""The engine for the shipped knowledge base, from a snapshot when one is current.

A cold `kzlex check` spent most of its time reading and validating the rule and case files and
compiling them. The snapshot (`engine.knowledge.snapshot`) stores the loaded knowledge base and
what it compiles to (rulesets as plain specs, the rule index, the fields asked about when
unknown, each real case's facts as similarity compares them); read back, only the C engine's
rulesets are built again (`Reasoner` takes the specs), since its handles live in this process
alone. A miss, of any kind, loads and compiles as before and leaves a snapshot for the next run.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from engine.knowledge import snapshot
from engine.knowledge.base import KnowledgeBase, adopt, load, loaded
from engine.knowledge.paths import data_root
from engine.reasoning import similarity
from engine.reasoning.evaluate import Compiled, Engine, compile_kb, engine_for

NAME = "engine"


def _unpack(payload: Any) -> tuple[KnowledgeBase, Compiled, list[similarity.Facts]] | None:
    """The snapshot's parts, if it has the shape this code writes (the key makes it so; this is
    a last check, never a reason to fail)."""
    if not (isinstance(payload, tuple) and len(payload) == 5):
        return None
    kb, rulesets, index, asks, cases = payload
    if isinstance(kb, KnowledgeBase) and isinstance(rulesets, dict) and isinstance(index, dict):
        if isinstance(asks, frozenset) and isinstance(cases, list) and len(cases) == len(kb.precedents):
            return kb, (rulesets, index, asks), cases
    return None


def cached_engine(root: Path | None = None) -> Engine:
    """The knowledge base under `root` (the shipped one by default) compiled into rules, once per
    process, by way of the snapshot when there is a current one."""
    root = root or data_root()
    kb = loaded(root)
    if kb is not None or snapshot.cache_dir() is None:
        return engine_for(kb or load(root))
    try:
        key: str | None = snapshot.kb_key(root)
    except OSError:  # a file that cannot be read: the loader says which, as it always has
        key = None
    if key is not None:
        found = _unpack(snapshot.read(NAME, root, key))
        if found is not None:
            kb = adopt(root, found[0])
            if kb is not found[0]:  # loaded meanwhile in this process: that one is compiled already
                return engine_for(kb)
            similarity.adopt(kb.precedents, found[2])
            return engine_for(kb, found[1])
    kb = load(root)
    compiled = compile_kb(kb)
    if key is not None:
        snapshot.write(NAME, root, key, (kb, *compiled, similarity.case_facts(kb.precedents)))
    return engine_for(kb, compiled)
