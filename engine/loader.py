"""Reading YAML and JSON strictly, and turning every failure into one message a user can act on.

Only safe YAML (no tags that build objects), no duplicate keys, no anchors or aliases (the
expansion-bomb vector; scenario files never need them), bounded size and nesting, UTF-8 only.
A pydantic error becomes `FILE: dotted.field: what is wrong; what is allowed`, with the
nearest known key suggested for a misspelt one.
"""

from __future__ import annotations

import difflib
import json
import math
from collections.abc import Iterable
from pathlib import Path
from typing import Any, TypeVar

import yaml
from pydantic import BaseModel, ValidationError

from engine.errors import InputError

MAX_BYTES = 1024 * 1024  # 1 MiB per file or per JSON Lines record
MAX_DEPTH = 32

M = TypeVar("M", bound=BaseModel)

_BaseLoader: type[yaml.SafeLoader] = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class _StrictLoader(_BaseLoader):  # type: ignore[valid-type,misc]
    """Safe loading that refuses duplicate keys; dates stay dates, as in the contract."""


def _construct_mapping(loader: yaml.SafeLoader, node: yaml.MappingNode) -> dict[Any, Any]:
    seen: dict[Any, Any] = {}
    for key_node, value_node in node.value:
        key = loader.construct_object(key_node, deep=True)
        if not isinstance(key, (str, int, bool, float)) or key is None:
            raise InputError(f"line {key_node.start_mark.line + 1}: a mapping key must be a plain word")
        if key in seen:
            raise InputError(f"line {key_node.start_mark.line + 1}: duplicate key '{key}'; keep one of the two entries")
        seen[key] = loader.construct_object(value_node, deep=True)
    return seen


_StrictLoader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _construct_mapping)


def _line(mark: Any) -> str:
    return str(mark.line + 1) if mark is not None else "?"


def _check_events(text: str) -> None:
    """Refuse aliases and deep nesting before anything is built from the text."""
    depth = 0
    for event in yaml.parse(text, Loader=_BaseLoader):
        if isinstance(event, yaml.AliasEvent):
            raise InputError(
                f"line {_line(event.start_mark)}: YAML aliases (*{event.anchor}) are not "
                "allowed; write the value out in full"
            )
        if isinstance(event, (yaml.MappingStartEvent, yaml.SequenceStartEvent)):
            depth += 1
            if depth > MAX_DEPTH:
                raise InputError(
                    f"line {_line(event.start_mark)}: nested more than {MAX_DEPTH} levels deep; "
                    "a scenario is a flat mapping of a few levels"
                )
        elif isinstance(event, (yaml.MappingEndEvent, yaml.SequenceEndEvent)):
            depth -= 1


def decode(raw: bytes, *, what: str = "input") -> str:
    """Bytes to text, refusing what is too large, binary or not UTF-8."""
    if len(raw) > MAX_BYTES:
        raise InputError(
            f"{what} is {len(raw):,} bytes; the limit is {MAX_BYTES:,} (1 MiB). Split it or shorten the quoted text"
        )
    if b"\x00" in raw:
        raise InputError(f"{what} is a binary file (it contains NUL bytes); give a YAML or JSON text file")
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise InputError(
            f"is not UTF-8 text (byte 0x{raw[exc.start]:02x} at offset {exc.start}); save the file as UTF-8"
        ) from None


def _reject_non_finite(value: Any) -> Any:
    if isinstance(value, float) and not math.isfinite(value):
        raise InputError(f"{value} is not a number kzlex accepts; give a finite number")
    if isinstance(value, dict):
        for item in value.values():
            _reject_non_finite(item)
    elif isinstance(value, list):
        for item in value:
            _reject_non_finite(item)
    return value


def parse_text(text: str, *, json_only: bool = False) -> Any:
    """Parse YAML (which reads JSON too) or, for JSON Lines records, strict JSON."""
    if json_only:
        try:
            data = json.loads(text, parse_constant=_bad_constant)
        except json.JSONDecodeError as exc:
            raise InputError(f"line {exc.lineno}: malformed JSON: {exc.msg}") from None
        except RecursionError:
            raise InputError(f"nested more than {MAX_DEPTH} levels deep") from None
        _depth_ok(data)
        return _reject_non_finite(data)
    try:
        _check_events(text)
        data = yaml.load(text, Loader=_StrictLoader)  # noqa: S506 - a SafeLoader subclass
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark
        where = f"line {mark.line + 1}, column {mark.column + 1}: " if mark else ""
        # Where the unfinished construct began is often the line to fix (an unclosed bracket).
        began = exc.context_mark
        context = (
            f" ({exc.context} that began on line {began.line + 1})"
            if exc.context and began is not None and mark is not None and began.line != mark.line
            else ""
        )
        raise InputError(f"{where}malformed YAML: {exc.problem}{context}") from None
    except yaml.YAMLError as exc:
        raise InputError(f"malformed YAML: {exc}") from None
    return _reject_non_finite(data)


def _bad_constant(name: str) -> Any:
    raise InputError(f"{name} is not a number kzlex accepts; give a finite number")


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
        lines = format_errors(model, exc)
        head = f"{origin}: " + (lines[0] if len(lines) == 1 else f"{len(lines)} problems:")
        body = "" if len(lines) == 1 else "".join(f"\n  - {line}" for line in lines)
        raise InputError(head + body) from None


def format_errors(model: type[BaseModel], exc: ValidationError) -> list[str]:
    out = []
    for err in exc.errors(include_url=False):
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
            out.append(f"{path}: {err['msg'].removeprefix('Value error, ')} (got {_short(err['input'])})")
    return out


def _short(value: Any) -> str:
    text = repr(value) if not isinstance(value, str) else f"'{value}'"
    return text if len(text) <= 60 else text[:57] + "..."


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
