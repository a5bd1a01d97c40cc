"""Dependencies point inwards: the domain imports no outer layer or infrastructure."""

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
FORBIDDEN = {
    "domain": ("flask", "marshmallow", "graphviz", "web", "service", "projections",
               "eventsourcing.application", "eventsourcing.persistence", "eventsourcing.sqlite",
               "eventsourcing.postgres", "psycopg", "sqlite3"),
    "projections": ("flask", "marshmallow", "web", "service"),
    "service": ("flask", "marshmallow", "web"),
}


def imported_modules(path: Path) -> set[str]:
    names: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module:
            names.add(node.module)
    return names


@pytest.mark.parametrize("layer", sorted(FORBIDDEN))
def test_a_layer_imports_nothing_from_outside_it(layer: str) -> None:
    offences = [
        f"{path.relative_to(ROOT)} imports {name}"
        for path in (ROOT / layer).rglob("*.py")
        for name in imported_modules(path)
        if any(name == bad or name.startswith(bad + ".") for bad in FORBIDDEN[layer])
    ]
    assert offences == []
