"""The questions `kzlex ask` puts, what each answer may be, and the scenario file they make.

Pure: no input, no output. The command feeds answers in one at a time (`Interview.answer`),
and gets back either the next question or a message saying what is allowed. The questions run
in the order of SCENARIO_FORMAT.md, so the saved file reads like the contract. Each question
carries a note on why the fact matters legally, cited as a reader would look it up ("CC Art. 174",
"GC34 para 47", "Amnesty 2017"); `readers` adds, from the rules themselves, which provisions and
ICCPR tests actually read the field.

`Interview` keeps every answer as typed, so it can go back one question (`back`) or change one
answer from the review (`revise`) by replaying the others: the answers after a changed one are
kept where the same question is put again.
"""

from __future__ import annotations

import copy
import datetime as dt
import difflib
import re
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any, Literal

import yaml

from engine.knowledge.base import KnowledgeBase
from engine.model.conditions import Condition, DerivedCond, FactCond, atoms
from engine.model.dates import EARLIEST_DATE, LATEST_DATE, in_scope, typed_day
from engine.model.errors import control_pattern
from engine.model.scenario import (
    MAX_SUMMARY,
    Act,
    CallTo,
    Form,
    Platform,
    Role,
    SanctionKind,
    Target,
    Theme,
)

Kind = Literal["choice", "choices", "bool", "count", "date", "text", "slug"]

UNKNOWN = "unknown"  # every question but `act` may be left unsaid; the field is then left out
YES = ("yes", "y", "true")
NO = ("no", "n", "false")


@dataclass(frozen=True)
class Question:
    field: str  # the dotted scenario field, or a gate: "claims?", "claim.more?", "assembly?"
    ask: str
    kind: Kind
    why: str
    choices: tuple[str, ...] = ()
    default: str = UNKNOWN  # what an empty answer means, as the user would type it
    section: str | None = None  # "claim" or "assembly": asked only inside that block
    # Not asked when an earlier answer makes it unreadable: (field, value) pairs, any of which
    # skips the question. Each is checked against the rules in tests/test_ask_flow.py.
    skip_if: tuple[tuple[str, Any], ...] = ()

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


def numbered(choices: tuple[str, ...]) -> str:
    """`1 post, 2 repost, ...`: a choice may be answered by its number."""
    return ", ".join(f"{n} {c}" for n, c in enumerate(choices, 1))


def _values(enum: type[StrEnum], *, leave_out: tuple[str, ...] = ()) -> tuple[str, ...]:
    """An enum's values in the order SCENARIO_FORMAT.md lists them (the model declares them so)."""
    return tuple(m.value for m in enum if m.value not in leave_out)


QUESTIONS: tuple[Question, ...] = (
    Question("id", "A short name for this scenario (used as its file name)", "slug",
             "Only a label: the law does not read it."),
    Question("title", "A title for reports", "text", "Only a label: the law does not read it."),
    Question("date", "When was it done? (left out: the law in force today is applied)", "date",
             "The date picks the text of the law in force: the current Criminal Code took effect on "
             "1 January 2015, and articles changed since (defamation, CC Art. 130, was repealed in 2020)."),
    Question("act", "What was the act?", "choice",
             "The form of the act decides which articles can reach it: a call to a gathering can engage "
             "CC Art. 400 and CAO Art. 488, which cover assisting an assembly by \"means of communication\".",
             choices=_values(Act), default="post"),
    Question("platform", "Where was it published or done?", "choice",
             "Every platform but print, tv_radio, offline and unknown counts as a telecommunications network. "
             "That is one of the means of CC Art. 174 part 1, and it aggravates CC Arts 179, 180, 256 and 274 "
             "(part 2) and insult under CC Art. 131 (part 2).",
             choices=_values(Platform, leave_out=(UNKNOWN,))),
    Question("reach.public", "Could anyone see it (not only a closed circle)?", "bool",
             "CC Art. 174 part 1 requires acts committed publicly or through mass media or telecom networks; "
             "public insult is the heavier part 2 of CC Art. 131. The extent of the speech act is a Rabat "
             "factor (A/HRC/55/47 para 21)."),
    Question("reach.audience", "How many followers, views or members did it reach?", "count",
             "The extent of the speech act is one of the six Rabat factors (A/HRC/55/47 para 21)."),
    Question("speaker.role", "Who is the speaker?", "choice",
             "Journalism includes bloggers and others who self-publish (GC34 para 44); national security "
             "laws may not be used to prosecute journalists, activists or defenders for disseminating "
             "information of public interest (GC34 para 30).",
             choices=_values(Role)),
    Question("speaker.leads_public_association", "Does the speaker lead a public association?", "bool",
             "The leader of a public association faces part 2 of CC Arts 174, 179 and 180."),
    Question("speaker.official_position", "Did the speaker act in an official position?", "bool",
             "An official using their position faces part 2 of CC Arts 174, 179, 180 and 274."),
    Question("speaker.repeat", "Has the speaker done the same before?", "bool",
             "Acting repeatedly aggravates CC Art. 174 (part 2); a repeat within a year raises the penalties of "
             "CAO Art. 488 (parts 4, 10-12)."),
    Question("speaker.with_others", "Did the speaker act together with others, by prior agreement?", "bool",
             "A group or prior conspiracy aggravates CC Arts 174, 179, 180 and 274 (part 2); Narymbayev and "
             "Mambetalin were convicted of \"prior collusion\" under CC Art. 174 part 2 (ODF 2016)."),
    Question("authorship", "Who wrote it?", "choice",
             "Mere distribution or circulation of material is not \"advocacy\" under the Rabat test "
             "(A/HRC/55/47 para 21(c)); yet users have been told they answer for others' \"extremist\" "
             "comments on their pages under CC Art. 183 (ODF 2016).",
             choices=("own", "shared", "third_party")),
    Question("stance", "Toward the content shared, the speaker...", "choice",
             "Intent is a Rabat factor and needs more than negligence or recklessness (A/HRC/55/47 para 21); "
             "in practice, posting an excerpt while criticising it did not prevent a conviction under "
             "CC Art. 174 (Mambetalin, ODF 2016).",
             choices=("endorses", "neutral", "criticises")),
    Question("content.summary", "Describe the content in one line", "text",
             "Shown in reports as given; the rules read the structured answers, not these words."),
    Question("content.text", "The exact words, if known (one line)", "text",
             "Shown in reports as given; the rules read the structured answers, not these words."),
    Question("content.language", "Language of the content", "choice",
             "Recorded for the file; no encoded rule reads it (the theme \"language\" is asked below).",
             choices=("ru", "kk", "en", "other")),
    Question("content.themes", "What is it about?", "choices",
             "Ethnicity, national honour, religion, social class, clan or language can reach CC Art. 174 as "
             "applied: Blyalov was convicted under part 1 for posts criticising Russia's policy towards "
             "Ukraine (ODF 2016). Secession can reach CC Art. 180: Sychev, five years for a VKontakte poll.",
             choices=_values(Theme)),
    Question("content.calls_to", "What does it call people to do?", "choices",
             "States must prohibit advocacy of hatred that constitutes incitement to discrimination, "
             "hostility or violence (ICCPR Art. 20(2), as Amnesty 2017 sets it out); without such a "
             "call the Rabat threshold is not reached. \"none\": it calls for nothing.",
             choices=_values(CallTo, leave_out=("none",))),
    Question("content.targets", "Whom is it aimed at?", "choices",
             "Art. 20(2) protects national, racial and religious groups; in the Bokaev and Ayan case the "
             "court treated \"the authorities\" as a social group under CC Art. 174 (Amnesty 2017).",
             choices=_values(Target)),
    Question("content.insulting_terms", "Does it use derogatory words for a group or a person?", "bool",
             "Insult is humiliating another person's honour and dignity \"in an indecent form\" (CC Art. 131)."),
    Question("content.threat", "Does the speaker themself threaten violence against anyone?", "bool",
             "A threat of violence engages the rights of others and can be restricted (GC34 para 28); CC "
             "Art. 115 punishes threats of grave violence."),
    Question("content.form", "What form does it take?", "choice",
             "CC Art. 274 punishes knowingly false information; GC34 para 49 rules out a "
             "\"general prohibition of expressions of an erroneous opinion\".",
             choices=_values(Form)),
    Question("claims?", "Does it state something as fact that could be called false?", "bool",
             "CC Art. 274 and CAO Art. 456-2 turn on false information said to endanger public order or the "
             "rights of others.", default="no"),
    Question("content.claims.text", "The statement, in one line", "text",
             "Shown as given; the rules read whether it is false and what harm is alleged.", section="claim"),
    Question("content.claims.verified", "Is it true?", "choice",
             "CC Art. 274 requires the information to be knowingly false; \"unknown\" leaves that element "
             "open.", choices=("true", "false"), section="claim"),
    Question("content.claims.knowledge", "Did the speaker know it was false?", "choice",
             "Untrue statements made in error without malice are treated differently from knowingly false "
             "ones; only a proportionate, non-custodial response to a knowingly false statement about a "
             "person can be compatible (GC34 para 47).", choices=("knew_false", "believed_true"), section="claim"),
    Question("content.claims.harm_alleged", "What harm do the authorities say it caused?", "choice",
             "CC Art. 274 part 1 needs a danger to public order or to the rights of others; major damage or "
             "grave consequences make it part 3.",
             choices=("none", "public_order", "rights_of_others", "major_damage", "grave_consequences"),
             section="claim"),
    Question("claim.more?", "Another statement of fact?", "bool", "Each statement is assessed on its own.",
             default="no", section="claim"),
    Question("content.imminent", "Does a call name a place and a time in the near future?", "bool",
             "Likelihood, including imminence, is one of the six Rabat factors (A/HRC/55/47 para 21)."),
    Question("assembly?", "Does the act concern a gathering (a rally, picket, march)?", "bool",
             "Online organising and spreading information about an upcoming assembly are protected by "
             "ICCPR Art. 21 (GC37 paras 33-34).", default="no"),
    Question("assembly.role", "The speaker's part in the gathering", "choice",
             "CC Art. 400 covers organising, holding, taking part in or assisting an unlawful assembly; "
             "CAO Art. 488 treats organisers and participants differently.",
             choices=("organiser", "participant", "supporter", "reporter"), section="assembly"),
    Question("assembly.notified", "Were the authorities told in advance?", "bool",
             "Failure to notify does not make participation unlawful and is no basis for arrest or criminal "
             "charges (GC37 para 71).", section="assembly"),
    Question("assembly.permission_refused", "Did the authorities refuse it, or not agree it?", "bool",
             "Before 2020 permission was needed and calling people to an event before it was granted was "
             "treated as unlawful (Prosecutor General, 25.12.2019); having to ask "
             "permission \"undercuts the idea that peaceful assembly is a basic right\" (GC37 para 70).",
             section="assembly"),
    Question("assembly.peaceful", "Was it peaceful?", "bool",
             "Art. 21 protects peaceful assemblies; there is a presumption of peacefulness, and isolated "
             "violence is not attributed to others (GC37 paras 15-20).", section="assembly"),
    Question("assembly.own_conduct", "Was the speaker's own conduct there peaceful, whatever others did?", "choice",
             "Peacefulness is judged person by person: isolated violence by others is not attributed to a "
             "peaceful participant (GC37 paras 17-19). Left out, it is presumed peaceful.",
             choices=("peaceful", "violent"), section="assembly"),
    Question("assembly.held", "Did it take place?", "bool",
             "Disseminating information about an upcoming event is protected whether or not it is held "
             "(GC37 para 33).", section="assembly"),
    Question("assembly.place_designated", "Was it at a place on the authorities' list of approved places?", "bool",
             "Local bodies designate \"specialised places\" (Law No. 333-VI, Art. 8(2)); assemblies may not be "
             "relegated to remote areas (GC37 para 55).", section="assembly"),
    Question("assembly.single_person", "Was it a one-person picket?", "bool",
             "Pickets are among the events the 2020 Law on peaceful assemblies regulates by notification "
             "(Law No. 333-VI).", section="assembly"),
    Question("context.complaint_by", "Who complained about it?", "choice",
             "Recorded for the file and shown in reports; no encoded rule reads it.",
             choices=("users", "officials", "company", "none")),
    Question("context.removed", "Was it taken down?", "bool",
             "Recorded for the file; the necessity test reads whether it came down quickly (asked next, if it did)."),
    Question("context.removed_quickly", "Within hours of complaints?", "bool",
             "A restriction must be the least intrusive instrument (GC34 para 34).",
             skip_if=(("context.removed", False),)),
    Question("context.tension", "What was going on at the time?", "choice",
             "Context is one of the six Rabat factors (A/HRC/55/47 para 21).",
             choices=("none", "protests", "armed_conflict_nearby", "emergency", "elections", "intercommunal_violence")),
    Question("sanction.kind", "What sanction was imposed or is contemplated?", "choice",
             "Whether a response is compatible can turn on it: imprisonment is never appropriate for "
             "defamation (GC34 para 47), while a proportionate, non-custodial measure may be.",
             choices=_values(SanctionKind)),
)  # fmt: skip

_SLUG = re.compile(r"^[a-z0-9-]+$")
# Refused in an answer: every control character but C1 (U+0080 to U+009F), which is not refused
# answer by answer: the scenario's own check refuses it when the answers are validated, with its message.
_CONTROL = control_pattern(allowed=r"\x80-\x9f")


class AnswerError(ValueError):
    """An answer this question does not take; the message says what it does take."""


def _name(text: str) -> str:
    """A choice as typed, as the file spells it: `Ordinary User` -> `ordinary_user`."""
    return re.sub(r"[\s_]+", "_", text.strip().lower())


def _choice(q: Question, text: str) -> str | None:
    """The choice a piece of an answer names, by name or by number; None when it names none."""
    name = _name(text)
    if name in q.choices:
        return name
    if name.isdigit() and 1 <= int(name) <= len(q.choices):
        return q.choices[int(name) - 1]
    return None


def _did_you_mean(q: Question, text: str) -> str:
    close = difflib.get_close_matches(_name(text), q.choices, n=1, cutoff=0.6)
    return f"did you mean {close[0]}? " if close else ""


def _date(text: str) -> dt.date:
    """ISO (2024-03-15) or the local day-first form (15.03.2024, 15/03/2024)."""
    try:
        return typed_day(text)
    except ValueError:
        raise AnswerError(f"'{text}' is not a date; give a date: 2024-03-15 or 15.03.2024 (day first)") from None


def parse(q: Question, raw: str) -> Any:
    """The value an answer gives the field: None to leave it out. Raises AnswerError."""
    text = raw.strip() or q.default
    low = text.lower()
    if low == UNKNOWN and q.field != "act" and not q.field.endswith("?"):
        return None
    if q.kind == "bool":
        if low in YES:
            return True
        if low in NO:
            return False
        raise AnswerError(f"answer {q.allowed()}")
    if q.kind == "choice":
        found = _choice(q, text)
        if found is not None:
            return found
        raise AnswerError(f"'{text}' is not one of the answers; {_did_you_mean(q, text)}use {q.allowed()}")
    if q.kind == "choices":
        return _choices(q, text)
    if q.kind == "count":
        digits = text.replace(",", "").replace("_", "")
        if not digits.isdigit():
            raise AnswerError(f"'{text}' is not a whole number; give {q.allowed()}")
        return int(digits)
    if q.kind == "date":
        day = _date(text)
        if not in_scope(day):
            raise AnswerError(f"{day.isoformat()} is out of range; give {q.allowed()}")
        return day
    if _CONTROL.search(text):
        raise AnswerError("the answer contains a control character; type plain text")
    if q.kind == "slug":
        if not _SLUG.match(text) or len(text) > 120:
            raise AnswerError(f"'{text}' is not a short name; use {q.allowed()}")
        return text
    if len(text) > (500 if q.field == "title" else MAX_SUMMARY):
        raise AnswerError("the answer is too long; shorten it")
    return text


def _choices(q: Question, text: str) -> list[str]:
    """Several choices, separated by commas; a piece that names no choice whole may be several
    separated by spaces (`secession foreign_state_union`, `1 3`)."""
    pieces = [p for p in text.split(",") if p.strip()]
    if [_name(p) for p in pieces] == ["none"]:
        return []
    found: list[str] = []
    bad: list[str] = []
    for piece in pieces:
        whole = _choice(q, piece)
        if whole is not None:
            found.append(whole)
            continue
        words = [_choice(q, w) for w in piece.split()]
        if words and all(w is not None for w in words):
            found += [w for w in words if w is not None]
        else:
            bad.append(piece.strip())
    if bad or not found:
        hint = _did_you_mean(q, bad[0]) if len(bad) == 1 else ""
        raise AnswerError(f"'{', '.join(bad) or text}' is not among the answers; {hint}give {q.allowed()}")
    return list(dict.fromkeys(found))


def shown(value: Any) -> str:
    """A parsed answer as the review lists it."""
    if value is None:
        return f"{UNKNOWN} (left out)"
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, list):
        return ", ".join(str(v) for v in value) or "none"
    if isinstance(value, dt.date):
        return value.isoformat()
    return str(value)


@dataclass(frozen=True)
class Entry:
    """One answer given: the question, the answer as typed, and what it was taken to mean."""

    question: Question
    raw: str
    value: Any


@dataclass
class Interview:
    """The state of one interview: the answers so far and where it stands."""

    answers: dict[str, Any] = field(default_factory=dict)
    claims: list[dict[str, Any]] = field(default_factory=list)
    log: list[Entry] = field(default_factory=list)  # every answer taken, in order
    _index: int = 0
    _claim: dict[str, Any] | None = None
    _in_claims: bool = False
    _in_assembly: bool = False
    _kept: dict[tuple[str, int], str] = field(default_factory=dict)  # answers kept by `revise`

    def question(self) -> Question | None:
        """The next question to put, or None when the interview is over."""
        while self._index < len(QUESTIONS):
            q = QUESTIONS[self._index]
            if q.section == "claim" and not self._in_claims:
                self._index += 1
                continue
            if q.section == "assembly" and not self._in_assembly:
                self._index += 1
                continue
            if any(f in self.answers and self.answers[f] == v for f, v in q.skip_if):
                self._index += 1
                continue
            if q.field == "assembly?" and self.answers.get("act") in ("protest_call", "assembly"):
                return Question(q.field, q.ask, q.kind, q.why, q.choices, "yes", q.section)
            return q
        return None

    def answer(self, raw: str) -> Any:
        """Record an answer to the current question; AnswerError leaves the interview where it was.

        After a `revise`, the answers kept from before are then taken for the questions that follow,
        as far as the same questions come again."""
        value = self._record(raw)
        self._take_kept()
        return value

    def back(self) -> None:
        """Forget the last answer, so its question is put again."""
        if not self.log:
            raise AnswerError("this is the first question; there is no answer to go back to")
        self._replay([e.raw for e in self.log[:-1]])

    def revise(self, number: int) -> None:
        """Put answer `number` (1-based, as the review lists them) again; keep the answers after it."""
        if not 1 <= number <= len(self.log):
            raise AnswerError(f"give a number from 1 to {len(self.log)}, or press Enter to save")
        old = self.log
        kept = {self._key(e.question, old[:i]): e.raw for i, e in enumerate(old) if i >= number}
        self._kept = {}
        self._replay([e.raw for e in old[: number - 1]])
        self._kept = kept

    def progress(self) -> tuple[int, int]:
        """(number of the current question, questions in all if every later gate takes its default)."""
        rest = copy.deepcopy(self)
        rest._kept = {}
        left = 0
        while rest.question() is not None:
            left += 1
            rest._record("")
        return len(self.log) + 1, len(self.log) + left

    def _key(self, q: Question, before: list[Entry]) -> tuple[str, int]:
        """A question and how many times it was put before: the claim questions come once a claim."""
        return q.field, sum(1 for e in before if e.question.field == q.field)

    def _take_kept(self) -> None:
        while self._kept and (q := self.question()) is not None:
            raw = self._kept.pop(self._key(q, self.log), None)
            if raw is None:
                return
            try:
                self._record(raw)
            except AnswerError:
                return
        if self.question() is None:
            self._kept = {}

    def _replay(self, raws: list[str]) -> None:
        kept = self._kept
        fresh = Interview()
        for raw in raws:
            fresh._record(raw)
        self.__dict__.update(fresh.__dict__)
        self._kept = kept

    def _record(self, raw: str) -> Any:
        q = self.question()
        if q is None:
            raise AnswerError("the interview is over")
        value = parse(q, raw)
        self.log.append(Entry(q, raw.strip(), value))
        self._index += 1
        if q.field == "claims?":
            self._in_claims = bool(value)
            self._claim = {}
        elif q.field == "claim.more?":
            if self._claim:
                self.claims.append(self._claim)
            self._claim = {}
            if value:
                self._index = next(i for i, x in enumerate(QUESTIONS) if x.field == "claims?") + 1
            else:
                self._in_claims = False
        elif q.field == "assembly?":
            self._in_assembly = bool(value)
        elif q.section == "claim":
            if value is not None and self._claim is not None:
                self._claim[q.field.rsplit(".", 1)[1]] = (
                    value == "true" if q.field == "content.claims.verified" else value
                )
        elif value is not None:
            self.answers[q.field] = value
        return value

    def scenario_data(self) -> dict[str, Any]:
        """The answers as a scenario mapping, keys in the order of SCENARIO_FORMAT.md; unsaid fields left out."""
        data: dict[str, Any] = {}
        for q in QUESTIONS:
            if q.field.endswith("?"):
                continue
            if q.field == "content.claims.text" and self.claims:
                data.setdefault("content", {})["claims"] = list(self.claims)
                continue
            if q.field not in self.answers:
                continue
            node = data
            *parents, leaf = q.field.split(".")
            for p in parents:
                node = node.setdefault(p, {})
            node[leaf] = self.answers[q.field]
        return data


class _Dumper(yaml.SafeDumper):
    """Block mappings; lists of plain values inline, as SCENARIO_FORMAT.md writes them."""


def _list(dumper: yaml.SafeDumper, data: list[Any]) -> yaml.SequenceNode:
    flow = all(not isinstance(x, (dict, list)) for x in data)
    return dumper.represent_sequence("tag:yaml.org,2002:seq", data, flow_style=flow)


_Dumper.add_representer(list, _list)


def to_yaml(data: dict[str, Any]) -> str:
    """The scenario file: deterministic, one value a line, UTF-8 kept readable."""
    return yaml.dump(data, Dumper=_Dumper, sort_keys=False, allow_unicode=True, default_flow_style=False, width=10_000)


# ---------------------------------------------------------------- who reads a field


def _facts_in(cond: Condition) -> tuple[set[str], set[str]]:
    found = atoms(cond)
    return {a.fact for a in found if isinstance(a, FactCond)}, {a.derived for a in found if isinstance(a, DerivedCond)}


def readers(kb: KnowledgeBase, path: str) -> list[str]:
    """Which encoded provisions and ICCPR rights read a scenario field, directly or through a definition."""
    if path == "date":
        return ["every provision (the date picks the version in force)"]
    derived = {d.derives for d in kb.definitions if path in _facts_in(d.when)[0]}
    out: list[str] = []
    for p in kb.provisions:
        conds = [el.when for v in p.versions for part in v.parts for el in part.elements]
        conds += [d.when for d in p.defences]
        for c in conds:
            facts, derives = _facts_in(c)
            if path in facts or derives & derived:
                out.append(f"{'CC' if p.code == 'criminal' else 'CAO'} {p.article}")
                break
    for s in kb.standards:
        conds = [s.engaged_when, *(r.when for t in s.tests for r in t.rules)]
        needs = {n for t in s.tests for n in t.needs}
        if path in needs or any(path in _facts_in(c)[0] or _facts_in(c)[1] & derived for c in conds):
            out.append(s.right.replace("ICCPR-", "ICCPR Art. "))
    return out


def read_by(names: list[str], first: int = 3) -> str:
    """The readers of a field in one short line: how many, and the first few (Criminal Code first)."""
    if not names:
        return "no encoded rule"
    order = ("CC ", "CAO ", "ICCPR ")
    names = sorted(names, key=lambda n: next((i for i, p in enumerate(order) if n.startswith(p)), len(order)))
    if len(names) <= first:
        return ", ".join(names)
    return f"{len(names)} ({', '.join(names[:first])} and {len(names) - first} more)"
