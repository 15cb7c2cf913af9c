"""The result of `kzlex check`: the JSON contract of issue 2, as models.

Keys named in the contract (law_as_of, articles[code, article, part, title, penalty,
elements_met, elements_missing, precedents], precedents[id, similarity, shared, differs,
charges, outcome], assessment{verdict, rights[right, verdict, tests[test, result, reasons,
citations]]}, trace) may never be renamed or dropped; new keys may be added.
"""

from typing import Literal

from pydantic import PrivateAttr

from engine.model.base import Frozen
from engine.model.ids import RuleInfo

Verdict = Literal["violation", "permissible", "uncertain"]
# A right's own verdict: Art. 20(2) is never violated by a sanction; its threshold is reached
# (a restriction can rest on it), "not_reached" (it gives no ground), or uncertain.
RightVerdict = Literal["violation", "permissible", "uncertain", "not_reached"]
TestResult = Literal["pass", "fail", "uncertain"]

DISCLAIMER = (
    "kzlex gives advice about legal risk and rights, not a verdict or a prediction of what a court will decide."
)


class ElementOut(Frozen):
    id: str
    says: str
    met: bool
    unknown_facts: list[str]


class ArticleOut(Frozen):
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


class ChargeOut(Frozen):
    code: str
    article: str | None
    part: str | None
    note: str | None = None


class OutcomeOut(Frozen):
    status: str
    sanction: str | None
    decided: str | None
    summary: str | None


class PrecedentOut(Frozen):
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


class TestOut(Frozen):
    test: str
    title: str
    result: TestResult
    reasons: list[str]
    citations: list[str]
    rules: list[str]
    missing_facts: list[str]


class RightOut(Frozen):
    right: Literal["ICCPR-19", "ICCPR-20", "ICCPR-21"]
    title: str
    verdict: RightVerdict
    engaged_because: str
    summary: str
    tests: list[TestOut]
    threshold: TestResult | None = None


class PresumedOut(Frozen):
    """A fact the scenario leaves out that a sourced presumption fills (never a guess)."""

    field: str
    presumed: str  # what is presumed, in words
    source: str  # the paragraph the presumption rests on


class ProvisionAssessmentOut(Frozen):
    """Would a sanction under this one provision (its aim, labels and penalty) be compatible?

    `provision` is empty for the act assessed alone, when no encoded provision reaches it.
    """

    provision: str  # "CC 174(1)", "CAO 488(7)", or "" for the act alone
    code: Literal["criminal", "administrative"] | None
    article: str | None
    part: str | None
    status: str | None  # the law stage's status: applies or possible
    verdict: Verdict
    summary: str
    missing_facts: list[str]  # facts the verdict turns on (when uncertain)
    rests_on: list[str]  # given facts the verdict rests on, as `field = value`
    presumed: list[PresumedOut]
    rights: list[RightOut]


class AssessmentOut(Frozen):
    verdict: Verdict
    summary: str
    missing_facts: list[str]
    rights: list[RightOut]  # the rights as assessed for the first provision in `concerns`
    concerns: list[str] = []  # the provisions the overall verdict concerns; [] for the act alone
    rests_on: list[str] = []
    presumed: list[PresumedOut] = []
    provisions: list[ProvisionAssessmentOut] = []


class PatternOut(Frozen):
    """Acts like this one answered by other means than a speech charge, named as such."""

    response: str
    says: str
    cases: list[str]


_TRACE_FIELDS = frozenset({"stage", "rule", "matched", "concluded", "source"})


class TraceOut(Frozen):
    """One rule that fired. The four strings are for people; what code needs is kept as data
    beside them (`about`, `fields_read`), outside the JSON, so no reader parses the text back."""

    stage: str
    rule: str
    matched: list[str]
    concluded: str
    source: str | None
    _about: RuleInfo | None = PrivateAttr(default=None)
    _fields_read: frozenset[str] = PrivateAttr(default=frozenset())

    @classmethod
    def of(
        cls,
        stage: str,
        about: RuleInfo | None,
        rule: str,
        matched: list[str],
        concluded: str,
        fields_read: frozenset[str],
    ) -> "TraceOut":
        # A run makes some ninety lines from the engine's own strings: built as `model_construct`
        # builds a model (no validation), without its per-call default resolution, which cost more
        # than the rest of the trace.
        line = cls.__new__(cls)
        fields = {"stage": stage, "rule": rule, "matched": matched, "concluded": concluded}
        object.__setattr__(line, "__dict__", {**fields, "source": about.source if about else None})
        object.__setattr__(line, "__pydantic_fields_set__", _TRACE_FIELDS)
        object.__setattr__(line, "__pydantic_extra__", None)
        object.__setattr__(line, "__pydantic_private__", {"_about": about, "_fields_read": fields_read})
        return line

    @property
    def about(self) -> RuleInfo | None:
        """What the rule is about (its provision, version, part, element), as recorded when it was built."""
        return self._about

    @property
    def fields_read(self) -> frozenset[str]:
        """The scenario fields whose values the rule matched (`content.themes`, `date`)."""
        return self._fields_read


class Result(Frozen):
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
