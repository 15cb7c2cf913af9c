"""The `kzlex` command: assembles the command modules of kzlex_cli into one app."""

from __future__ import annotations

import typer

from kzlex_cli.check import check
from kzlex_cli.validate import validate

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


def main() -> None:
    app()


if __name__ == "__main__":
    main()
