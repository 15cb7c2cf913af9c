"""The two pydantic bases the models derive from; a model that needs another config says so itself."""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict


class Strict(BaseModel):
    """Input read from a file or a user: an unknown key is an error, and a model never changes once read."""

    model_config = ConfigDict(extra="forbid", frozen=True)


class Frozen(BaseModel):
    """Output the engine builds: it never changes once built."""

    model_config = ConfigDict(frozen=True)
