"""The international standards (ICCPR 19(3), 20(2) with Rabat, 21) and the definition rules.

Each test step is a list of rules; each rule concludes pass or fail for its step, with a
reason and the paragraphs it rests on. A step no rule concludes stays "uncertain" and names
the scenario facts (`needs`) whose absence left it open. A rule may override others by id
(as Catala's exceptions do); two conclusions that disagree and do not override each other are
reported as a conflict, not silently resolved.
"""

from typing import Annotated, Literal

from pydantic import Field, model_validator

from engine.model.base import Strict
from engine.model.conditions import Condition
from engine.model.sources import SourceRef

RightId = Literal["ICCPR-19", "ICCPR-20", "ICCPR-21"]
RuleId = Annotated[str, Field(pattern=r"^[a-z0-9_.\-]+$")]


class Citation(Strict):
    """A paragraph of a standard: `{doc: GC34, para: "35"}`."""

    doc: str
    para: str | None = None

    def passage(self) -> str | None:
        """The place within the document, as kzlex writes it: `para 25`, `Art. 20(2)`."""
        if not self.para:
            return None
        return self.para if self.para.startswith("Art.") else f"para {self.para}"

    def label(self) -> str:
        passage = self.passage()
        return f"{self.doc} {passage}" if passage else self.doc

    def order(self) -> tuple[str, int, str]:
        """Reading order: by document, then paragraph number (`35` before `50-52`); an article
        of the Covenant or a whole document sorts by its label."""
        if not self.para or self.para.startswith("Art."):
            return self.label(), 0, ""
        digits = "".join(ch for ch in self.para.split("-")[0] if ch.isdigit())
        return self.doc, int(digits) if digits else 0, self.para


class TestRule(Strict):
    id: RuleId
    result: Literal["pass", "fail", "uncertain"]  # uncertain: the step turns on a fact not given
    when: Condition
    reason: str
    citations: Annotated[list[Citation], Field(min_length=1)]
    overrides: list[RuleId] = []


class Test(Strict):
    id: Annotated[str, Field(pattern=r"^[a-z_]+$")]
    title: str
    question: str
    citations: Annotated[list[Citation], Field(min_length=1)]
    needs: list[str] = []  # scenario fields whose absence leaves this step uncertain
    rules: Annotated[list[TestRule], Field(min_length=1)]


def threshold_test(right: str) -> str:
    """The test a standard's combined threshold concludes: `ICCPR-20.threshold`."""
    return f"{right}.threshold"


class Threshold(Strict):
    """How a right's factors combine into one threshold (Rabat), written beside its source."""

    requires: Annotated[list[str], Field(min_length=1)]  # factors that must each be met
    weighs: list[str] = []  # factors weighed within the required ones, never a veto on their own
    reason: str
    citations: Annotated[list[Citation], Field(min_length=1)]


class Standard(Strict):
    right: RightId
    title: str
    source: SourceRef
    engaged_when: Condition
    engaged_because: str
    # A step that decides first (GC37 para 11): if it passes, the conduct is outside the right.
    scope_test: str | None = None
    threshold: Threshold | None = None
    tests: Annotated[list[Test], Field(min_length=1)]

    @model_validator(mode="after")
    def _names_its_own_tests(self) -> "Standard":
        ids = {t.id for t in self.tests}
        named = [self.scope_test] if self.scope_test else []
        if self.threshold is not None:
            named += self.threshold.requires + self.threshold.weighs
        unknown = sorted(n for n in named if n not in ids)
        if unknown:
            raise ValueError(f"scope_test/threshold name steps this standard does not have: {', '.join(unknown)}")
        return self


class Definition(Strict):
    """A fact the codes derive from plain facts, e.g. a Facebook post uses a telecom network."""

    id: RuleId
    derives: Annotated[str, Field(pattern=r"^[a-z_]+$")]
    says: str
    when: Condition
    source: SourceRef


class Definitions(Strict):
    definitions: Annotated[list[Definition], Field(min_length=1)]
