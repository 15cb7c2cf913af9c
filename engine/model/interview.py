"""The questions `kzlex ask` puts, as rules/features/interview.yaml writes them.

The words of each question and the note on why it matters legally are data: they live beside the
rules they cite, where a reviewer corrects them without reading Python, and `kzlex validate`
checks each field and choice against the scenario contract (engine/knowledge/feature_files.py).
How the answers are read and put together is code (engine/features/interview.py).
"""

from __future__ import annotations

from typing import Any, Literal

from pydantic import Field, model_validator

from engine.model.base import Strict
from engine.model.dates import EARLIEST_DATE, LATEST_DATE
from engine.model.fields import named_values

Kind = Literal["choice", "choices", "bool", "count", "date", "text", "slug"]

UNKNOWN = "unknown"  # every question but `act` may be left unsaid; the field is then left out
ALL = "all"  # `choices: all`: every value the field's enum declares, in its order
# Questions that are no field but open a block: a claim (asked again for each), or the gathering.
GATES = ("claims?", "claim.more?", "assembly?")


def numbered(choices: tuple[str, ...]) -> str:
    """`1 post, 2 repost, ...`: a choice may be answered by its number."""
    return ", ".join(f"{n} {c}" for n, c in enumerate(choices, 1))


def _pairs(value: Any) -> Any:
    """`{context.removed: false}` as the pairs the model keeps: a mapping reads best in the file."""
    return tuple(value.items()) if isinstance(value, dict) else value


class Question(Strict):
    field: str  # the dotted scenario field, or a gate (GATES)
    ask: str
    kind: Kind
    why: str  # why the fact matters legally, cited as a reader would look it up
    choices: tuple[str, ...] = ()
    default: str = UNKNOWN  # what an empty answer means, as the user would type it
    section: Literal["claim", "assembly"] | None = None  # asked only inside that block
    # Not asked when an earlier answer makes it unreadable: (field, value) pairs, any of which
    # skips the question. Each is checked against the rules in tests/test_ask_flow.py.
    skip_if: tuple[tuple[str, bool | str], ...] = ()
    # The default is "yes" when an earlier answer is one of these: (field, values) pairs.
    default_yes_if: tuple[tuple[str, tuple[str, ...]], ...] = ()

    @model_validator(mode="before")
    @classmethod
    def _from_file(cls, data: Any) -> Any:
        """`choices: all` (less `leave_out`) becomes the field's values; mappings become pairs."""
        if not isinstance(data, dict):
            return data
        data = dict(data)
        leave_out = data.pop("leave_out", [])
        if data.get("choices") == ALL:
            values = named_values(str(data.get("field")))
            if not values:
                raise ValueError(f"choices: all needs a field with named values; '{data.get('field')}' has none")
            if not isinstance(leave_out, list) or any(v not in values for v in leave_out):
                raise ValueError(f"leave_out: give values of {data.get('field')} ({', '.join(values)})")
            data["choices"] = tuple(v for v in values if v not in leave_out)
        elif leave_out:
            raise ValueError("leave_out goes with choices: all")
        for key in ("skip_if", "default_yes_if"):
            data[key] = _pairs(data.get(key, ()))
        return data

    def allowed(self) -> str:
        """The answers this question takes, as the prompt shows them; choices carry their numbers."""
        if self.kind == "bool":
            return "yes, no" + ("" if self.field.endswith("?") else ", unknown")
        if self.kind == "choice":
            return numbered(self.choices) + ("" if self.field == "act" else f", or {UNKNOWN}")
        if self.kind == "choices":
            return (
                f"one or more of {numbered(self.choices)}, separated by commas (names or numbers); none; or {UNKNOWN}"
            )
        if self.kind == "count":
            return f"a whole number (e.g. 506), or {UNKNOWN}"
        if self.kind == "date":
            return (
                f"a date, 2024-03-15 or 15.03.2024 (day first), between {EARLIEST_DATE.isoformat()} and "
                f"{LATEST_DATE.isoformat()}; or {UNKNOWN}"
            )
        if self.kind == "slug":
            return f"lowercase letters, digits and hyphens (e.g. ridder-poll), or {UNKNOWN}"
        return f"one line of text, or {UNKNOWN}"


class Questions(Strict):
    """rules/features/interview.yaml: the questions in the order they are put."""

    questions: tuple[Question, ...] = Field(min_length=1)
