"""The demo stands on top of the apps: its command and builders live here, the domain apps
keep no demo code, and each builder makes only its own app's records."""

import ast
from pathlib import Path

from django.apps import apps
from django.core.management import get_commands

import esep

DEMO = Path(esep.__file__).parent / "demo"
BUILDERS = {"org", "access", "appeals", "receptions", "control"}


def imported_modules(path: Path) -> set[str]:
    names: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text())):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module:
            names.add(node.module)
            names.update(f"{node.module}.{alias.name}" for alias in node.names)
    return names


def test_the_demo_command_is_the_demo_apps():
    assert get_commands()["demo"] == "esep.demo"


def test_no_other_app_holds_or_imports_demo_code():
    for config in apps.get_app_configs():
        root = Path(config.path)
        if not config.name.startswith("esep.") or root == DEMO:
            continue
        for path in root.rglob("*.py"):
            assert path.stem != "demo", path
            assert not any(m.startswith("esep.demo") for m in imported_modules(path)), path


def test_each_builder_reads_the_context_and_never_another_builder():
    for name in BUILDERS:
        path = DEMO / f"{name}.py"
        others = {f"esep.demo.{other}" for other in BUILDERS - {name}} | {"esep.demo.load"}
        assert "esep.demo.context" in imported_modules(path), name
        assert not imported_modules(path) & others, name
        assert "build" in {
            node.name
            for node in ast.parse(path.read_text()).body
            if isinstance(node, ast.FunctionDef)
        }, name
