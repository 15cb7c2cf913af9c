"""The JSON rendering: stable key order (the models' field order), UTF-8, a trailing newline."""

from __future__ import annotations

import json
from typing import Any

from pydantic import BaseModel


def dumps(value: BaseModel | list[Any] | dict[str, Any]) -> str:
    data = value.model_dump(mode="json") if isinstance(value, BaseModel) else value
    return json.dumps(data, ensure_ascii=False, indent=2) + "\n"


def dumps_line(value: BaseModel | dict[str, Any]) -> str:
    """One compact line, for JSON Lines output."""
    data = value.model_dump(mode="json") if isinstance(value, BaseModel) else value
    return json.dumps(data, ensure_ascii=False, separators=(",", ":")) + "\n"
