"""Pydantic's plugin loader, answered without importing `importlib.metadata` when plugins are off.

kzlex turns pydantic plugins off (`kzlex_cli/__init__.py`; a user's own PYDANTIC_DISABLE_PLUGINS
wins). Pydantic then finds none, but the module that would look for them still imports
`importlib.metadata` (zipfile, email, socket, ...) when the first model is built: some 8% of a
cold `kzlex check`, for an answer known in advance. `install()` puts a stand-in for that module in
`sys.modules` that gives the same answer (`get_plugins()` is empty, as pydantic's own is when
plugins are disabled); anything else asked of it loads the real module and hands over to it, so
a pydantic that needs more of its loader still gets it.
"""

from __future__ import annotations

import importlib
import os
import sys
import types
from typing import Any

LOADER = "pydantic.plugin._loader"
DISABLED = ("__all__", "1", "true")  # the values pydantic itself reads as "no plugins at all"


class _NoPlugins(types.ModuleType):
    """The stand-in: no plugins, and the real loader for any other name."""

    @staticmethod
    def get_plugins() -> tuple[()]:
        return ()

    def __getattr__(self, name: str) -> Any:
        if name.startswith("__"):  # the import system probing (`__path__`): a plain module has none
            raise AttributeError(name)
        if sys.modules.get(LOADER) is self:
            del sys.modules[LOADER]
        return getattr(importlib.import_module(LOADER), name)


def install() -> None:
    """Stand in for the loader, if plugins are off and pydantic has not loaded it yet."""
    if os.environ.get("PYDANTIC_DISABLE_PLUGINS") in DISABLED and LOADER not in sys.modules:
        import pydantic.plugin  # the package, as an import of its submodule would leave it

        stand_in = _NoPlugins(LOADER)
        sys.modules[LOADER] = stand_in
        pydantic.plugin._loader = stand_in  # type: ignore[attr-defined]
