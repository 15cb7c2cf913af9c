"""The engine's layers, as packages, import only downwards.

model (what things are) < knowledge (reading and checking the rule files) < reasoning (facts to
findings, the only user of durable_rules) < features (what-if, matrix, reform, interview,
browse, batch) < render (text, Markdown, HTML, docx, JSON) < the CLI. A module may import its own
layer or any below; an upward import is how a renderer starts deciding law, so it fails here.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent
LAYERS = ["model", "knowledge", "reasoning", "features", "render"]
LONG = 400  # lines; a longer module says why in its docstring, with the words "longer than"


def _modules() -> list[Path]:
    return sorted((REPO / "engine").rglob("*.py"))


def _all_modules() -> list[Path]:
    return [*_modules(), *sorted((REPO / "kzlex_cli").glob("*.py")), REPO / "cli.py"]


def _layer(dotted: str) -> int | None:
    parts = dotted.split(".")
    if parts[0] in {"cli", "kzlex_cli"}:
        return len(LAYERS)
    if parts[0] != "engine" or len(parts) < 2:
        return None
    return LAYERS.index(parts[1]) if parts[1] in LAYERS else None


def _imports(path: Path) -> list[tuple[int, str]]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    found: list[tuple[int, str]] = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found += [(node.lineno, alias.name) for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            found.append((node.lineno, node.module))
            if node.module == "engine":  # `from engine import reasoning`
                found += [(node.lineno, f"engine.{alias.name}") for alias in node.names]
    return found


def test_every_engine_module_sits_in_a_layer() -> None:
    loose = [
        p.relative_to(REPO).as_posix() for p in _modules() if p.parent.name not in LAYERS and p.name != "__init__.py"
    ]
    assert not loose, f"modules outside the layer packages {LAYERS}: {loose}"


@pytest.mark.parametrize("path", _modules(), ids=lambda p: p.relative_to(REPO).as_posix())
def test_imports_run_downwards(path: Path) -> None:
    own = _layer(".".join(path.relative_to(REPO).with_suffix("").parts))
    if own is None:
        return
    upward = [
        f"line {line}: {name} ({LAYERS[_layer(name) or 0] if (_layer(name) or 0) < len(LAYERS) else 'cli'})"
        for line, name in _imports(path)
        if (_layer(name) is not None and (_layer(name) or 0) > own)
    ]
    assert not upward, f"{path.name} ({LAYERS[own]}) imports a higher layer: {upward}"


def test_only_the_runtime_imports_durable_rules() -> None:
    users = [
        p.relative_to(REPO).as_posix()
        for p in _all_modules()
        if any(name.split(".")[0].startswith("durable") for _, name in _imports(p))
    ]
    assert users == ["engine/reasoning/runtime.py"]


@pytest.mark.parametrize("path", _all_modules(), ids=lambda p: p.relative_to(REPO).as_posix())
def test_a_long_module_says_why(path: Path) -> None:
    text = path.read_text(encoding="utf-8")
    if text.count("\n") <= LONG:
        return
    doc = ast.get_docstring(ast.parse(text)) or ""
    assert "longer than" in doc.lower(), f"{path.name} has {text.count(chr(10))} lines and no reason in its docstring"
