"""The text output at a terminal of 80 columns and in a pipe (issue 14): nothing cut, no word split.

The output is read as a lawyer reads it, through `kzlex ... | cat` with COLUMNS=80. A word split
across lines leaves fragments ("faceb", "ook") that never occur when the same report is printed
so wide that nothing wraps; a penalty is whole when its cell, read down the table, is the text the
JSON gives.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from collections.abc import Callable
from typing import Any

import pytest
from conftest import REPO, TODAY

from cli import COMMANDS

Cli = Callable[..., Any]
SCENARIO = "scenarios/land-protest-call.yaml"
BOX = "│┃━╇─┼╸"


def kzlex(*args: str, columns: int = 80) -> subprocess.CompletedProcess[str]:
    """`kzlex ARGS | cat`: standard output is a pipe, as in a script or a pager of the user's own."""
    env = {**os.environ, "COLUMNS": str(columns), "KZLEX_TODAY": TODAY.isoformat()}
    env.pop("KZLEX_NO_PAGER", None)
    return subprocess.run(
        [sys.executable, str(REPO / "cli.py"), *args],
        cwd=REPO,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def _tokens(text: str) -> set[str]:
    return set(re.sub(f"[{BOX}]", " ", text).split())


def _cells(text: str, column: int) -> list[str]:
    """The text of one column of the articles table, row by row (rows are separated by blank rows)."""
    rows: list[list[str]] = [[]]
    lines = text.split("1. Articles", 1)[1].splitlines()[1:]
    for line in lines[2:]:  # after the header and its rule
        if "│" not in line:
            break
        cells = line.split("│")
        value = cells[column].strip()
        if not any(c.strip() for c in cells):  # the blank row between two articles
            rows.append([])
        elif value:
            rows[-1].append(value)
    return [" ".join(r) for r in rows if r]


def test_check_at_80_columns_in_a_pipe_shows_every_penalty_whole() -> None:
    narrow = kzlex("check", SCENARIO)
    assert narrow.returncode == 0, narrow.stderr
    data = json.loads(kzlex("check", SCENARIO, "--format", "json").stdout)
    assert all(len(line) <= 80 for line in narrow.stdout.splitlines())
    cells = _cells(narrow.stdout, 4)
    assert not any("…" in cell for cell in cells)  # nothing in the table is cut short
    assert len(cells) == len(data["articles"])
    for cell, article in zip(cells, data["articles"], strict=True):
        shown = cell.split("penalty: ", 1)[1].split(" cases: ", 1)[0]
        assert shown == " ".join(article["penalty"].split())


def test_check_at_80_columns_splits_no_word() -> None:
    """Every word at 80 columns is a word of the same report printed too wide to wrap."""
    narrow = kzlex("check", SCENARIO, "--detail", "50", "--trace")
    wide = kzlex("check", SCENARIO, "--detail", "50", "--trace", columns=2000)
    assert narrow.returncode == 0 and wide.returncode == 0, narrow.stderr
    assert _tokens(narrow.stdout) - _tokens(wide.stdout) == set()
    data = json.loads(kzlex("check", SCENARIO, "--format", "json").stdout)
    penalty_words = {w for a in data["articles"] for w in a["penalty"].split()}
    assert penalty_words <= _tokens(narrow.stdout)


@pytest.mark.parametrize(
    "args",
    [
        ("articles",),
        ("article", "174"),
        ("cases",),
        ("case", "sychev"),
        ("whatif", SCENARIO, "--set", "platform=print"),
    ],
)
def test_other_commands_at_80_columns_split_no_word(args: tuple[str, ...]) -> None:
    """No word is split; only a token longer than a line (a source's web address) is folded."""
    narrow, wide = kzlex(*args), kzlex(*args, columns=2000)
    assert narrow.returncode == 0, narrow.stderr
    too_long = [t for t in _tokens(wide.stdout) if len(t) > 78]
    split = {t for t in _tokens(narrow.stdout) - _tokens(wide.stdout) if not any(t in long for long in too_long)}
    assert split == set()


@pytest.mark.parametrize(
    "args",
    [("174(2)",), ("CC 174(2)",), ("Art. 174(2)",), ("174", "--code", "CC"), ("174(2)", "--code", "criminal")],
)
def test_article_takes_the_notation_kzlex_writes(cli: Cli, args: tuple[str, ...]) -> None:
    result = cli("article", *args)
    assert result.exit_code == 0, result.stderr
    assert "Criminal Code Art. 174" in result.stdout
    if "(2)" in args[0]:  # a part narrows the text to that part
        assert "Part 2" in result.stdout and "Part 1 " not in result.stdout


def test_article_json_is_the_whole_article_whatever_the_notation(cli: Cli) -> None:
    plain = cli("article", "174", "--format", "json").stdout
    assert cli("article", "CC 174(2)", "--format", "json").stdout == plain
    assert cli("article", "174", "--code", "CC", "--format", "json").stdout == plain


def test_cao_notation_and_a_part_not_there(cli: Cli) -> None:
    assert cli("article", "CAO 73-3").exit_code == 0
    assert cli("articles", "--code", "CAO", "--format", "json").stdout == (
        cli("articles", "--code", "administrative", "--format", "json").stdout
    )
    missing = cli("article", "CC 174(9)")
    assert missing.exit_code == 2 and missing.stderr.count("error:") == 1
    assert "has no part 9" in missing.stderr
    clash = cli("article", "CC 174", "--code", "CAO")
    assert clash.exit_code == 2 and "names the criminal code" in clash.stderr


def test_cases_article_takes_a_code_and_part(cli: Cli) -> None:
    data = json.loads(cli("cases", "--article", "CC 174(2)", "--format", "json").stdout)
    assert data["filters"]["article"] == "CC 174(2)" and data["cases"]
    assert all("CC 174(2)" in c["charges"] for c in data["cases"])
    every = json.loads(cli("cases", "--article", "174", "--format", "json").stdout)
    assert every["filters"]["article"] == "174" and len(every["cases"]) > len(data["cases"])


def test_whatif_names_a_heavier_possible_article(cli: Cli) -> None:
    result = cli("whatif", "scenarios/corruption-post.yaml", "--set", "platform=print")
    assert result.exit_code == 0, result.stderr
    summary = " ".join(result.stdout.split("platform = print")[0].split())
    assert "heaviest none;" not in summary
    assert "if the possible CC 274(2) applies" in summary


@pytest.mark.parametrize("command", [None, *COMMANDS])
def test_every_help_has_examples(cli: Cli, command: str | None) -> None:
    result = cli(*([command] if command else []), "--help")
    assert result.exit_code == 0, result.output
    assert "Examples:" in result.stdout
    assert f"kzlex {command}" in result.stdout if command else "kzlex check" in result.stdout


def test_completion_is_offered(cli: Cli) -> None:
    help_text = cli("--help").stdout
    assert "--install-completion" in help_text and "--show-completion" in help_text


def test_legend_explains_the_abbreviations(cli: Cli) -> None:
    text = cli("check", SCENARIO).stdout
    legend = text.split("Legend:", 1)[1]
    for needle in ("Criminal Code", "kz.cc.174.1", "possible", "assembly.place_designated", "CC21", "GC34"):
        assert needle in legend, needle


def test_quiet_drops_notes_and_legend_but_keeps_errors(cli: Cli) -> None:
    loud = cli("check", SCENARIO)
    quiet = cli("--quiet", "check", SCENARIO)
    assert quiet.exit_code == 0
    assert "note" in loud.stdout and "Legend:" in loud.stdout
    assert "note" not in quiet.stdout and "Legend:" not in quiet.stdout
    assert "1. Articles" in quiet.stdout and "CC 174(1)" in quiet.stdout
    failed = cli("-q", "check", "no-such-file.yaml")
    assert failed.exit_code == 2 and failed.stderr.startswith("error:")
    assert cli("check", SCENARIO).stdout == loud.stdout  # --quiet does not stick to the next run


def test_quiet_before_the_command_in_a_real_process() -> None:
    result = kzlex("-q", "check", SCENARIO)
    assert result.returncode == 0, result.stderr
    assert "Legend:" not in result.stdout and "1. Articles" in result.stdout


def test_json_is_untouched_by_quiet(cli: Cli) -> None:
    assert cli("-q", "check", SCENARIO, "-f", "json").stdout == cli("check", SCENARIO, "-f", "json").stdout


def test_no_pager_in_a_pipe() -> None:
    """A pager is for a person at a terminal: in a pipe the text comes straight through."""
    result = subprocess.run(
        [sys.executable, str(REPO / "cli.py"), "article", "174"],
        cwd=REPO,
        env={**os.environ, "PAGER": "false", "KZLEX_TODAY": TODAY.isoformat()},
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert result.returncode == 0 and "Criminal Code Art. 174" in result.stdout
