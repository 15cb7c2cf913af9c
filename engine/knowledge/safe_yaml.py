"""Reading YAML and JSON strictly, and turning every failure into one message a user can act on.

Only safe YAML (no tags that build objects), no duplicate keys, no aliases (the expansion-bomb
vector; scenario files never need them; an anchor nothing refers to is harmless), bounded size,
digits and nesting, finite numbers, UTF-8 only. YAML is read in one pass over libyaml's events,
so every check happens before anything is built.
A pydantic error becomes `FILE: dotted.field: what is wrong; what is allowed`, with the
nearest known key suggested for a misspelt one.
"""

from __future__ import annotations

import datetime as dt
import difflib
import json
import math
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any, TypeVar

import yaml
from pydantic import BaseModel, ValidationError

from engine.model.errors import InputError, printable

MAX_BYTES = 1024 * 1024  # 1 MiB per file or per JSON Lines record
MAX_DEPTH = 32
MAX_PROBLEMS_SHOWN = 20  # a file with 50,000 bad keys gets a readable message, not 7 MB
MAX_DIGITS = 30  # no count in a scenario needs more; Python refuses to read over 4,300 anyway

M = TypeVar("M", bound=BaseModel)

_Parser: type[yaml.SafeLoader] = getattr(yaml, "CSafeLoader", yaml.SafeLoader)  # libyaml when present
_TAG = "tag:yaml.org,2002:"
_RESOLVER = yaml.resolver.Resolver()  # the implicit types of plain scalars, exactly as PyYAML's


def _short_tag(tag: str) -> str:
    return tag.replace(_TAG, "!!")


def _refuse_tag(tag: str, mark: Any) -> InputError:
    """A tag that builds anything but plain data (`!!python/object`, `!!binary`, `!!set`...)."""
    return InputError(
        f"line {mark.line + 1}, column {mark.column + 1}: the YAML tag {_short_tag(tag)} is not allowed; "
        "a scenario holds plain text, numbers, true/false, dates, lists and mappings"
    )


# What PyYAML's scalar constructors raise on a value their tag does not fit (`!!int abc`,
# `!!bool maybe`, `date: 2021-02-30`): none of these is a YAMLError.
_SCALAR_FAULTS = (ValueError, TypeError, IndexError, KeyError, OverflowError)
_CONSTRUCTOR = yaml.SafeLoader("")  # PyYAML's own scalar constructors need an instance (bool words, date pattern)


def _construct_int(node: yaml.ScalarNode) -> int:
    digits = sum(ch.isdigit() for ch in str(node.value))
    if digits > MAX_DIGITS:
        raise InputError(
            f"line {node.start_mark.line + 1}: a number of {digits:,} digits is not one kzlex accepts; "
            f"give at most {MAX_DIGITS} digits"
        )
    try:
        return int(_CONSTRUCTOR.construct_yaml_int(node))
    except _SCALAR_FAULTS:
        raise _bad_scalar(node, "whole number") from None


def _construct_float(node: yaml.ScalarNode) -> float:
    try:
        return float(_CONSTRUCTOR.construct_yaml_float(node))
    except _SCALAR_FAULTS:
        raise _bad_scalar(node, "number") from None


def _construct_bool(node: yaml.ScalarNode) -> bool:
    try:
        return bool(_CONSTRUCTOR.construct_yaml_bool(node))
    except _SCALAR_FAULTS:
        raise _bad_scalar(node, "true or false") from None


def _bad_scalar(node: yaml.Node, what: str) -> InputError:
    return InputError(f"line {node.start_mark.line + 1}: {_short(node.value)} is not a {what}")


def _construct_timestamp(node: yaml.ScalarNode) -> dt.date:
    try:
        value: dt.date = _CONSTRUCTOR.construct_yaml_timestamp(node)
    except _SCALAR_FAULTS as exc:
        detail = f" ({exc})" if isinstance(exc, ValueError) else ""
        raise InputError(
            f"line {node.start_mark.line + 1}: {_short(node.value)} is not a valid date{detail}; "
            "write it as YYYY-MM-DD, e.g. 2016-05-21"
        ) from None
    return value


# The only scalar types a scenario or rule file may hold; every other tag is refused.
_SCALARS: dict[str, Callable[[yaml.ScalarNode], Any]] = {
    _TAG + "null": lambda node: None,
    _TAG + "bool": _construct_bool,
    _TAG + "int": _construct_int,
    _TAG + "float": _construct_float,
    _TAG + "timestamp": _construct_timestamp,
}
_MAP, _SEQ, _STR, _MERGE = _TAG + "map", _TAG + "seq", _TAG + "str", _TAG + "merge"


def _line(mark: Any) -> str:
    return str(mark.line + 1) if mark is not None else "?"


def _scalar(event: yaml.ScalarEvent) -> Any:
    tag = event.tag
    if tag is None or tag == "!":  # as PyYAML's composer resolves an untagged scalar
        tag = _RESOLVER.resolve(yaml.ScalarNode, event.value, event.implicit)  # type: ignore[no-untyped-call]
    if tag == _STR:
        return event.value
    if tag == _MERGE:
        raise InputError(
            f"line {_line(event.start_mark)}: YAML merge keys (<<) are not allowed; write the keys out in full"
        )
    build = _SCALARS.get(tag)
    if build is None and tag in (_MAP, _SEQ):
        mark: Any = event.start_mark
        raise InputError(
            f"line {mark.line + 1}, column {mark.column + 1}: the YAML tag {_short_tag(tag)} "
            "does not fit a plain value; remove the tag"
        )
    if build is None:
        raise _refuse_tag(tag, event.start_mark)
    start: Any = event.start_mark  # libyaml's own Mark type, which the stubs do not know
    return build(yaml.ScalarNode(tag, event.value, start_mark=start, end_mark=start, style=event.style))


class _Frame:
    """A mapping or a sequence being built, and the key waiting for its value."""

    __slots__ = ("mapping", "items", "key", "mark")

    def __init__(self, mapping: dict[Any, Any] | None, items: list[Any] | None, mark: Any) -> None:
        self.mapping = mapping
        self.items = items
        self.key: Any = _NO_KEY
        self.mark = mark


_NO_KEY = object()


def _load_yaml(text: str) -> Any:
    """Build data straight from libyaml's events, checking as it goes, in one pass.

    What PyYAML's safe loader would build, without its second pass over a node graph, and with
    kzlex's refusals on the way: aliases (the expansion-bomb vector; scenario files never need
    them), nesting deeper than MAX_DEPTH, duplicate or non-scalar keys, merge keys, and every
    tag but plain scalars, lists and mappings. Nothing is expanded before it is checked.
    """
    stack: list[_Frame] = []
    root: Any = None
    documents = 0
    for event in yaml.parse(text, Loader=_Parser):
        if isinstance(event, yaml.ScalarEvent):
            value = _scalar(event)
            mark = event.start_mark
        elif isinstance(event, (yaml.MappingStartEvent, yaml.SequenceStartEvent)):
            is_map = isinstance(event, yaml.MappingStartEvent)
            tag = event.tag
            if tag is not None and tag != "!" and tag != (_MAP if is_map else _SEQ):
                raise _refuse_tag(tag, event.start_mark)
            if len(stack) >= MAX_DEPTH:
                raise InputError(
                    f"line {_line(event.start_mark)}: nested more than {MAX_DEPTH} levels deep; "
                    "a scenario is a flat mapping of a few levels"
                )
            stack.append(_Frame({} if is_map else None, None if is_map else [], event.start_mark))
            continue
        elif isinstance(event, (yaml.MappingEndEvent, yaml.SequenceEndEvent)):
            frame = stack.pop()
            value, mark = frame.mapping if frame.items is None else frame.items, frame.mark
        elif isinstance(event, yaml.AliasEvent):
            raise InputError(
                f"line {_line(event.start_mark)}: YAML aliases (*{event.anchor}) are not "
                "allowed; write the value out in full"
            )
        elif isinstance(event, yaml.DocumentStartEvent):
            documents += 1
            if documents > 1:
                raise InputError(
                    f"line {_line(event.start_mark)}: a second YAML document (after ---); "
                    "put one scenario per file, or use `kzlex batch` with a JSON Lines file for many"
                )
            continue
        else:
            continue
        if not stack:
            root = value
            continue
        top = stack[-1]
        if top.items is not None:
            top.items.append(value)
        elif top.mapping is not None:
            if top.key is _NO_KEY:
                if not isinstance(value, (str, int, bool, float)):  # None, a date, a list, a mapping
                    raise InputError(f"line {_line(mark)}: a mapping key must be a plain word")
                if value in top.mapping:
                    raise InputError(f"line {_line(mark)}: duplicate key '{value}'; keep one of the two entries")
                top.key = value
            else:
                top.mapping[top.key] = value
                top.key = _NO_KEY
    return root


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


# libyaml's refusals, in kzlex's words. Its wording changes between releases (PyYAML 6.0.4's
# libyaml stops deep nesting itself, before kzlex's own depth check can), and a message a user
# reads must not depend on which release pip resolved: each known problem is matched by a stable
# phrase and said as kzlex says it; an unknown one gets kzlex's general advice.
_YAML_PROBLEMS: tuple[tuple[str, str], ...] = (
    ("nesting depth", f"nested more than {MAX_DEPTH} levels deep; a scenario is a flat mapping of a few levels"),
    ("expected ',' or ']'", "a list opened with [ is not closed with ]; add the ] or a comma between items"),
    ("expected ',' or '}'", "a mapping opened with { is not closed with }; add the } or a comma between entries"),
    (
        "mapping values are not allowed",
        "a ': ' where no key can start; quote a text that contains ': ', or fix the indentation",
    ),
    ("while scanning a quoted scalar", "a quoted text is not closed; add the closing quote"),
    (
        "cannot start any token",
        "a character that cannot start a value (a tab used for indentation, or a leading @ or `); indent with spaces and quote such a value",
    ),
    ("expected '-' indicator", "a list item and a key at the same indentation; indent the list under its key"),
    ("expected <block end>", "a line is indented less or more than the lines around it; align it with its siblings"),
    ("could not find expected ':'", "a key without ': ' after it; add the colon or quote the text"),
    ("did not find expected key", "a line's indentation does not match the keys above it; align it with its siblings"),
    ("expected the node content", "a value is missing where one was expected"),
)


def _yaml_problem(exc: yaml.MarkedYAMLError) -> str:
    """One message in kzlex's words, with the line (and column) to fix."""
    mark = exc.problem_mark
    said = f"{exc.context or ''} {exc.problem or ''}"
    advice = next((words for phrase, words in _YAML_PROBLEMS if phrase in said), None)
    if advice is not None and advice.startswith("nested more than"):
        return f"line {mark.line + 1}: {advice}" if mark else advice
    where = f"line {mark.line + 1}, column {mark.column + 1}: " if mark else ""
    # Where the unfinished construct began is often the line to fix (an unclosed bracket).
    began = exc.context_mark
    context = (
        f" (it began on line {began.line + 1})"
        if exc.context and began is not None and mark is not None and began.line != mark.line
        else ""
    )
    if advice is None:
        advice = "the text cannot be read as YAML here; check its brackets, quotes and indentation"
    return f"{where}malformed YAML: {advice}{context}"


def parse_text(text: str, *, json_only: bool = False) -> Any:
    """Parse YAML (which reads JSON too) or, for JSON Lines records, strict JSON."""
    if json_only:
        try:
            data = json.loads(text, object_pairs_hook=_json_object, parse_int=_json_int)
        except json.JSONDecodeError as exc:
            where = f"column {exc.colno}" if exc.lineno == 1 else f"line {exc.lineno}, column {exc.colno}"
            raise InputError(f"malformed JSON at {where}: {exc.msg}") from None
        except RecursionError:
            raise InputError(f"nested more than {MAX_DEPTH} levels deep; a scenario is a flat mapping") from None
        _depth_ok(data)
        return _reject_non_finite(data)
    try:
        data = _load_yaml(text)
    except yaml.reader.ReaderError as exc:
        line, column = _position(text, exc.position)
        raise InputError(
            f"line {line}, column {column}: the character U+{exc.character:04X} is not allowed in YAML "
            "(a control character); remove it"
            if isinstance(exc.character, int)
            else f"line {line}, column {column}: malformed YAML: {exc.reason}"
        ) from None
    except yaml.MarkedYAMLError as exc:
        raise InputError(_yaml_problem(exc)) from None
    except yaml.YAMLError:
        raise InputError(
            "malformed YAML: the text cannot be read as YAML; check its brackets, quotes and indentation"
        ) from None
    except (*_SCALAR_FAULTS, RecursionError) as exc:  # a last guard: a constructor we did not wrap
        raise InputError(f"malformed YAML: a value could not be read ({type(exc).__name__})") from None
    return _reject_non_finite(data)


def _position(text: str, offset: int) -> tuple[int, int]:
    """Line and column of libyaml's offset, which counts UTF-8 bytes, not characters."""
    before = text.encode("utf-8")[:offset].decode("utf-8", "ignore")
    return before.count("\n") + 1, len(before) - (before.rfind("\n") + 1) + 1


def _json_object(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for key, value in pairs:
        if key in out:
            raise InputError(f"duplicate key '{key}'; keep one of the two entries")
        out[key] = value
    return out


def _json_int(text: str) -> int:
    digits = sum(ch.isdigit() for ch in text)
    if digits > MAX_DIGITS:
        raise InputError(f"a number of {digits:,} digits is not one kzlex accepts; give at most {MAX_DIGITS} digits")
    return int(text)


def _depth_ok(data: Any, depth: int = 0) -> None:
    if depth > MAX_DEPTH:
        raise InputError(f"nested more than {MAX_DEPTH} levels deep; a scenario is a flat mapping")
    if isinstance(data, dict):
        for item in data.values():
            _depth_ok(item, depth + 1)
    elif isinstance(data, list):
        for item in data:
            _depth_ok(item, depth + 1)


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


def load_mapping(text: str, *, json_only: bool = False) -> dict[str, Any]:
    """Parse text that must hold one mapping (a scenario, a rule file)."""
    data = parse_text(text, json_only=json_only)
    if data is None:
        raise InputError("is empty; a scenario needs at least `act:` (see SCENARIO_FORMAT.md)")
    if isinstance(data, list):
        raise InputError(
            "holds a list, not a mapping; put one scenario per file, or use `kzlex batch` "
            "with a JSON Lines file for many"
        )
    if not isinstance(data, dict):
        raise InputError(f"holds a {type(data).__name__}, not a mapping of fields; start with `act: post`")
    return data


def validate(model: type[M], data: dict[str, Any], *, origin: str) -> M:
    """Build a model, or raise one InputError listing each bad field on its own line."""
    try:
        return model.model_validate(data)
    except ValidationError as exc:
        count = exc.error_count()
        lines = format_errors(model, exc, limit=MAX_PROBLEMS_SHOWN)
        head = f"{origin}: " + (lines[0] if count == 1 else f"{count:,} problems:")
        body = "" if count == 1 else "".join(f"\n  - {line}" for line in lines)
        if count > len(lines):
            body += f"\n  ... and {count - len(lines):,} more; mend these first"
        raise InputError(head + body) from None


def format_errors(model: type[BaseModel], exc: ValidationError, *, limit: int | None = None) -> list[str]:
    out = []
    for err in exc.errors(include_url=False)[:limit]:
        loc = [str(p) for p in err["loc"]]
        path = ".".join(loc) or "(top level)"
        kind = err["type"]
        if kind == "extra_forbidden":
            known = _known_keys(model, err["loc"][:-1])
            near = difflib.get_close_matches(loc[-1], known, n=1, cutoff=0.5)
            hint = f"did you mean '{near[0]}'?" if near else f"known keys here: {', '.join(known)}"
            out.append(f"{path}: unknown key; {hint}")
        elif kind == "missing":
            out.append(f"{path}: required field is missing; add it")
        elif kind == "enum":
            allowed = err.get("ctx", {}).get("expected", "")
            out.append(f"{path}: {_short(err['input'])} is not allowed; use one of {allowed}")
        elif kind == "literal_error":
            allowed = err.get("ctx", {}).get("expected", "")
            out.append(f"{path}: {_short(err['input'])} is not allowed; use one of {allowed}")
        elif isinstance(err["input"], (dict, list)):
            # A whole mapping failed a rule about its fields (e.g. dates out of order): the message
            # names the values already, and the mapping's repr would only be noise.
            out.append(f"{path}: {err['msg'].removeprefix('Value error, ')}")
        else:
            msg = err["msg"].removeprefix("Value error, ")
            value = err["input"]
            # A message that quotes the value already (a date out of range) needs no echo of it.
            text = value.isoformat() if isinstance(value, dt.date) else value if isinstance(value, str) else ""
            quoted = len(text) >= 8 and text in msg
            out.append(f"{path}: {msg}" if quoted else f"{path}: {msg} (got {_short(value)})")
    return out


def _short(value: Any) -> str:
    if isinstance(value, dt.date):
        text = value.isoformat()
    elif isinstance(value, str):
        text = f"'{value}'"
    else:
        text = repr(value)
    text = text if len(text) <= 60 else text[:57] + "..."
    return printable(text, newlines=False)


def _known_keys(model: type[BaseModel], loc: Iterable[Any]) -> list[str]:
    """The field names valid at a location, following nested models through the path."""
    current: Any = model
    for step in loc:
        if isinstance(step, int):
            continue
        field = getattr(current, "model_fields", {}).get(step)
        if field is None:
            return []
        current = _model_of(field.annotation)
        if current is None:
            return []
    fields = getattr(current, "model_fields", {})
    return sorted(f.alias or name for name, f in fields.items())


def _model_of(annotation: Any) -> Any:
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return annotation
    for arg in getattr(annotation, "__args__", ()):
        found = _model_of(arg)
        if found is not None:
            return found
    return None
