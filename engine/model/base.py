"""The two pydantic bases the models derive from; a model that needs another config says so itself.

Both defer building their validators (`defer_build`) to the first validation: a `kzlex check`
served from a snapshot (`engine.knowledge.snapshot`) never validates a rule or case file, and
building the schemas of some sixty models it does not use was a large part of a cold start.
Validation itself, and every message it gives, is the same.
"""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict


class Strict(BaseModel):
    """Input read from a file or a user: an unknown key is an error, and a model never changes once read."""

    model_config = ConfigDict(extra="forbid", frozen=True, defer_build=True)


class Frozen(BaseModel):
    """Output the engine builds: it never changes once built."""

    model_config = ConfigDict(frozen=True, defer_build=True)
