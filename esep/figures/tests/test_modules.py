import ast
from pathlib import Path

import esep.figures

HERE = Path(esep.figures.__file__).parent


def _imported(node: ast.Import | ast.ImportFrom) -> list[str]:
    if isinstance(node, ast.ImportFrom):
        return [node.module or ""]
    return [alias.name for alias in node.names]


def test_figures_import_the_apps_below_them_at_the_top_of_each_module():
    # figures stand above every app they count, so nothing forces an import into a function
    # (where it would hide a cycle or a floor crossed the wrong way).
    hidden = []
    for path in HERE.rglob("*.py"):
        if {"tests", "migrations"} & set(path.relative_to(HERE).parts):
            continue
        functions = [
            node
            for node in ast.walk(ast.parse(path.read_text()))
            if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef)
        ]
        for function in functions:
            imports = [
                node for node in ast.walk(function) if isinstance(node, ast.Import | ast.ImportFrom)
            ]
            hidden += [
                f"{path.name}:{node.lineno} {name}"
                for node in imports
                for name in _imported(node)
                if name.startswith("esep")
            ]
    assert hidden == []
