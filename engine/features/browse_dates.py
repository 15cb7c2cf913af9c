"""What a date means for a provision: in force or not, which version to show, and why.

A reader asking about a day the law did not cover (before the 2014 codes, after a repeal) must
still see a text and be told, in sentences, what that day means: repeal, its replacement, and
lex mitior. These are the browsing commands' only rules of law in time.
"""

from __future__ import annotations

import datetime as dt

from engine.features.browse_names import code_name
from engine.knowledge.base import KnowledgeBase
from engine.model.base import Frozen
from engine.model.dates import CODES_START
from engine.model.ids import ProvisionRef
from engine.model.provision import Provision, Version


class Replacement(Frozen):
    code: str
    article: str
    title: str | None  # None where the replacement has no provision file
    in_force_on_date: bool | None


def span(frm: str, to: str | None) -> str:
    """A version's time in force, as the notices and the versions table both say it."""
    return f"{frm} to {to}" if to else f"from {frm}"


def in_force(p: Provision, day: dt.date) -> bool:
    """A repeal ends a provision even where a version's dates run on, so both are asked."""
    if p.repealed is not None and p.repealed.on <= day:
        return False
    return p.version_on(day) is not None


def shown_version(p: Provision, day: dt.date) -> Version:
    """The version in force on the day, or else the nearest one, so the reader still sees the text."""
    ordered = sorted(p.versions, key=lambda v: v.in_force.from_)
    current = p.version_on(day)
    if current is not None:
        return current
    before = [v for v in ordered if v.in_force.from_ <= day]
    return before[-1] if before else ordered[0]


def replaced_by_ref(text: str | None) -> ProvisionRef | None:
    """A repeal's `replaced_by`, as the rule file spells it (`administrative 73-3`), as a reference;
    None for anything else, which is then shown as written. The one place that reads the field."""
    try:
        return ProvisionRef.from_spelled(text) if text else None
    except ValueError:
        return None


def replacement(kb: KnowledgeBase, text: str | None, day: dt.date) -> Replacement | None:
    """The provision a repeal names, looked up so the reader can follow it."""
    ref = replaced_by_ref(text)
    if ref is None:
        return None
    target = kb.provision(ref.code, ref.article)
    return Replacement(
        code=ref.code,
        article=ref.article,
        title=target.title if target else None,
        in_force_on_date=in_force(target, day) if target else None,
    )


def notices(kb: KnowledgeBase, p: Provision, day: dt.date, shown: Version | None) -> list[str]:
    """What the date means for this provision, in sentences a reader may quote."""
    name = f"{code_name(p.code)} Art. {p.article}"
    out: list[str] = []
    rep = p.repealed
    if rep is not None and rep.on <= day:
        out.append(f"{name} is not in force on {day.isoformat()}: it was repealed on {rep.on.isoformat()} by {rep.by}.")
        target = replacement(kb, rep.replaced_by, day)
        if target is not None:
            tname = f"{code_name(target.code)} Art. {target.article}"
            title = f" ({target.title})" if target.title else " (no provision file)"
            live = ""
            if target.in_force_on_date is not None:
                live = f"; it is {'' if target.in_force_on_date else 'not '}in force on that date"
            out.append(f"Such acts now fall under {tname}{title}{live}.")
        elif rep.replaced_by:
            out.append(f"Replaced by {rep.replaced_by}.")
        if p.code == "criminal":
            later = f"; {code_name(target.code)} Art. {target.article} does not reach back to them" if target else ""
            out.append(
                "A later milder criminal law applies to earlier acts (lex mitior): an act committed before "
                f"{rep.on.isoformat()} that this article covered is no longer criminal under it{later}, since a "
                "new offence applies only to acts committed after it took effect."
            )
    elif day < CODES_START:
        out.append(
            f"{day.isoformat()} is before 1 January 2015, when the current Criminal Code and Code of "
            "Administrative Offences took effect; the earlier codes are not encoded."
        )
    elif shown is None or not shown.in_force.covers(day):
        first = min(v.in_force.from_ for v in p.versions)
        if day < first:
            out.append(
                f"{name} is not in force on {day.isoformat()}: its first version took effect on {first.isoformat()}."
            )
        else:
            out.append(f"No encoded version of {name} is in force on {day.isoformat()}.")
    if shown is not None and not shown.in_force.covers(day):
        to = shown.in_force.to.isoformat() if shown.in_force.to else None
        out.append(
            f"The parts shown are those of version {shown.label} "
            f"(in force {span(shown.in_force.from_.isoformat(), to)}), for reference."
        )
    if shown is not None and not shown.verified:
        out.append(f"Version {shown.label} is not verified: its text and figures come from secondary sources.")
    return out
