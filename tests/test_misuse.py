"""What a careless or hostile user does with outputs, options and answers: each gets one clear
message and exit 2, never a replaced device, a lost answer, a loop without end or a raw control
character on the terminal. (Found by an adversarial pass over every command.)"""

from __future__ import annotations

import errno
import os
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

REPO = Path(__file__).resolve().parent.parent
POLL = str(REPO / "scenarios" / "ridder-style-poll.yaml")


def test_a_report_through_a_symlink_writes_the_target_and_keeps_the_link(
    cli: Callable[..., Any], tmp_path: Path
) -> None:
    target = tmp_path / "target.md"
    target.write_text("old\n")
    link = tmp_path / "link.md"
    link.symlink_to(target)
    result = cli("report", POLL, "-o", str(link))
    assert result.exit_code == 0, result.stderr
    assert link.is_symlink() and target.read_text().startswith("# kzlex report")


@pytest.mark.parametrize(("command", "name"), [(["chill", "--png"], "x.png"), (["report", POLL, "-o"], "x.md")])
def test_a_pipe_or_device_is_never_replaced_by_a_file(
    cli: Callable[..., Any], tmp_path: Path, command: list[str], name: str
) -> None:
    """A FIFO stands for /dev/null or /dev/full, which a broken kzlex run as root would replace."""
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    link = tmp_path / name  # a name the command accepts, pointing at the pipe
    link.symlink_to(fifo)
    result = cli(*command, str(link))
    assert result.exit_code == 2
    assert result.stderr == f"error: {fifo}: not a regular file (a device, pipe or socket); give a file name to write\n"
    assert fifo.is_fifo() and link.is_symlink()


def test_a_full_disk_is_one_message_and_leaves_nothing(
    cli: Callable[..., Any], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def full(*args: Any) -> None:
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(os, "replace", full)
    out = tmp_path / "r.md"
    result = cli("report", POLL, "-o", str(out))
    assert result.exit_code == 2
    assert result.stderr == f"error: {out}: could not be written (No space left on device); nothing was changed there\n"
    assert list(tmp_path.iterdir()) == []


def test_a_folder_that_refuses_the_file_is_one_message(
    cli: Callable[..., Any], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def refused(*args: Any, **kwargs: Any) -> Any:
        raise PermissionError(errno.EACCES, "Permission denied")

    monkeypatch.setattr(tempfile, "mkstemp", refused)
    out = tmp_path / "results.jsonl"
    result = cli("batch", POLL, "--out", str(out))
    assert result.exit_code == 2
    assert result.stderr == f"error: {out}: could not be written (Permission denied); nothing was changed there\n"


def test_batch_refuses_to_write_over_its_own_input(cli: Callable[..., Any], tmp_path: Path) -> None:
    source = tmp_path / "in.jsonl"
    source.write_text('{"act": "post"}\n')
    result = cli("batch", str(source), "--out", str(tmp_path / "." / "in.jsonl"))
    assert result.exit_code == 2
    assert (
        result.stderr
        == f"error: --out {tmp_path / '.' / 'in.jsonl'}: is also an input; write the results to another file\n"
    )
    assert source.read_text() == '{"act": "post"}\n'


@pytest.mark.parametrize("command", [["compare", "-", "-"], ["report", "-", "-", "-o", "x.md"]])
def test_standard_input_named_twice_is_misuse(cli: Callable[..., Any], command: list[str]) -> None:
    result = cli(*command, input="act: post\n")
    assert result.exit_code == 2
    assert result.stderr == "error: -: standard input can be read only once\n"


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("20150203", "error: --as-of: '20150203' is not a date; write it as YYYY-MM-DD, e.g. 2016-05-21\n"),
        ("2015-W01-1", "error: --as-of: '2015-W01-1' is not a date; write it as YYYY-MM-DD, e.g. 2016-05-21\n"),
        ("", "error: --as-of: '' is not a date; write it as YYYY-MM-DD, e.g. 2016-05-21\n"),
    ],
)
def test_as_of_takes_only_yyyy_mm_dd(cli: Callable[..., Any], value: str, message: str) -> None:
    result = cli("check", POLL, "--as-of", value)
    assert result.exit_code == 2
    assert result.stderr == message


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("act: post\ndate: 20150203\n", "date: not a date; write it as YYYY-MM-DD, e.g. 2016-05-21 (got 20150203)"),
        (
            '{"act": "post", "date": "2015-02-30"}',
            "date: not a valid date (day is out of range for month); write it as YYYY-MM-DD, e.g. 2016-05-21 "
            "(got '2015-02-30')",
        ),
    ],
)
def test_a_mistyped_date_in_a_file_says_how_to_write_it(
    cli: Callable[..., Any], tmp_path: Path, text: str, message: str
) -> None:
    path = tmp_path / "s.yaml"
    path.write_text(text)
    result = cli("check", str(path))
    assert result.exit_code == 2
    assert result.stderr == f"error: {path}: {message}\n"


@pytest.mark.parametrize("escape", ["\\u009b", "\\u0085"])
def test_c1_controls_written_as_escapes_are_refused(cli: Callable[..., Any], tmp_path: Path, escape: str) -> None:
    path = tmp_path / "s.yaml"
    path.write_text(f'act: post\ntitle: "a{escape}31mX"\n')
    result = cli("check", str(path))
    assert result.exit_code == 2
    code = escape[2:].upper()
    assert result.stderr == (
        f"error: {path}: title: contains the control character U+{code} at position 1; remove it "
        f"(only tab and newline are allowed) (got 'a{escape}31mX')\n"
    )


def test_control_and_bidi_characters_in_a_message_are_escaped(cli: Callable[..., Any]) -> None:
    result = cli("case", "\x1b[7mx\u202ey")
    assert result.exit_code == 2
    assert result.stderr.startswith("error: no case '\\u001b[7mx\\u202ey'; known cases: ")
    assert "\x1b" not in result.stderr and "\u202e" not in result.stderr


def test_thousands_of_problems_give_a_short_message(cli: Callable[..., Any], tmp_path: Path) -> None:
    path = tmp_path / "many.yaml"
    path.write_text("act: post\n" + "".join(f"k{n}: 1\n" for n in range(5000)))
    result = cli("check", str(path))
    assert result.exit_code == 2
    lines = result.stderr.splitlines()
    assert lines[0] == f"error: {path}: 5,000 problems:"
    assert len(lines) == 22 and lines[-1] == "  ... and 4,980 more; mend these first"


def test_a_title_in_square_brackets_is_shown_not_read_as_markup(cli: Callable[..., Any], tmp_path: Path) -> None:
    path = tmp_path / "s.yaml"
    path.write_text('act: post\ntitle: "[bold red]x[/] [/oops]"\n')
    result = cli("chill", "--steps", str(path))
    assert result.exit_code == 0, result.stderr
    assert "The ladder: [bold red]x[/] [/oops], law as of" in result.stdout


def test_a_piped_interview_gives_up_after_five_refused_answers(cli: Callable[..., Any]) -> None:
    result = cli("ask", input="BAD ID!\n" * 1000)
    assert result.exit_code == 2
    assert result.stderr.count("not allowed:") == 5
    assert result.stderr.endswith(
        "error: question 1 (id): 5 answers in a row were not allowed, the last: 'BAD ID!' is not a short name; "
        "use lowercase letters, digits and hyphens (e.g. ridder-poll), or unknown\n"
    )


def test_an_unwritable_interview_file_is_refused_before_the_first_question(
    cli: Callable[..., Any], tmp_path: Path
) -> None:
    result = cli("ask", "-o", str(tmp_path / "missing" / "s.yaml"), input="\n" * 100)
    assert result.exit_code == 2
    assert result.stderr == f"error: {tmp_path / 'missing'}: no such directory; create it first\n"
