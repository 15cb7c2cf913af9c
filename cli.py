"""The `kzlex` command: assembles the command modules of kzlex_cli into one app."""

from __future__ import annotations

import typer

from kzlex_cli.ask import ask
from kzlex_cli.browse import article, articles, case, cases
from kzlex_cli.check import check
from kzlex_cli.chill import chill
from kzlex_cli.compare import compare
from kzlex_cli.report import report
from kzlex_cli.validate import validate
from kzlex_cli.whatif import whatif

app = typer.Typer(
    name="kzlex",
    help=(
        "Legal-charge reasoning for freedom of expression in Kazakhstan: which articles authorities have "
        "applied to an act, the closest real cases, and whether a sanction would comply with the ICCPR. "
        "Advice about risk and rights, never a verdict."
    ),
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
    context_settings={"help_option_names": ["-h", "--help"]},
)
app.command()(check)
app.command()(validate)
app.command()(report)
app.command()(ask)
app.command()(articles)
app.command()(article)
app.command()(cases)
app.command()(case)
app.command()(whatif)
app.command()(chill)
app.command()(compare)


def main() -> None:
    app()


if __name__ == "__main__":
    main()
