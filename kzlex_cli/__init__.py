"""Command modules of the `kzlex` CLI: parse, call the engine, render, exit. `cli.py` assembles them."""

import atexit
import gc
import os

# No pydantic plugin runs inside kzlex: clients' facts go through these models, and a plugin
# (observability ones send data off the machine) has no business seeing them. It also spares
# the scan of every installed package's metadata that plugin discovery costs on each start.
os.environ.setdefault("PYDANTIC_DISABLE_PLUGINS", "__all__")

# At exit the interpreter runs a last garbage collection over every object still alive: the
# whole knowledge base and its models, a tenth of a second of a cold `check`. Nothing then needs
# collecting (files are closed, output flushed by then), so the objects are frozen out of it.
atexit.register(gc.freeze)
