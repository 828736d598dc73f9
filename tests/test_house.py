"""The house rules that tools keep: CI lints before it tests, the test runner's script runs
clean, no test borrows another test module's fixtures, and a condition several parts of
esep share is defined once."""

from __future__ import annotations

import ast
import os
import shutil
import subprocess
from pathlib import Path

import pytest
from django.utils.module_loading import import_string

from esep.figures.registry import get

ROOT = Path(__file__).resolve().parent.parent


def test_ci_lints_before_it_tests():
    lines = [
        line.strip()
        for line in (ROOT / ".ci" / "run").read_text().splitlines()
        if line.strip() and not line.lstrip().startswith("#")
    ]
    assert "make lint" in lines, "CI must gate every change on make lint"
    assert lines.index("make lint") < lines.index("make test")


def test_the_suite_script_runs_without_a_stray_command(tmp_path):
    # Run scripts/run-tests as it is, with stand-ins for pytest and the PostgreSQL wrapper
    # that only say they ran: whatever else the script runs must be a real command.
    (tmp_path / "scripts").mkdir()
    shutil.copy(ROOT / "scripts" / "run-tests", tmp_path / "scripts" / "run-tests")
    stand_in = "#!/usr/bin/env bash\necho ran\n"
    (tmp_path / ".venv" / "bin").mkdir(parents=True)
    for path in (tmp_path / ".venv" / "bin" / "pytest", tmp_path / "scripts" / "with-postgres"):
        path.write_text(stand_in)
        path.chmod(0o755)
    result = subprocess.run(
        ["bash", str(tmp_path / "scripts" / "run-tests")],
        capture_output=True,
        text=True,
        env={**os.environ, "CI": "true"},
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert "command not found" not in result.stderr
    assert result.stdout.count("ran") == 2


def test_no_test_module_imports_another_test_module():
    # Fixtures several modules share live in a conftest.py; factories are helpers, not tests.
    borrowed = []
    for path in [*ROOT.glob("esep/**/tests/*.py"), *ROOT.glob("tests/**/*.py")]:
        for node in ast.walk(ast.parse(path.read_text())):
            module = node.module if isinstance(node, ast.ImportFrom) else None
            if module and module.rsplit(".", 1)[-1].startswith("test_"):
                borrowed.append(f"{path.relative_to(ROOT)} imports {module}")
    assert borrowed == []


@pytest.mark.parametrize(
    ("figure", "condition"),
    [
        ("appeals.overdue_now", "esep.appeals.models.overdue_q"),
        ("issues.overdue_now", "esep.control.issues.models.overdue_q"),
    ],
)
def test_figures_count_overdue_as_the_lists_mean_it(figure, condition):
    # What "overdue" means is the model's one condition, read by the inbox's filter, the
    # branch page, the reminders and this figure alike.
    assert get(figure).where is import_string(condition)
