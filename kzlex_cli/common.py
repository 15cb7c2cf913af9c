"""What every command shares: turning errors into one line and an exit code, reading scenarios.

The typer-free part lives in `kzlex_cli.shared` (the fast `check` runs on it without importing
typer) and is re-exported here, so the commands keep importing from one place.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import ParamSpec, TypeVar

import typer

from engine.model.errors import ExitCode
from kzlex_cli.shared import (
    OUTPUT_FORMATS,
    BatchCollection,
    LazyConsole,
    Settings,
    Terminated,
    atomic_write,
    check_format,
    err_console,
    get_engine,
    pager_wanted,
    parse_date,
    print_error,
    raise_terminated,
    read_scenario,
    reported,
    scenario_from_data,
    settings,
    show,
    source_titles,
    stdin_once,
    stdout_console,
    stopped,
    today,
)

P = ParamSpec("P")
R = TypeVar("R")


def fail(message: str, code: ExitCode = ExitCode.BAD_INPUT) -> typer.Exit:
    print_error(message)
    return typer.Exit(int(code))


def guarded(func: Callable[P, R]) -> Callable[P, R]:
    """Run a command so that no user ever sees a traceback: one line, and a meaningful exit code."""

    @wraps(func)
    def wrapper(*args: P.args, **kwargs: P.kwargs) -> R:
        try:
            return func(*args, **kwargs)
        except (typer.Exit, typer.Abort, SystemExit):
            raise
        except BrokenPipeError:
            raise typer.Exit(0) from None
        except BaseException as exc:
            said = reported(exc)  # None: a bug under KZLEX_DEBUG, shown with its traceback
            if said is None:
                raise
            raise fail(*said) from None

    return wrapper


__all__ = [
    "OUTPUT_FORMATS",
    "LazyConsole",
    "Settings",
    "Terminated",
    "BatchCollection",
    "atomic_write",
    "check_format",
    "err_console",
    "fail",
    "get_engine",
    "guarded",
    "pager_wanted",
    "parse_date",
    "print_error",
    "raise_terminated",
    "read_scenario",
    "scenario_from_data",
    "settings",
    "show",
    "source_titles",
    "stdin_once",
    "stdout_console",
    "stopped",
    "today",
]
