"""Reading YAML and JSON strictly: bytes to text, text to plain data, data to one mapping.

Only safe YAML (no tags that build objects), no duplicate keys, no aliases, bounded size,
digits and nesting, finite numbers, UTF-8 only. Every caller reads through here, so a rule file,
a scenario and a JSON Lines record meet the same refusals in the same words. The YAML itself is
built by `yaml_events` in one pass; other libraries' errors are worded by `input_errors`, whose
`validate` is offered here too, beside the loaders it is always used with.
"""

from __future__ import annotations

import json
import math
from pathlib import Path
from typing import Any

import yaml

from engine.knowledge.input_errors import M, format_errors, validate, yaml_problem
from engine.knowledge.input_limits import (
    MAX_BYTES,
    MAX_DEPTH,
    MAX_DIGITS,
    MAX_PROBLEMS_SHOWN,
    TOO_DEEP,
    too_many_digits,
)
from engine.knowledge.yaml_events import LIBYAML, ONE_PER_FILE, SCALAR_FAULTS, build, duplicate_key
from engine.model.errors import InputError

__all__ = [
    "MAX_BYTES",
    "MAX_DEPTH",
    "MAX_DIGITS",
    "MAX_PROBLEMS_SHOWN",
    "M",
    "decode",
    "format_errors",
    "load_mapping",
    "parse_text",
    "read_path",
    "validate",
]

# Looked up on every parse, so a test can swap in the pure-Python parser and show that both end
# in the same messages.
_Parser: type[yaml.SafeLoader] = LIBYAML


def decode(raw: bytes, *, what: str = "input") -> str:
    """Bytes to text, refusing what is too large, binary or not UTF-8."""
    if len(raw) > MAX_BYTES:
        raise InputError(
            # Only MAX_BYTES + 1 bytes are ever read, so the true size is not known: say "over".
            f"{what} is over {MAX_BYTES:,} bytes (1 MiB), the limit. Split it or shorten the quoted text"
        )
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise InputError(f"{what} is UTF-16 text; save it as UTF-8")
    if b"\x00" in raw:
        raise InputError(f"{what} is a binary file (it contains NUL bytes); give a YAML or JSON text file")
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw.count(b"\n", 0, exc.start) + 1
        raise InputError(
            f"{what} is not UTF-8 text (byte 0x{raw[exc.start]:02x} at offset {exc.start}, line {line}); "
            "save it as UTF-8"
        ) from None


def read_path(path: Path) -> str:
    """Read a file as text with the checks of `decode`; every failure names the path."""
    if path.is_dir():
        raise InputError(f"{path}: is a directory; give a scenario file (or use `kzlex batch` for a folder)")
    try:
        with path.open("rb") as handle:
            raw = handle.read(MAX_BYTES + 1)
    except FileNotFoundError:
        raise InputError(f"{path}: no such file; check the path") from None
    except PermissionError:
        raise InputError(f"{path}: permission denied; check the file's permissions") from None
    except OSError as exc:
        raise InputError(f"{path}: cannot be read ({exc.strerror})") from None
    try:
        return decode(raw, what="the file")
    except InputError as exc:
        raise InputError(f"{path}: {exc}") from None


def parse_text(text: str, *, json_only: bool = False) -> Any:
    """Parse YAML (which reads JSON too) or, for JSON Lines records, strict JSON."""
    if json_only:
        try:
            data = json.loads(text, object_pairs_hook=_json_object, parse_int=_json_int)
        except json.JSONDecodeError as exc:
            where = f"column {exc.colno}" if exc.lineno == 1 else f"line {exc.lineno}, column {exc.colno}"
            raise InputError(f"malformed JSON at {where}: {exc.msg}") from None
        except RecursionError:
            raise InputError(TOO_DEEP) from None
        _depth_ok(data)
        return _reject_non_finite(data)
    try:
        data = build(text, _Parser)
    except yaml.YAMLError as exc:
        raise InputError(yaml_problem(exc, text)) from None
    except (*SCALAR_FAULTS, RecursionError) as exc:  # a last guard: a constructor we did not wrap
        raise InputError(f"malformed YAML: a value could not be read ({type(exc).__name__})") from None
    return _reject_non_finite(data)


def load_mapping(text: str, *, json_only: bool = False) -> dict[str, Any]:
    """Parse text that must hold one mapping (a scenario, a rule file)."""
    data = parse_text(text, json_only=json_only)
    if data is None:
        raise InputError("is empty; a scenario needs at least `act:` (see SCENARIO_FORMAT.md)")
    if isinstance(data, list):
        raise InputError(f"holds a list, not a mapping; {ONE_PER_FILE}")
    if not isinstance(data, dict):
        raise InputError(f"holds a {type(data).__name__}, not a mapping of fields; start with `act: post`")
    return data


def _reject_non_finite(value: Any, path: str = "") -> Any:
    """NaN and infinities (YAML .nan/.inf, JSON NaN/Infinity/1e999) are refused, naming the field."""
    if isinstance(value, float) and not math.isfinite(value):
        what = "NaN" if math.isnan(value) else ("-infinity" if value < 0 else "infinity")
        raise InputError(f"{path or '(top level)'}: {what} is not a number kzlex accepts; give a finite number")
    if isinstance(value, dict):
        for key, item in value.items():
            _reject_non_finite(item, f"{path}.{key}" if path else str(key))
    elif isinstance(value, list):
        for n, item in enumerate(value):
            _reject_non_finite(item, f"{path}.{n}" if path else str(n))
    return value


def _json_object(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    """A JSON object, refusing a duplicate key as YAML does (`json` would keep the last silently)."""
    out: dict[str, Any] = {}
    for key, value in pairs:
        if key in out:
            raise InputError(duplicate_key(key))
        out[key] = value
    return out


def _json_int(text: str) -> int:
    """A JSON integer, its digits counted before `int` spends time on a million of them."""
    refusal = too_many_digits(text)
    if refusal is not None:
        raise InputError(refusal)
    return int(text)


def _depth_ok(data: Any, depth: int = 0) -> None:
    """`json` has no depth limit short of a RecursionError; YAML's is checked as it is built."""
    if depth > MAX_DEPTH:
        raise InputError(TOO_DEEP)
    if isinstance(data, dict):
        for item in data.values():
            _depth_ok(item, depth + 1)
    elif isinstance(data, list):
        for item in data:
            _depth_ok(item, depth + 1)
