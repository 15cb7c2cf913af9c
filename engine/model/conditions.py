"""The condition language that rule files are written in, and its reduction to conjunctions.

A condition is a small YAML mapping a lawyer can read (`{fact: reach.public, is: true}`).
Every condition reduces to a disjunction of conjunctions of atoms; each conjunction becomes
one durable_rules rule. We expand disjunctions ourselves instead of using `$or`, because
`$or` fires its action once per true disjunct (see ../shared/reference/durable-rules.md).
"""

import itertools
from typing import Annotated, Any, Literal

from pydantic import Field, StrictBool, StrictInt, model_validator

from engine.model.base import Strict

Scalar = StrictBool | StrictInt | str

MAX_CONJUNCTIONS = 64  # a condition that expands further is a drafting error, not a rule


class FactCond(Strict):
    """A scenario fact: `is` one value, `any_of` a list, or a number `at_least`/`at_most`."""

    fact: str
    is_: Annotated[Scalar | None, Field(alias="is")] = None
    any_of: Annotated[list[Scalar], Field(min_length=1)] | None = None  # [] would compile to no rule at all
    none_of: Annotated[list[Scalar], Field(min_length=1)] | None = None
    at_least: StrictInt | None = None
    at_most: StrictInt | None = None

    @model_validator(mode="after")
    def _one_test(self) -> "FactCond":
        tests = [self.is_, self.any_of, self.none_of, self.at_least, self.at_most]
        if sum(t is not None for t in tests) != 1:
            raise ValueError(f"condition on '{self.fact}' needs exactly one of is, any_of, none_of, at_least, at_most")
        return self


class UnknownCond(Strict):
    """A scenario field the scenario does not give: lets a rule say "this turns on X"."""

    unknown: str


class DerivedCond(Strict):
    """A fact derived by a definition rule (e.g. `telecom_network`)."""

    derived: str


class ArticleCond(Strict):
    """A provision found to apply in the law stage (for the ICCPR stage)."""

    article: str
    code: Literal["criminal", "administrative"] | None = None


class FlagCond(Strict):
    """A flag carried by an applicable provision (e.g. `vague`, `incitement`)."""

    flag: str


class PenaltyCond(Strict):
    """An applicable part carries a custodial penalty of this kind."""

    penalty: Literal["prison", "arrest", "custodial", "non_custodial_only"]


class LawCond(Strict):
    """What the law stage found for the provision assessed: `any_article` (one is assessed),
    `no_article` (the act alone, no encoded provision), its code, `pre_2015` ..."""

    law: Literal["any_article", "no_article", "pre_2015", "decriminalised", "criminal", "administrative"]


class TestCond(Strict):
    """The result of another ICCPR test step, e.g. a Rabat factor."""

    test: str
    result: Literal["pass", "fail"]


class AnyCond(Strict):
    any: Annotated[list["Condition"], Field(min_length=1)]


class AllCond(Strict):
    all: Annotated[list["Condition"], Field(min_length=1)]


Atom = FactCond | UnknownCond | DerivedCond | ArticleCond | FlagCond | PenaltyCond | LawCond | TestCond
Condition = (
    FactCond | UnknownCond | DerivedCond | ArticleCond | FlagCond | PenaltyCond | LawCond | TestCond | AnyCond | AllCond
)


def expand(cond: Condition) -> list[list[Atom]]:
    """Disjunctive normal form: a list of alternatives, each a list of atoms that must all hold.

    `any_of` on a fact becomes one alternative per value, so that each rule tests equality
    only; `none_of` stays one atom (it compiles to a chain of `$neq`).
    """
    if isinstance(cond, AnyCond):
        out = [conj for sub in cond.any for conj in expand(sub)]
    elif isinstance(cond, AllCond):
        parts = [expand(sub) for sub in cond.all]
        out = [[a for conj in combo for a in conj] for combo in itertools.product(*parts)]
    elif isinstance(cond, FactCond) and cond.any_of is not None:
        out = [[FactCond.model_validate({"fact": cond.fact, "is": v})] for v in cond.any_of]
    else:
        out = [[cond]]
    if len(out) > MAX_CONJUNCTIONS:
        raise ValueError(f"condition expands to {len(out)} alternatives (limit {MAX_CONJUNCTIONS})")
    return out


def atoms(cond: Condition) -> list[Atom]:
    """Every atom mentioned anywhere in a condition, for validation and for naming facts."""
    if isinstance(cond, AnyCond):
        return [a for sub in cond.any for a in atoms(sub)]
    if isinstance(cond, AllCond):
        return [a for sub in cond.all for a in atoms(sub)]
    return [cond]


def describe(cond: Condition) -> str:
    """A plain-words rendering of a condition, for traces and `kzlex article`."""
    if isinstance(cond, AnyCond):
        return " or ".join(f"({describe(c)})" if isinstance(c, AllCond) else describe(c) for c in cond.any)
    if isinstance(cond, AllCond):
        return " and ".join(f"({describe(c)})" if isinstance(c, AnyCond) else describe(c) for c in cond.all)
    if isinstance(cond, FactCond):
        if cond.is_ is not None:
            return f"{cond.fact} is {_show(cond.is_)}"
        if cond.any_of is not None:
            return f"{cond.fact} is one of {', '.join(_show(v) for v in cond.any_of)}"
        if cond.none_of is not None:
            return f"{cond.fact} is none of {', '.join(_show(v) for v in cond.none_of)}"
        if cond.at_least is not None:
            return f"{cond.fact} is at least {cond.at_least:,}"
        return f"{cond.fact} is at most {cond.at_most:,}"
    if isinstance(cond, DerivedCond):
        return cond.derived.replace("_", " ")
    if isinstance(cond, UnknownCond):
        return f"{cond.unknown} is not given"
    if isinstance(cond, ArticleCond):
        return f"{cond.code or 'any'} code Art. {cond.article} applies"
    if isinstance(cond, FlagCond):
        return f"an applicable provision is {cond.flag}"
    if isinstance(cond, PenaltyCond):
        return f"an applicable part carries {cond.penalty}"
    if isinstance(cond, LawCond):
        return f"law stage: {cond.law.replace('_', ' ')}"
    return f"{cond.test} is {cond.result}"


def _show(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)
