"""The heaviest penalty as people read it: an ordinal scale from no article to over ten years.

Both the grid and the ladder of `kzlex chill` colour and rank by this scale, and the drawings
name its categories, so it lives apart from either.
"""

from __future__ import annotations

from engine.features.outcome_diff import ArticleState
from engine.knowledge.base import KnowledgeBase
from engine.model.provision import Penalty

# A part's category is its heaviest kind of sanction; for prison, its longest term.
SEVERITY: tuple[str, ...] = (
    "no article",
    "fine",
    "arrest",
    "restriction of liberty",
    "prison up to 2 years",
    "prison 2-5 years",
    "prison 5-10 years",
    "prison over 10 years",
)
NOT_KNOWN = "penalty not known"  # no range in the rules (a text not verified): off the scale
# One colour a category: white for no article, then cividis (colour-blind safe) from light to
# dark at even steps of lightness (CIE L* 85, 72, 60, 49, 37, 26, 14), so it reads in greyscale.
SEVERITY_COLOURS: tuple[str, ...] = (
    "#ffffff",
    "#ead34c",
    "#c0b16a",
    "#979177",
    "#737475",
    "#51586d",
    "#263d6e",
    "#00224e",
)


def penalty_of(kb: KnowledgeBase, a: ArticleState) -> Penalty | None:
    """The penalty of the part that applies, in the version in force."""
    p = kb.provision(a.code, a.article)
    version = next((v for v in (p.versions if p else ()) if v.label == a.version), None)
    part = next((q for q in (version.parts if version else ()) if q.id == a.part_id), None)
    return part.penalty if part else None


def severity(pen: Penalty | None) -> int | None:
    """The category in SEVERITY of a part's heaviest sanction; None when the rules give no range.

    Prison with no longest term in the rules is not known either: no band can be told."""
    if pen is None:
        return None
    if pen.prison_years is not None:
        return None if pen.prison_years.max is None else severity_of_years(pen.prison_years.max)
    if pen.restricted_freedom_years is not None:
        return 3
    if pen.arrest_days is not None:
        return 2
    if pen.fine_mci is not None:
        return 1
    return None


def severity_of_years(top: float) -> int:
    return 4 if top <= 2 else 5 if top <= 5 else 6 if top <= 10 else 7


def severity_label(level: int | None) -> str:
    return NOT_KNOWN if level is None else SEVERITY[level]
