"""`kzlex ask`: an interview, one question at a time, that builds, shows, saves and checks a scenario.

Questions, notes and allowed answers go to standard error and the finished scenario (then the
check) to standard output, so `kzlex ask < answers.txt > result.txt` keeps the record clean.
Answers are read line by line from standard input, terminal or pipe alike; an empty line takes
the default shown in brackets, `back` (or `<`) returns to the previous question. After the last
question every answer is listed for review: Enter saves, a number changes that answer. Input that
ends before the last question is an error (exit 2), never a half-built scenario; input that ends
at the review saves, so a script of answers needs no line for it.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated

import typer

from engine.features.interview import AnswerError, Interview, shown, to_yaml
from engine.features.readers import read_by, readers
from engine.knowledge.atomic import check_target
from engine.knowledge.base import KnowledgeBase, load
from engine.knowledge.safe_yaml import validate
from engine.model.errors import InputError, KzlexError
from engine.model.interview import Question
from engine.model.scenario import Scenario
from engine.reasoning.evaluate import evaluate
from engine.render import console
from kzlex_cli.common import atomic_write, err_console, get_engine, guarded, stdout_console, today

MAX_LINE = 20_000
MAX_REFUSED = 5  # refused answers in a row before a piped interview gives up
BACK = ("back", "<")


def _suffix(output: Path | None) -> None:
    if output is not None and output.suffix.lower() not in (".yaml", ".yml"):
        raise InputError(f"-o: '{output}' must end in .yaml or .yml; the scenario is saved as YAML")


def _kb() -> KnowledgeBase | None:
    """The rules, to name who reads each fact; the interview still runs if they do not load."""
    try:
        return load()
    except KzlexError:
        return None


def _show(talk: Interview, q: Question, kb: KnowledgeBase | None) -> None:
    n, total = talk.progress()
    err_console.print(f"\n[bold]\\[{n}/{total}] {q.ask}[/bold]  ({q.field})", markup=True, highlight=False)
    err_console.print(f"    why it matters: {q.why}", markup=False, style="dim")
    if kb is not None and not q.field.endswith("?"):
        err_console.print(f"    read by {read_by(readers(kb, q.field))}", markup=False, style="dim")
    back = "; back: the previous question" if talk.log else ""
    err_console.print(f"    answers: {q.allowed()}  [default: {q.default}{back}]", markup=False)


def _read_line(n: int, what: str, *, end_ok: bool = False) -> str | None:
    """One answer; None when the input ends where that is allowed (`end_ok`)."""
    err_console.print("> ", end="", markup=False)
    try:
        line = sys.stdin.readline(MAX_LINE + 1)
    except UnicodeDecodeError:
        raise InputError(f"question {n} ({what}): the answer is not UTF-8 text; give the answers as UTF-8") from None
    if line == "":
        if end_ok:
            err_console.print("", markup=False)
            return None
        raise InputError(
            f"input ended at question {n} ({what}) before the interview was complete; "
            "answer every question, or give an empty line to take the default"
        )
    if len(line) > MAX_LINE:
        raise InputError(f"question {n} ({what}): the answer is longer than {MAX_LINE:,} characters")
    answer = line.rstrip("\r\n")
    bad = next((ch for ch in answer if "\udc80" <= ch <= "\udcff"), None)  # undecodable bytes
    if bad is not None:
        raise AnswerError(f"the answer is not UTF-8 text (byte 0x{ord(bad) - 0xDC00:02x}); type it again")
    if not sys.stdin.isatty():
        err_console.print(answer, markup=False, highlight=False)  # piped: echo, so the log reads as a dialogue
    return answer


def _refused(n: int, what: str, refused: int, exc: AnswerError) -> None:
    err_console.print(f"    not allowed: {exc}", markup=False, style="red")
    if refused >= MAX_REFUSED and not sys.stdin.isatty():  # a script would loop for ever
        raise InputError(f"question {n} ({what}): {refused} answers in a row were not allowed, the last: {exc}")


def _taken_as(q: Question, raw: str, value: object) -> None:
    """Say what an answer was read as, where that is not what was typed (15.03.2024, 3, Ordinary User)."""
    text = raw.strip()
    if text and text.lower() not in ("back", "<") and shown(value) != text and q.kind in ("choice", "choices", "date"):
        err_console.print(f"    taken as: {shown(value)}", markup=False, style="dim")


def _ask_all(talk: Interview, kb: KnowledgeBase | None) -> None:
    """Put each question in turn until the last has an answer; `back` goes to the previous one."""
    while (q := talk.question()) is not None:
        _show(talk, q, kb)
        n = len(talk.log) + 1
        refused = 0
        while True:
            try:
                raw = _read_line(n, q.field) or ""
                if raw.strip().lower() in BACK:
                    talk.back()
                else:
                    _taken_as(q, raw, talk.answer(raw))
                break
            except AnswerError as exc:
                refused += 1
                _refused(n, q.field, refused, exc)


def _review(talk: Interview) -> bool:
    """List every answer; True to save, False when the user chose one to change (or went back)."""
    err_console.print("\n[bold]Review[/bold]: the answers given", markup=True, highlight=False)
    width = len(str(len(talk.log)))
    for i, e in enumerate(talk.log, 1):
        err_console.print(f"  {i:>{width}}. {e.question.field}: {shown(e.value)}", markup=False, highlight=False)
    err_console.print(
        "    Enter (or save) to save; the number of an answer to change it; back: the last question", markup=False
    )
    refused = 0
    while True:
        try:
            raw = _read_line(len(talk.log) + 1, "review", end_ok=True)
            choice = "" if raw is None else raw.strip().lower()
            if choice in ("", "save", "yes", "y"):
                return True
            if choice in BACK:
                talk.back()
            elif choice.isdigit():
                talk.revise(int(choice))
            else:
                raise AnswerError(f"'{raw}' is not a choice here; press Enter to save, or give a number to change")
            return False
        except AnswerError as exc:
            refused += 1
            _refused(len(talk.log) + 1, "review", refused, exc)


def interview() -> Interview:
    """Put every question in turn until each has an answer it accepts, then review them all."""
    kb = _kb()
    talk = Interview()
    err_console.print(
        "Describe the act one fact at a time. Press Enter to take the [default]; 'unknown' leaves a fact "
        "unsaid (unknown is never read as no); 'back' returns to the previous question. A choice can be "
        "answered by its number. Every answer is shown for review before saving.",
        markup=False,
    )
    while True:
        _ask_all(talk, kb)
        if _review(talk):
            return talk


@guarded
def ask(
    output: Annotated[
        Path | None, typer.Option("--output", "-o", help="Save the scenario to this YAML file.", show_default=False)
    ] = None,
    no_check: Annotated[
        bool, typer.Option("--no-check", help="Build and save the scenario; do not evaluate it.")
    ] = False,
) -> None:
    """Build a scenario by answering questions one at a time, then show it, save it and check it."""
    _suffix(output)
    if output is not None:
        check_target(output)  # before the questions, so no answer is given for nothing
    talk = interview()
    text = to_yaml(talk.scenario_data())
    scenario = validate(Scenario, talk.scenario_data(), origin="the interview")
    stdout_console.print(text.rstrip("\n"), markup=False, highlight=False, soft_wrap=True)
    if output is not None:
        with atomic_write(output) as handle:
            handle.write(text)
        err_console.print(f"saved {output}", markup=False)
    else:
        err_console.print("not saved: give -o FILE.yaml to keep it", markup=False)
    if not no_check:
        result = evaluate(get_engine(), scenario, today=today())
        stdout_console.print(console.report(result))
