"""Plain data built straight from libyaml's events, every refusal made before anything is built.

PyYAML's safe loader composes a node graph and then constructs it in a second pass; by then an
alias bomb has already been expanded. Reading the events instead, kzlex refuses aliases (scenario
files never need them; an anchor nothing refers to is harmless), nesting deeper than MAX_DEPTH,
duplicate or non-scalar keys, merge keys, and every tag but plain scalars, lists and mappings,
in one pass.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

import yaml

from engine.knowledge.input_errors import echo
from engine.knowledge.input_limits import MAX_DEPTH, TOO_DEEP_YAML, too_many_digits
from engine.model.dates import DATE_ADVICE
from engine.model.errors import InputError

# libyaml when PyYAML was built with it; the pure-Python parser emits the same events, slower.
LIBYAML: type[yaml.SafeLoader] = getattr(yaml, "CSafeLoader", yaml.SafeLoader)

# What PyYAML's scalar constructors raise on a value their tag does not fit (`!!int abc`,
# `!!bool maybe`, `date: 2021-02-30`): none of these is a YAMLError.
SCALAR_FAULTS = (ValueError, TypeError, IndexError, KeyError, OverflowError)

_TAG = "tag:yaml.org,2002:"
_RESOLVER = yaml.resolver.Resolver()  # the implicit types of plain scalars, exactly as PyYAML's
_CONSTRUCTOR = yaml.SafeLoader("")  # PyYAML's own scalar constructors need an instance (bool words, date pattern)


# A second document, or a list, is how a user tries to put several scenarios in one file.
ONE_PER_FILE = "put one scenario per file, or use `kzlex batch` with a JSON Lines file for many"


def duplicate_key(key: Any) -> str:
    """The one wording for a key given twice, whether YAML or JSON noticed it."""
    return f"duplicate key '{key}'; keep one of the two entries"


def _short_tag(tag: str) -> str:
    return tag.replace(_TAG, "!!")


def _refuse_tag(tag: str, mark: Any) -> InputError:
    """A tag that builds anything but plain data (`!!python/object`, `!!binary`, `!!set`...)."""
    return InputError(
        f"line {mark.line + 1}, column {mark.column + 1}: the YAML tag {_short_tag(tag)} is not allowed; "
        "a scenario holds plain text, numbers, true/false, dates, lists and mappings"
    )


def _construct_int(node: yaml.ScalarNode) -> int:
    refusal = too_many_digits(str(node.value))
    if refusal is not None:
        raise InputError(f"line {node.start_mark.line + 1}: {refusal}")
    try:
        return int(_CONSTRUCTOR.construct_yaml_int(node))
    except SCALAR_FAULTS:
        raise _bad_scalar(node, "whole number") from None


def _construct_float(node: yaml.ScalarNode) -> float:
    try:
        return float(_CONSTRUCTOR.construct_yaml_float(node))
    except SCALAR_FAULTS:
        raise _bad_scalar(node, "number") from None


def _construct_bool(node: yaml.ScalarNode) -> bool:
    try:
        return bool(_CONSTRUCTOR.construct_yaml_bool(node))
    except SCALAR_FAULTS:
        raise _bad_scalar(node, "true or false") from None


def _bad_scalar(node: yaml.Node, what: str) -> InputError:
    return InputError(f"line {node.start_mark.line + 1}: {echo(node.value)} is not a {what}")


def _construct_timestamp(node: yaml.ScalarNode) -> dt.date:
    try:
        value: dt.date = _CONSTRUCTOR.construct_yaml_timestamp(node)
    except SCALAR_FAULTS as exc:
        detail = f" ({exc})" if isinstance(exc, ValueError) else ""
        raise InputError(
            f"line {node.start_mark.line + 1}: {echo(node.value)} is not a valid date{detail}; " + DATE_ADVICE
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


def build(text: str, parser: type[yaml.SafeLoader] = LIBYAML) -> Any:
    """What PyYAML's safe loader would build from `text`, with kzlex's refusals on the way.

    `parser` is a choice only so that tests can show both parsers end in the same messages.
    libyaml's own errors (YAMLError) pass through for the caller to word.
    """
    stack: list[_Frame] = []
    root: Any = None
    documents = 0
    for event in yaml.parse(text, Loader=parser):
        if isinstance(event, yaml.ScalarEvent):
            value = _scalar(event)
            mark = event.start_mark
        elif isinstance(event, (yaml.MappingStartEvent, yaml.SequenceStartEvent)):
            is_map = isinstance(event, yaml.MappingStartEvent)
            tag = event.tag
            if tag is not None and tag != "!" and tag != (_MAP if is_map else _SEQ):
                raise _refuse_tag(tag, event.start_mark)
            if len(stack) >= MAX_DEPTH:
                raise InputError(f"line {_line(event.start_mark)}: {TOO_DEEP_YAML}")
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
                raise InputError(f"line {_line(event.start_mark)}: a second YAML document (after ---); {ONE_PER_FILE}")
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
                    raise InputError(f"line {_line(mark)}: {duplicate_key(value)}")
                top.key = value
            else:
                top.mapping[top.key] = value
                top.key = _NO_KEY
    return root
