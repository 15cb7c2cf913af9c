"""Command modules of the `kzlex` CLI: parse, call the engine, render, exit. `cli.py` assembles them."""
