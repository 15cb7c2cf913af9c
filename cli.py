"""The `kzlex` command: assembles the command modules of kzlex_cli into one app.

A run imports only the module of the command it runs: each module pulls in its own models and
renderers, and importing all of them cost more than the whole of a `check`. `--help`, no
arguments or an unknown command build the full app, so help and "did you mean" see everything.
A plain `kzlex check FILE` does not even import typer (`kzlex_cli.fast`), and hands anything it
does not fully understand, or any error, back to the app built here.
"""

from __future__ import annotations

import gc
import importlib
import signal
import sys
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    import typer

# name -> (module, function); the order is the order of `kzlex --help`.
COMMANDS: dict[str, tuple[str, str]] = {
    "check": ("kzlex_cli.check", "check"),
    "validate": ("kzlex_cli.validate", "validate"),
    "report": ("kzlex_cli.report", "report"),
    "ask": ("kzlex_cli.ask", "ask"),
    "articles": ("kzlex_cli.browse", "articles"),
    "article": ("kzlex_cli.browse", "article"),
    "cases": ("kzlex_cli.browse", "cases"),
    "case": ("kzlex_cli.browse", "case"),
    "whatif": ("kzlex_cli.whatif", "whatif"),
    "chill": ("kzlex_cli.chill", "chill"),
    "compare": ("kzlex_cli.compare", "compare"),
    "batch": ("kzlex_cli.batch", "batch"),
    "schema": ("kzlex_cli.schema", "schema"),
    "sources": ("kzlex_cli.sources", "sources"),
}

HELP = (
    "Legal-charge reasoning for freedom of expression in Kazakhstan: which articles authorities have "
    "applied to an act, the closest real cases, and whether a sanction would comply with the ICCPR. "
    "Advice about risk and rights, never a verdict."
    "\n\n\b\nExamples:\n"
    "  kzlex check scenarios/land-protest-call.yaml\n"
    '  kzlex article "CC 174(2)"\n'
    "  kzlex cases --article 174 --platform facebook\n"
    "  kzlex whatif scenarios/corruption-post.yaml --set platform=print\n"
    "  kzlex -q check scenarios/precedents/sychev.yaml\n"
    "  kzlex --install-completion"
)

# Examples for the commands whose modules do not carry an "Examples:" block in their docstring
# (they are added to the help at registration; a docstring's own block always wins).
EXAMPLES: dict[str, list[str]] = {
    "report": [
        "kzlex report scenarios/land-protest-call.yaml -o land.md",
        "kzlex report scenarios/precedents/sychev.yaml scenarios/precedents/mambetalin.yaml -o cases.html",
    ],
    "ask": ["kzlex ask", "kzlex ask -o my-scenario.yaml"],
    "sources": ["kzlex sources", "kzlex sources --format bibtex > kzlex.bib"],
    "chill": [
        "kzlex chill",
        "kzlex chill --steps scenarios/corruption-post.yaml",
        "kzlex chill --base scenarios/repost-with-comment.yaml --png chill.png",
    ],
}


def _print_version(value: bool) -> None:
    import typer

    if value:
        from engine.model.version import __version__

        print(f"kzlex {__version__}")
        raise typer.Exit(0)


def _with_examples(name: str, func: Any) -> str | None:
    """The command's help with an Examples block, when its docstring has none."""
    import inspect  # only when a command's help is built: 30 ms of a cold start otherwise

    doc = inspect.getdoc(func) or ""
    if "Examples:" in doc or name not in EXAMPLES:
        return None
    lines = "\n".join(f"  {line}" for line in EXAMPLES[name])
    return f"{doc}\n\n\b\nExamples:\n{lines}"


def build(only: str | None = None) -> typer.Typer:
    """The app with every command, or with just `only` (the one about to run)."""
    import typer

    app = typer.Typer(
        name="kzlex",
        help=HELP,
        no_args_is_help=True,
        add_completion=True,  # kzlex --install-completion / --show-completion
        pretty_exceptions_enable=False,
        context_settings={"help_option_names": ["-h", "--help"]},
    )

    @app.callback()
    def _root(
        version: bool = typer.Option(
            False, "--version", "-V", help="Print kzlex's version and exit.", is_eager=True, callback=_print_version
        ),
        quiet: bool = typer.Option(
            False, "--quiet", "-q", help="No progress bar, notes or legend; results and errors still print."
        ),
        no_pager: bool = typer.Option(
            False, "--no-pager", help="Never page long text output (paging happens only at a terminal)."
        ),
    ) -> None:  # a group even with one command, so `kzlex check FILE` keeps its name
        from kzlex_cli.common import settings

        settings.quiet = quiet
        settings.pager = not no_pager

    _root.__doc__ = HELP
    for name, (module, attr) in COMMANDS.items():
        if only is None or name == only:
            func = getattr(importlib.import_module(module), attr)
            app.command(name=name, help=_with_examples(name, func))(func)
    return app


def __getattr__(name: str) -> Any:
    """`from cli import app` (tests, embedding) gets the full app, built on first use."""
    if name == "app":
        return build()
    raise AttributeError(name)


def main() -> None:
    # The command is the first word that is not a global option (`kzlex -q check FILE`).
    first = next((arg for arg in sys.argv[1:] if not arg.startswith("-")), None)
    if first == "check":
        # One scenario, in a process about to end: the cycle collector would only walk, again and
        # again, the thousands of objects the imports and the knowledge base create and that all
        # stay alive (a tenth of a cold check, measured). It runs again if typer takes over.
        gc.disable()
    from kzlex_cli import no_plugins

    no_plugins.install()  # before the first model is built

    from engine.model.errors import ExitCode
    from kzlex_cli.shared import Terminated, collect_less_often, raise_terminated

    collect_less_often()  # the commands that evaluate many scenarios (chill, whatif, report) gain most

    signal.signal(signal.SIGTERM, raise_terminated)  # clean up as on Ctrl-C, not die mid-write
    try:
        if first == "check":
            from kzlex_cli import fast

            code = fast.run(sys.argv[1:])
            if code is not None:
                sys.exit(code)
            gc.enable()
        build(first if first in COMMANDS else None)()
    except Terminated:  # before or after a command ran (commands report it themselves)
        sys.exit(int(ExitCode.TERMINATED))


if __name__ == "__main__":
    main()
