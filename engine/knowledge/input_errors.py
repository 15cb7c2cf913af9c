"""Other libraries' complaints about an input, said as kzlex says things: one line a user can act on.

pydantic and libyaml word their errors for programmers, and their wording changes between
releases; a message a user reads (and a golden file compares) must not. A pydantic error becomes
`FILE: dotted.field: what is wrong; what is allowed`, with the nearest known key suggested for a
misspelt one; a libyaml error becomes the line (and column) to fix and what to do there.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import Any, TypeVar

import yaml
from pydantic import BaseModel, ValidationError

from engine.knowledge.input_limits import MAX_PROBLEMS_SHOWN, TOO_DEEP_YAML
from engine.model.errors import InputError, printable

M = TypeVar("M", bound=BaseModel)


def echo(value: Any) -> str:
    """A value the user gave, quoted so a message can show it: short, and unable to rewrite a terminal."""
    if isinstance(value, dt.date):
        text = value.isoformat()
    elif isinstance(value, str):
        text = f"'{value}'"
    else:
        text = repr(value)
    text = text if len(text) <= 60 else text[:57] + "..."
    return printable(text, newlines=False)


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
    """One `dotted.field: message` line per pydantic error; `model` supplies the keys to suggest."""
    out = []
    for err in exc.errors(include_url=False)[:limit]:
        loc = [str(p) for p in err["loc"]]
        path = ".".join(loc) or "(top level)"
        kind = err["type"]
        if kind == "extra_forbidden":
            import difflib  # only once a key is wrong: not on every check's path

            known = _known_keys(model, err["loc"][:-1])
            near = difflib.get_close_matches(loc[-1], known, n=1, cutoff=0.5)
            hint = f"did you mean '{near[0]}'?" if near else f"known keys here: {', '.join(known)}"
            out.append(f"{path}: unknown key; {hint}")
        elif kind == "missing":
            out.append(f"{path}: required field is missing; add it")
        elif kind in ("enum", "literal_error"):
            allowed = err.get("ctx", {}).get("expected", "")
            out.append(f"{path}: {echo(err['input'])} is not allowed; use one of {allowed}")
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
            out.append(f"{path}: {msg}" if quoted else f"{path}: {msg} (got {echo(value)})")
    return out


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
    """The model inside `Model | None`, `list[Model]` and the like, so a nested key can be suggested."""
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return annotation
    for arg in getattr(annotation, "__args__", ()):
        found = _model_of(arg)
        if found is not None:
            return found
    return None


# libyaml's refusals, in kzlex's words. Its wording changes between releases (PyYAML 6.0.4's
# libyaml stops deep nesting itself, before kzlex's own depth check can), and a message a user
# reads must not depend on which release pip resolved: each known problem is matched by a stable
# phrase and said as kzlex says it; an unknown one gets kzlex's general advice.
_YAML_PROBLEMS: tuple[tuple[str, str], ...] = (
    ("nesting depth", TOO_DEEP_YAML),
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


def yaml_problem(exc: yaml.YAMLError, text: str) -> str:
    """One message in kzlex's words for what libyaml refused in `text`, with the line (and column) to fix."""
    if isinstance(exc, yaml.reader.ReaderError):
        line, column = _position(text, exc.position)
        if isinstance(exc.character, int):
            return (
                f"line {line}, column {column}: the character U+{exc.character:04X} is not allowed in YAML "
                "(a control character); remove it"
            )
        return f"line {line}, column {column}: malformed YAML: {exc.reason}"
    if not isinstance(exc, yaml.MarkedYAMLError):
        return "malformed YAML: the text cannot be read as YAML; check its brackets, quotes and indentation"
    mark = exc.problem_mark
    said = f"{exc.context or ''} {exc.problem or ''}"
    advice = next((words for phrase, words in _YAML_PROBLEMS if phrase in said), None)
    if advice == TOO_DEEP_YAML:  # said as kzlex's own depth check says it, whichever stopped it
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


def _position(text: str, offset: int) -> tuple[int, int]:
    """Line and column of libyaml's offset, which counts UTF-8 bytes, not characters."""
    before = text.encode("utf-8")[:offset].decode("utf-8", "ignore")
    return before.count("\n") + 1, len(before) - (before.rfind("\n") + 1) + 1
