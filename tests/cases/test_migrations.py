"""Migrations stand on their own: data migrations carry frozen data and never import live code,
and the frozen roles are the roles the code describes."""

import ast
import importlib
from pathlib import Path

from dpa.roles import ROLE_PERMISSIONS

MIGRATIONS = Path(__file__).resolve().parents[2] / "cases" / "migrations"
OUR_PACKAGES = ("cases", "dpa", "guidance")


def _runs_python(tree: ast.Module) -> bool:
    return any(isinstance(node, ast.Attribute) and node.attr == "RunPython" for node in ast.walk(tree))


def _imported_modules(tree: ast.Module) -> set[str]:
    modules = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            modules |= {alias.name for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module:
            modules.add(node.module)
    return modules


def test_no_data_migration_imports_live_code():
    data_migrations = []
    for path in sorted(MIGRATIONS.glob("[0-9]*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        if not _runs_python(tree):
            continue
        data_migrations.append(path.name)
        ours = [module for module in _imported_modules(tree) if module.split(".")[0] in OUR_PACKAGES]
        assert ours == [], f"{path.name} imports {ours}"

    assert "0002_seed_data.py" in data_migrations


def test_the_frozen_roles_are_the_roles_the_code_describes():
    with_roles = [path.stem for path in sorted(MIGRATIONS.glob("[0-9]*.py")) if "\nROLES = " in path.read_text()]
    latest = importlib.import_module(f"cases.migrations.{with_roles[-1]}")

    assert {role: sorted(set(codes)) for role, codes in ROLE_PERMISSIONS.items()} == latest.ROLES
