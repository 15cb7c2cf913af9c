"""A law reform as data (`rules/reforms/NAME.yaml`): changes to provisions, each with why and who recommends it.

Applying one is `engine.features.reform`; this module only says what a reform file may hold.
"""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import Field, model_validator

from engine.model.base import Strict
from engine.model.conditions import Condition
from engine.model.ids import ProvisionRef
from engine.model.provision import PartId
from engine.model.sources import SourceRef


class NewElement(Strict):
    """An element that takes the place of one a provision has (`replaces`, default: same id)."""

    replaces: Annotated[str, Field(pattern=r"^[a-z0-9_]+$")] | None = None
    id: Annotated[str, Field(pattern=r"^[a-z0-9_]+$")]
    says: str
    when: Condition

    @property
    def target(self) -> str:
        return self.replaces or self.id


class LawChange(Strict):
    """One change to one provision, with why it is made and who recommends it."""

    provision: Annotated[str, Field(pattern=r"^(criminal|administrative) [0-9]+(-[0-9]+)?$")]
    action: Literal["repeal", "drop_parts", "replace_elements"]
    why: str
    source: SourceRef
    also: list[SourceRef] = []  # further sources for the same recommendation
    parts: list[PartId] = []  # drop_parts: the parts that go (with the parts that aggravate them)
    elements: list[NewElement] = []  # replace_elements: the new elements
    drop_flags: list[str] = []  # properties the change removes (e.g. `vague` once clarified)

    @model_validator(mode="after")
    def _fits_action(self) -> LawChange:
        if self.action == "drop_parts" and not self.parts:
            raise ValueError("drop_parts needs `parts`: the ids of the parts that go")
        if self.action == "replace_elements" and not self.elements:
            raise ValueError("replace_elements needs `elements`: the new elements")
        if self.action != "drop_parts" and self.parts:
            raise ValueError(f"`parts` belongs to drop_parts, not {self.action}")
        if self.action != "replace_elements" and self.elements:
            raise ValueError(f"`elements` belongs to replace_elements, not {self.action}")
        return self

    @property
    def ref(self) -> ProvisionRef:
        return ProvisionRef.from_spelled(self.provision)

    @property
    def code(self) -> str:
        return self.ref.code

    @property
    def article(self) -> str:
        return self.ref.article

    @property
    def sources(self) -> list[SourceRef]:
        return [self.source, *self.also]


class Reform(Strict):
    """A named set of changes: `rules/reforms/NAME.yaml`."""

    title: str
    summary: str
    changes: Annotated[list[LawChange], Field(min_length=1)]
