"""Every shipped scenario and precedent, and a 2,000-record batch, give the bytes the manifest records.

The guard for refactoring and speed work: a change meant to keep behaviour fails here if any
output moves. A deliberate change of output regenerates tests/golden/outputs.sha256 with
`python bench/golden.py --update` in the same commit.
"""

from __future__ import annotations

from bench.golden import MANIFEST, manifest_text


def test_every_output_matches_the_golden_manifest() -> None:
    recorded = MANIFEST.read_text(encoding="utf-8").splitlines()
    now = manifest_text().splitlines()
    assert [line.split("  ", 1)[1] for line in now] == [line.split("  ", 1)[1] for line in recorded], (
        "the set of shipped files changed: run python bench/golden.py --update"
    )
    moved = [b.split("  ", 1)[1] for a, b in zip(recorded, now, strict=True) if a != b]
    assert not moved, f"outputs changed: {moved}; if deliberate, run python bench/golden.py --update"
