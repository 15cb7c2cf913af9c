"""`kzlex ask`: an interview, one question at a time, that builds, shows, saves and checks a scenario.

Questions, notes and allowed answers go to standard error and the finished scenario (then the
check) to standard output, so `kzlex ask < answers.txt > result.txt` keeps the record clean.
Answers are read line by line from standard input, terminal or pipe alike; an empty line takes
the default shown in brackets. Input that ends before the last question is an error (exit 2),
never a half-built scenario.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated

import typer

from engine.atomic import check_target
from engine.errors import InputError, KzlexError
from engine.evaluate import evaluate
from engine.interview import AnswerError, Interview, Question, readers, to_yaml
from engine.knowledge import KnowledgeBase, load
from engine.loader import validate
from engine.render import console
from engine.scenario import Scenario
from kzlex_cli.common import atomic_write, err_console, get_engine, guarded, stdout_console, today

MAX_LINE = 20_000
MAX_REFUSED = 5  # refused answers in a row before a piped interview gives up


def _suffix(output: Path | None) -> None:
    if output is not None and output.suffix.lower() not in (".yaml", ".yml"):
        raise InputError(f"-o: '{output}' must end in .yaml or .yml; the scenario is saved as YAML")


def _kb() -> KnowledgeBase | None:
    """The rules, to name who reads each fact; the interview still runs if they do not load."""
    try:
        return load()
    except KzlexError:
        return None


def _show(n: int, q: Question, kb: KnowledgeBase | None) -> None:
    err_console.print(f"\n[bold][{n}] {q.ask}[/bold]  ({q.field})", markup=True, highlight=False)
    err_console.print(f"    why it matters: {q.why}", markup=False, style="dim")
    if kb is not None and not q.field.endswith("?"):
        read_by = readers(kb, q.field)
        err_console.print(
            f"    read by: {', '.join(read_by) if read_by else 'no encoded rule'}", markup=False, style="dim"
        )
    err_console.print(f"    answers: {q.allowed()}  [default: {q.default}]", markup=False)


def _read_line(n: int, q: Question) -> str:
    err_console.print("> ", end="", markup=False)
    try:
        line = sys.stdin.readline(MAX_LINE + 1)
    except UnicodeDecodeError:
        raise InputError(f"question {n} ({q.field}): the answer is not UTF-8 text; give the answers as UTF-8") from None
    if line == "":
        raise InputError(
            f"input ended at question {n} ({q.field}) before the interview was complete; "
            "answer every question, or give an empty line to take the default"
        )
    if len(line) > MAX_LINE:
        raise InputError(f"question {n} ({q.field}): the answer is longer than {MAX_LINE:,} characters")
    answer = line.rstrip("\r\n")
    bad = next((ch for ch in answer if "\udc80" <= ch <= "\udcff"), None)  # undecodable bytes
    if bad is not None:
        raise AnswerError(f"the answer is not UTF-8 text (byte 0x{ord(bad) - 0xDC00:02x}); type it again")
    if not sys.stdin.isatty():
        err_console.print(answer, markup=False, highlight=False)  # piped: echo, so the log reads as a dialogue
    return answer


def interview() -> Interview:
    """Put every question in turn until each has an answer it accepts."""
    kb = _kb()
    talk = Interview()
    err_console.print(
        "Describe the act one fact at a time. Press Enter to take the [default]; "
        "'unknown' leaves a fact unsaid (unknown is never read as no).",
        markup=False,
    )
    n = 0
    while (q := talk.question()) is not None:
        n += 1
        _show(n, q, kb)
        refused = 0
        while True:
            try:
                talk.answer(_read_line(n, q))
                break
            except AnswerError as exc:
                err_console.print(f"    not allowed: {exc}", markup=False, style="red")
                refused += 1
                if refused >= MAX_REFUSED and not sys.stdin.isatty():  # a script would loop for ever
                    raise InputError(
                        f"question {n} ({q.field}): {refused} answers in a row were not allowed, the last: {exc}"
                    ) from None
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
