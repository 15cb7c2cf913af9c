"""Hostile and broken input: each gets its exact message and exit code 2, or a correct result.

Never a traceback, a hang or a crash. The files are written by the tests (a 2 MiB or binary
fixture has no place in the repository); each case is named after its fault, and its whole
message is asserted, because a user acts on the message. Every case must also be quick: a
parser that expands or recurses would show here as a timeout long before it showed as a hang.
"""

from __future__ import annotations

import json
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from engine.model.scenario import Act

ACTS = " or ".join([", ".join(f"'{a.value}'" for a in list(Act)[:-1]), f"'{list(Act)[-1].value}'"])
BILLION_LAUGHS = (
    'a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]\n'
    "b: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a]\n"
    "c: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b]\n"
    "d: &d [*c,*c,*c,*c,*c,*c,*c,*c,*c]\n"
    "e: &e [*d,*d,*d,*d,*d,*d,*d,*d,*d]\n"
    "f: &f [*e,*e,*e,*e,*e,*e,*e,*e,*e]\n"
    "g: &g [*f,*f,*f,*f,*f,*f,*f,*f,*f]\n"
    "act: post\n"
)
TAGS_ALLOWED = "a scenario holds plain text, numbers, true/false, dates, lists and mappings"

# fault -> (file name, content, message after "PATH: ")
CASES: dict[str, tuple[str, bytes | str, str]] = {
    "alias-bomb": (
        "laughs.yaml",
        BILLION_LAUGHS,
        "line 2: YAML aliases (*a) are not allowed; write the value out in full",
    ),
    "deep-nesting-10000-lists": (
        "deep.yaml",
        "act: post\ntitle: " + "[" * 10_000 + "]" * 10_000 + "\n",
        "line 2: nested more than 32 levels deep; a scenario is a flat mapping of a few levels",
    ),
    "deep-nesting-block": (
        "deep-block.yaml",
        "act: post\ntitle:\n" + "".join("  " * i + "-\n" for i in range(1, 100)),
        "line 34: nested more than 32 levels deep; a scenario is a flat mapping of a few levels",
    ),
    "binary-file": (
        "image.yaml",
        b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00",
        "the file is a binary file (it contains NUL bytes); give a YAML or JSON text file",
    ),
    "latin-1-file": (
        "latin1.yaml",
        "act: post\ntitle: café\n".encode("latin-1"),
        "the file is not UTF-8 text (byte 0xe9 at offset 20, line 2); save it as UTF-8",
    ),
    "utf-16-file": ("utf16.yaml", "act: post\n".encode("utf-16"), "the file is UTF-16 text; save it as UTF-8"),
    "huge-string-2mib": (
        "huge.yaml",
        "act: post\ncontent:\n  text: " + "a" * (2 * 1024 * 1024) + "\n",
        "the file is over 1,048,576 bytes (1 MiB), the limit. Split it or shorten the quoted text",
    ),
    "huge-list-100k-themes": (
        "themes.yaml",
        "act: post\ncontent:\n  themes: [" + ", ".join(["clan"] * 100_000) + "]\n",
        "content.themes: List should have at most 100 items after validation, not 100000",
    ),
    "nan-audience": (
        "nan.yaml",
        "act: post\nreach:\n  audience: .nan\n",
        "reach.audience: NaN is not a number kzlex accepts; give a finite number",
    ),
    "inf-audience": (
        "inf.yaml",
        "act: post\nreach:\n  audience: .inf\n",
        "reach.audience: infinity is not a number kzlex accepts; give a finite number",
    ),
    "nan-audience-json": (
        "nan.json",
        '{"act": "post", "reach": {"audience": -.inf}}',
        "reach.audience: -infinity is not a number kzlex accepts; give a finite number",
    ),
    "number-of-5000-digits": (
        "bigint.yaml",
        "act: post\nreach:\n  audience: 1" + "0" * 5000 + "\n",
        "line 3: a number of 5,001 digits is not one kzlex accepts; give at most 30 digits",
    ),
    "date-0001-01-01": (
        "early.yaml",
        "act: post\ndate: 0001-01-01\n",
        "date: 0001-01-01 is out of range; give a date between 1991-12-16 (independence) and 2099-12-31",
    ),
    "date-9999-12-31": (
        "late.yaml",
        "act: post\ndate: 9999-12-31\n",
        "date: 9999-12-31 is out of range; give a date between 1991-12-16 (independence) and 2099-12-31",
    ),
    "date-0000-01-01": (
        "year0.yaml",
        "act: post\ndate: 0000-01-01\n",
        "line 2: '0000-01-01' is not a valid date (year 0 is out of range); write it as YYYY-MM-DD, e.g. 2016-05-21",
    ),
    "date-february-30": (
        "feb30.yaml",
        "act: post\ndate: 2021-02-30\n",
        "line 2: '2021-02-30' is not a valid date (day is out of range for month); "
        "write it as YYYY-MM-DD, e.g. 2016-05-21",
    ),
    "control-character-escaped": (
        "bell.yaml",
        'act: post\ntitle: "bell \\a and \\e[31mred"\n',
        "title: contains the control character U+0007 at position 5; remove it (only tab and newline are allowed) "
        "(got 'bell \\u0007 and \\u001b[31mred')",
    ),
    "control-character-raw": (
        "esc.yaml",
        "act: post\ntitle: шлях \x1b[2J here\n",
        "line 2, column 13: the character U+001B is not allowed in YAML (a control character); remove it",
    ),
    "control-character-json": (
        "esc.json",
        '{"act": "post", "content": {"summary": "a\\u001b[2Jb"}}',
        "content.summary: contains the control character U+001B at position 1; remove it "
        "(only tab and newline are allowed) (got 'a\\u001b[2Jb')",
    ),
    "python-object-tag": (
        "pwn.yaml",
        'act: !!python/object/apply:os.system ["touch /tmp/kzlex-pwned"]\n',
        f"line 1, column 6: the YAML tag !!python/object/apply:os.system is not allowed; {TAGS_ALLOWED}",
    ),
    "python-name-tag": (
        "pwn2.yaml",
        "act: !!python/name:os.system\n",
        f"line 1, column 6: the YAML tag !!python/name:os.system is not allowed; {TAGS_ALLOWED}",
    ),
    "binary-tag": (
        "bin.yaml",
        "act: post\ntitle: !!binary aGVsbG8=\n",
        f"line 2, column 8: the YAML tag !!binary is not allowed; {TAGS_ALLOWED}",
    ),
    "merge-key": (
        "merge.yaml",
        "act: post\nreach:\n  <<: {public: true}\n",
        "line 3: YAML merge keys (<<) are not allowed; write the keys out in full",
    ),
    "malformed-yaml": (
        "broken.yaml",
        "act: post\ncontent: {themes: [ethnicity\n",
        "line 3, column 1: malformed YAML: a list opened with [ is not closed with ]; "
        "add the ] or a comma between items (it began on line 2)",
    ),
    "duplicate-key": ("dup.yaml", "act: post\nact: poll\n", "line 2: duplicate key 'act'; keep one of the two entries"),
    "empty-file": ("empty.yaml", "", "is empty; a scenario needs at least `act:` (see SCENARIO_FORMAT.md)"),
    "comments-only": (
        "comments.yaml",
        "# nothing here\n",
        "is empty; a scenario needs at least `act:` (see SCENARIO_FORMAT.md)",
    ),
    "list-instead-of-mapping": (
        "list.yaml",
        "- act: post\n- act: poll\n",
        "holds a list, not a mapping; put one scenario per file, or use `kzlex batch` with a JSON Lines file for many",
    ),
    "scalar-instead-of-mapping": (
        "scalar.yaml",
        "post\n",
        "holds a str, not a mapping of fields; start with `act: post`",
    ),
    "unknown-key-with-suggestion": (
        "typo.yaml",
        "act: post\nplatfrom: facebook\n",
        "platfrom: unknown key; did you mean 'platform'?",
    ),
    "nested-unknown-key": (
        "typo2.yaml",
        "act: post\nreach:\n  audiense: 12\n",
        "reach.audiense: unknown key; did you mean 'audience'?",
    ),
    "bad-enum-value": ("tweet.yaml", "act: tweet\n", f"act: 'tweet' is not allowed; use one of {ACTS}"),
    "missing-act": ("noact.yaml", "platform: facebook\n", "act: required field is missing; add it"),
}


def _write(tmp_path: Path, name: str, content: bytes | str) -> Path:
    path = tmp_path / name
    if isinstance(content, bytes):
        path.write_bytes(content)
    else:
        path.write_text(content, encoding="utf-8")
    return path


@pytest.mark.parametrize("fault", sorted(CASES))
def test_hostile_input_gets_its_exact_message(
    fault: str, cli: Callable[..., Any], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("KZLEX_DEBUG", "1")  # a traceback would surface, not hide behind "internal error"
    name, content, message = CASES[fault]
    path = _write(tmp_path, name, content)
    started = time.perf_counter()
    result = cli("check", str(path), "--format", "json")
    assert time.perf_counter() - started < 10, "refusing a hostile file must be quick"
    assert result.exit_code == 2
    assert result.stdout == ""
    assert result.stderr == f"error: {path}: {message}\n"


def test_python_tag_runs_nothing(cli: Callable[..., Any], tmp_path: Path) -> None:
    marker = tmp_path / "pwned"
    path = _write(tmp_path, "pwn.yaml", f'act: !!python/object/apply:os.system ["touch {marker}"]\n')
    assert cli("check", str(path)).exit_code == 2
    assert not marker.exists()


def test_a_folder_and_a_missing_file(cli: Callable[..., Any], tmp_path: Path) -> None:
    result = cli("check", str(tmp_path))
    assert result.exit_code == 2
    assert (
        result.stderr
        == f"error: {tmp_path}: is a directory; give a scenario file (or use `kzlex batch` for a folder)\n"
    )
    missing = tmp_path / "nope.yaml"
    result = cli("check", str(missing))
    assert result.exit_code == 2
    assert result.stderr == f"error: {missing}: no such file; check the path\n"


def test_right_to_left_marks_are_text_and_give_a_correct_result(cli: Callable[..., Any], tmp_path: Path) -> None:
    """RLM (U+200F) and bidi embeddings are legitimate in Kazakh/Arabic/Hebrew quotes: accepted, kept."""
    title = "\u200fשלום\u200f and \u202bembedded\u202c"
    path = _write(tmp_path, "rtl.yaml", f'act: post\nplatform: facebook\ntitle: "{title}"\ndate: 2016-05-21\n')
    plain = _write(tmp_path, "plain.yaml", "act: post\nplatform: facebook\ntitle: plain\ndate: 2016-05-21\n")
    result = cli("check", str(path), "--format", "json")
    assert result.exit_code == 0, result.stderr
    data = json.loads(result.stdout)
    assert data["title"] == title
    reference = json.loads(cli("check", str(plain), "--format", "json").stdout)
    assert {k: v for k, v in data.items() if k != "title"} == {k: v for k, v in reference.items() if k != "title"}
    text = cli("check", str(path))
    assert text.exit_code == 0 and "שלום" in text.stdout


def test_hostile_records_in_a_batch_are_reported_and_skipped(cli: Callable[..., Any], tmp_path: Path) -> None:
    source = tmp_path / "mixed.jsonl"
    source.write_bytes(
        b'{"act": "post"}\n'
        b'{"act": "post", "title": "caf\xe9"}\n'
        b'{"act": "post", "title": "nul \x00 byte"}\n'
        + b"[" * 10_000
        + b"]" * 10_000
        + b"\n"
        + b'{"act": "post", "reach": {"audience": Infinity}}\n'
        + b'{"act": "post", "reach": {"audience": 1e999}}\n'
        + b'{"act": "poll"}\n'
    )
    result = cli("batch", str(source))
    assert result.exit_code == 1
    records = [json.loads(line) for line in result.stdout.splitlines()]
    assert [r["ok"] for r in records] == [True, False, False, False, False, False, True]
    errors = [r["error"].removeprefix(f"{r['input']}: ") for r in records if not r["ok"]]
    assert errors == [
        "the record is not UTF-8 text (byte 0xe9 at offset 29, line 1); save it as UTF-8",
        "the record is a binary file (it contains NUL bytes); give a YAML or JSON text file",
        "nested more than 32 levels deep; a scenario is a flat mapping",
        "reach.audience: infinity is not a number kzlex accepts; give a finite number",
        "reach.audience: infinity is not a number kzlex accepts; give a finite number",
    ]


@pytest.mark.parametrize("parser", ["libyaml", "pure-python"])
def test_deep_nesting_is_refused_in_kzlex_words_whichever_parser_stops_it(
    parser: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """libyaml (PyYAML >= 6.0.4) stops 10,000 levels itself; the pure parser leaves it to kzlex.

    Either way the user reads the same message, so a new PyYAML release cannot change it.
    """
    import yaml

    from engine.knowledge import safe_yaml as loader
    from engine.model.errors import InputError

    if parser == "libyaml" and not hasattr(yaml, "CSafeLoader"):
        pytest.skip("PyYAML built without libyaml")
    monkeypatch.setattr(loader, "_Parser", yaml.CSafeLoader if parser == "libyaml" else yaml.SafeLoader)
    with pytest.raises(InputError) as caught:
        loader.parse_text("act: post\ntitle: " + "[" * 10_000 + "]" * 10_000 + "\n")
    assert str(caught.value) == "line 2: nested more than 32 levels deep; a scenario is a flat mapping of a few levels"


@pytest.mark.parametrize(
    ("text", "message"),
    [
        (
            "act: post\ntitle: 'open\n",
            "line 3, column 1: malformed YAML: a quoted text is not closed; add the closing quote (it began on line 2)",
        ),
        (
            "act: post: poll\n",
            "line 1, column 10: malformed YAML: a ': ' where no key can start; quote a text that contains ': ', or fix the indentation",
        ),
        (
            "\tact: post\n",
            "line 1, column 1: malformed YAML: a character that cannot start a value (a tab used for indentation, or a leading @ or `); indent with spaces and quote such a value",
        ),
    ],
)
def test_yaml_reader_refusals_are_said_in_kzlex_words(text: str, message: str) -> None:
    from engine.knowledge.safe_yaml import parse_text
    from engine.model.errors import InputError

    with pytest.raises(InputError) as caught:
        parse_text(text)
    assert str(caught.value) == message
