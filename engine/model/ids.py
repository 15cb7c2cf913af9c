"""The identifiers of provisions, parts and compiled rules: built in one place, never parsed back.

A provision used to travel in five spellings (`kz.cc.174`, `("criminal", "174")`,
`"criminal 174"`, `CC 174(2)`, ...) and rule ids were rebuilt in one module and split by regex in
another. Each spelling is now a property of one typed reference, and what a compiled rule is
about (its provision, version, part, element) travels with it as a `RuleInfo`, so rewording a
trace line or a rule id cannot silently change what `whatif` or a reform explains.

Parsing is only for what a person types (`kzlex article CC 174(2)`) or what a reform file holds
(`provision: criminal 174`): input, not kzlex's own output.
"""

from __future__ import annotations

import re
from typing import Literal, NamedTuple

Code = Literal["criminal", "administrative"]
RuleKind = Literal["definition", "element", "part", "defence", "engaged", "step", "threshold"]

_KEY_CODE: dict[Code, str] = {"criminal": "cc", "administrative": "ac"}
_CITE_CODE: dict[Code, str] = {"criminal": "CC", "administrative": "CAO"}
_SPELLED = re.compile(r"^(criminal|administrative) ([0-9]+(?:-[0-9]+)?)$")


class ProvisionRef(NamedTuple):
    """One article of one code."""

    code: Code
    article: str

    @property
    def key(self) -> str:
        """The rule files' and rulesets' id: `kz.cc.174`, `kz.ac.73-3`."""
        return f"kz.{_KEY_CODE[self.code]}.{self.article}"

    @property
    def cite(self) -> str:
        """As kzlex writes it for people: `CC 174`, `CAO 73-3`."""
        return f"{_CITE_CODE[self.code]} {self.article}"

    @property
    def spelled(self) -> str:
        """As a reform file names it: `criminal 174`."""
        return f"{self.code} {self.article}"

    @classmethod
    def from_spelled(cls, text: str) -> ProvisionRef:
        """`criminal 174` (a reform file's `provision:`, validated by its pattern) -> the reference."""
        match = _SPELLED.match(text)
        if match is None:
            raise ValueError(f"'{text}' is not 'criminal NNN' or 'administrative NNN'")
        code: Code = "criminal" if match[1] == "criminal" else "administrative"
        return cls(code, match[2])

    def part(self, number: str | None) -> PartRef:
        return PartRef(self, number)


class PartRef(NamedTuple):
    """One numbered part of a provision (None: an article without parts)."""

    provision: ProvisionRef
    number: str | None

    @property
    def cite(self) -> str:
        """`CC 174(2)`; `CAO 73-3` for an article without parts."""
        return self.provision.cite + (f"({self.number})" if self.number else "")


def abbreviation(code: str) -> str:
    """`CC` or `CAO`, as kzlex names the two codes."""
    return _CITE_CODE["criminal" if code == "criminal" else "administrative"]


def cite(code: str, article: str, part: str | None = None) -> str:
    """`CC 174(2)` from the parts a result carries (its `code` is one of the two codes)."""
    ref = ProvisionRef("criminal" if code == "criminal" else "administrative", article)
    return ref.part(part).cite


def at_version(part_id: str, version: str) -> str:
    """A part as it stood in one version of the law, the id its rules conclude: `kz.cc.174.1@2015`."""
    return f"{part_id}@{version}"


class RuleInfo(NamedTuple):
    """What one compiled rule is about, recorded when the rule is built.

    `provision` and `version` are set for the rules of a provision (elements, parts, defences);
    `part` is the part's id and `element` the element's, where the rule concludes one.
    """

    id: str
    kind: RuleKind
    provision: str | None = None  # `kz.cc.174`
    version: str | None = None  # the version's label, `2015`
    part: str | None = None  # `kz.cc.174.2`
    element: str | None = None
    source: str | None = None  # the source shown in the trace

    @property
    def part_at_version(self) -> str | None:
        return at_version(self.part, self.version) if self.part and self.version else None
