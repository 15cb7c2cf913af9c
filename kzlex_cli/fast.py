"""`kzlex check FILE` in its common forms, without importing typer and click.

Typer and click are a large share of a cold start, and the everyday check needs none of their
parsing. This module understands only the simplest command lines:

    kzlex [-q|--quiet] [--no-pager] check FILE [--format|-f json|text] [--as-of DATE] [--law current]

and runs the same code as the typer command (`kzlex_cli.check_run`). Anything else (another
option, `--help`, `-` for standard input, a repeated option) and any error while reading or
evaluating returns None: the full typer CLI then runs the command from the start, so every
message and exit code is the one it has always been. Once output has begun there is no going
back: errors from then on are reported here exactly as `kzlex_cli.common.guarded` would.
"""

from __future__ import annotations

from typing import NamedTuple

from kzlex_cli.shared import print_error, reported, settings

_GLOBAL = {"-q": "quiet", "--quiet": "quiet", "--no-pager": "no_pager"}
_OPTIONS = {"--format": "format", "-f": "format", "--as-of": "as_of", "--law": "law"}


class Call(NamedTuple):
    """A command line this module runs itself."""

    scenario: str
    format: str = "text"
    as_of: str | None = None
    law: str = "current"
    quiet: bool = False
    no_pager: bool = False


def parse(argv: list[str]) -> Call | None:
    """The call, when `argv` is one of the simple forms above; None for everything else."""
    flags: set[str] = set()
    rest = list(argv)
    while rest and rest[0] in _GLOBAL:
        flags.add(_GLOBAL[rest.pop(0)])
    if not rest or rest.pop(0) != "check":
        return None
    values: dict[str, str] = {}
    positional: list[str] = []
    while rest:
        arg = rest.pop(0)
        name, eq, inline = arg.partition("=")
        if name in _OPTIONS and (eq or name == arg) and not (eq and name == "-f"):
            if not eq:
                if not rest:
                    return None
                inline = rest.pop(0)
            key = _OPTIONS[name]
            if key in values or inline.startswith("-"):
                return None
            values[key] = inline
        elif arg.startswith("-") or not arg:  # any other option, `-`, `--`: typer's business
            return None
        else:
            positional.append(arg)
    if len(positional) != 1 or values.get("law", "current") != "current":
        return None
    if values.get("format", "text") not in ("text", "json"):
        return None
    return Call(scenario=positional[0], **values, quiet="quiet" in flags, no_pager="no_pager" in flags)


def run(argv: list[str]) -> int | None:
    """Run `kzlex ARGV` if it is a simple check: the exit code, or None to hand it to typer."""
    call = parse(argv)
    if call is None:
        return None
    from kzlex_cli.check_run import emit, evaluate_check, render_check

    settings.quiet = call.quiet  # as the typer app's callback sets them for `-q` and `--no-pager`
    settings.pager = not call.no_pager
    try:
        result = evaluate_check(call.scenario, call.format, call.as_of, call.law)
        rendered = render_check(result, call.format, trace=False, detail=3)
    except Exception:  # typer runs it again from the start and reports it as it always has
        return None
    except BaseException as exc:  # Ctrl-C or SIGTERM: stop here, never run the command again
        return _report(exc)
    try:
        emit(rendered)
    except SystemExit:
        raise
    except BrokenPipeError:  # the reader left; nothing to say
        return 0
    except BaseException as exc:
        return _report(exc)
    return 0


def _report(exc: BaseException) -> int:
    said = reported(exc)
    if said is None:
        raise exc
    print_error(said[0])
    return int(said[1])
