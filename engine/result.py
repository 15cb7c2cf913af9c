"""The result of `kzlex check`: the JSON contract of issue 2, as models.

Keys named in the contract (law_as_of, articles[code, article, part, title, penalty,
elements_met, elements_missing, precedents], precedents[id, similarity, shared, differs,
charges, outcome], assessment{verdict, rights[right, verdict, tests[test, result, reasons,
citations]]}, trace) may never be renamed or dropped; new keys may be added.
"""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict

Verdict = Literal["violation", "permissible", "uncertain"]
TestResult = Literal["pass", "fail", "uncertain"]

DISCLAIMER = (
    "kzlex gives advice about legal risk and rights, not a verdict or a prediction of what a court will decide."
)


class _Out(BaseModel):
    model_config = ConfigDict(frozen=True)


class ElementOut(_Out):
    id: str
    says: str
    met: bool
    unknown_facts: list[str]


class ArticleOut(_Out):
    code: Literal["criminal", "administrative"]
    article: str
    part: str | None
    part_id: str
    title: str
    status: Literal["applies", "possible", "exempt", "no_longer_criminal"]
    penalty: str
    penalty_verified: bool
    heaviest_days: float
    elements_met: list[str]
    elements_missing: list[str]
    elements: list[ElementOut]
    precedents: list[str]
    version: str
    in_force: dict[str, str | None]
    version_verified: bool
    score: float
    notes: list[str]
    sources: list[str]


class ChargeOut(_Out):
    code: str
    article: str | None
    part: str | None
    note: str | None = None


class OutcomeOut(_Out):
    status: str
    sanction: str | None
    decided: str | None
    summary: str | None


class PrecedentOut(_Out):
    id: str
    title: str | None
    subjects: list[str]
    similarity: float
    shared: list[str]
    differs: list[str]
    charges: list[ChargeOut]
    outcome: OutcomeOut
    response: str
    disputed: list[str]
    sources: list[str]


class TestOut(_Out):
    test: str
    title: str
    result: TestResult
    reasons: list[str]
    citations: list[str]
    rules: list[str]
    missing_facts: list[str]


class RightOut(_Out):
    right: Literal["ICCPR-19", "ICCPR-20", "ICCPR-21"]
    title: str
    verdict: Verdict
    engaged_because: str
    summary: str
    tests: list[TestOut]
    threshold: TestResult | None = None


class AssessmentOut(_Out):
    verdict: Verdict
    summary: str
    missing_facts: list[str]
    rights: list[RightOut]


class PatternOut(_Out):
    """Acts like this one answered by other means than a speech charge, named as such."""

    response: str
    says: str
    cases: list[str]


class TraceOut(_Out):
    stage: str
    rule: str
    matched: list[str]
    concluded: str
    source: str | None


class Result(_Out):
    scenario: str | None
    title: str | None
    law_as_of: str
    act_date_given: bool
    law_notes: list[str]
    articles: list[ArticleOut]
    precedents: list[PrecedentOut]
    patterns: list[PatternOut]
    assessment: AssessmentOut
    trace: list[TraceOut]
    disclaimer: str = DISCLAIMER
