"""One exception tree for the whole engine, so the CLI can turn any of them into one line.

Library code raises; only the CLI prints. Every message says what is wrong and what to do.
"""

from __future__ import annotations

import re
from enum import IntEnum

# The one definition of a control character: C0 other than tab and newline, DEL, and C1 (U+009B
# is a terminal's CSI). No legitimate text contains them, and they can rewrite a user's terminal.
CONTROLS = r"\x00-\x08\x0b-\x1f\x7f-\x9f"
# Bidi controls are legitimate in text, but could make a message read other than it is.
_BIDI = r"\u200e\u200f\u202a-\u202e\u2066-\u2069"
# Wherever a message echoes input, both are escaped.
_UNSAFE = re.compile(f"[{CONTROLS}{_BIDI}]")


def control_pattern(allowed: str = "") -> re.Pattern[str]:
    """A pattern for one control character of CONTROLS, except those in `allowed` (a class body)."""
    return re.compile(f"(?![{allowed}])[{CONTROLS}]" if allowed else f"[{CONTROLS}]")


def printable(text: str, *, newlines: bool = True) -> str:
    """`text` with every unsafe character written as `\\uXXXX` (newlines too, unless `newlines`)."""
    escaped = _UNSAFE.sub(lambda m: f"\\u{ord(m.group()):04x}", text)
    return escaped if newlines else escaped.replace("\n", "\\u000a")


class ExitCode(IntEnum):
    """Exit codes users and scripts can rely on."""

    OK = 0
    SOME_FAILED = 1  # batch: some items failed, the rest were written
    BAD_INPUT = 2  # the command was misused or its input is invalid
    INTERNAL = 3  # a bug in kzlex or its knowledge base
    INTERRUPTED = 130  # Ctrl-C (128 + SIGINT), as shells report it
    TERMINATED = 143  # SIGTERM (128 + SIGTERM): `timeout`, a job scheduler, `kill`


class KzlexError(Exception):
    """Base of every error kzlex reports to a user."""

    exit_code: ExitCode = ExitCode.BAD_INPUT


class InputError(KzlexError):
    """A scenario or argument the user gave cannot be used as it is."""


class KnowledgeBaseError(KzlexError):
    """A rule, case or source file in the knowledge base is invalid."""

    exit_code = ExitCode.BAD_INPUT


class EngineError(KzlexError):
    """The rules engine failed; this is a bug, never the user's fault."""

    exit_code = ExitCode.INTERNAL
