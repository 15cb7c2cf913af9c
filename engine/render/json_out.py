"""The JSON rendering: stable key order (the models' field order), UTF-8, a trailing newline.

A model is written by pydantic's own serialiser, some eight times faster than `json.dumps` of its
dump (with `indent`, json falls back to pure Python) and the same bytes for what kzlex writes:
the two differ only for floats under 1e-4 (`1e-05` against `0.00001`) or from 1e16, and every
float kzlex writes is rounded to at most four places (scores, similarities, years) or is a
figure of the law (days, years, fines). The golden outputs hold it to the same bytes.
"""

from __future__ import annotations

import json
from typing import Any

from pydantic import BaseModel


def dumps(value: BaseModel | list[Any] | dict[str, Any]) -> str:
    if isinstance(value, BaseModel):
        return value.model_dump_json(indent=2) + "\n"
    return json.dumps(value, ensure_ascii=False, indent=2) + "\n"


def dumps_line(value: BaseModel | dict[str, Any]) -> str:
    """One compact line, for JSON Lines output."""
    if isinstance(value, BaseModel):
        return value.model_dump_json() + "\n"
    return json.dumps(value, ensure_ascii=False, separators=(",", ":")) + "\n"
