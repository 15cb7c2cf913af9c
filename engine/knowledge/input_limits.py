"""The bounds on what kzlex reads, in one place, so the parser and its messages cannot disagree.

Each bound is far above anything a real scenario or rule file needs and low enough that hostile
input fails fast with a message, not slowly with a MemoryError or a RecursionError.
"""

from __future__ import annotations

MAX_BYTES = 1024 * 1024  # 1 MiB per file or per JSON Lines record
MAX_DEPTH = 32
MAX_PROBLEMS_SHOWN = 20  # a file with 50,000 bad keys gets a readable message, not 7 MB
MAX_DIGITS = 30  # no count in a scenario needs more; Python refuses to read over 4,300 anyway

# YAML says where the nesting went too deep, so its message carries a line and more advice;
# strict JSON (a JSON Lines record) is refused as a whole, with the short form.
TOO_DEEP = f"nested more than {MAX_DEPTH} levels deep; a scenario is a flat mapping"
TOO_DEEP_YAML = f"{TOO_DEEP} of a few levels"


def too_many_digits(text: str) -> str | None:
    """Why a number written as `text` is refused, or None; counted before Python converts it."""
    digits = sum(ch.isdigit() for ch in text)
    if digits > MAX_DIGITS:
        return f"a number of {digits:,} digits is not one kzlex accepts; give at most {MAX_DIGITS} digits"
    return None
