"""Guidance stands on its own: of the rest of the project it uses only ``dpa`` (roles, settings, the
admin's building blocks), the languages and the base templates, never the case work. And ``dpa``
depends on no app, except in the few modules that wire the apps together."""

import ast
import re
from pathlib import Path

import pytest
from django.conf import settings

ROOT = Path(settings.BASE_DIR)
PROJECT_PACKAGES = {path.parent.name for path in ROOT.glob("*/__init__.py")}

# The dpa modules that may import the apps, because joining them up is what they are for.
WIRING = {
    # The addresses of the whole site: the public guidance pages and the case documents.
    "dpa/urls.py",
    # The staff home page: an officer's cases and deadlines, a team's workload.
    "dpa/home.py",
    # The admin site: its home page, and look-ups on case forms that record who saw a complainant.
    "dpa/admin.py",
}
WIRING_MODULES = {path.removesuffix(".py").replace("/", ".") for path in WIRING}
# How a template or a module names a case screen or template: "admin/cases/…", "admin:cases_…".
CASE_SCREEN = re.compile(r"admin/cases/|admin:cases_")


def _relative(path: Path) -> str:
    return path.relative_to(ROOT).as_posix()


def _python_files(package: str) -> list[Path]:
    return sorted((ROOT / package).rglob("*.py"))


def imported_modules(path: Path) -> set[str]:
    """Every module a file imports, relative imports made absolute, and every module it imports by
    name through ``import_module``."""
    package = list(path.relative_to(ROOT).with_suffix("").parts[:-1])
    modules = set()
    for node in ast.walk(ast.parse(path.read_text(), filename=str(path))):
        if isinstance(node, ast.Import):
            modules |= {alias.name for alias in node.names}
        elif isinstance(node, ast.ImportFrom):
            base = package[: len(package) - node.level + 1] if node.level else []
            module = ".".join([*base, *([node.module] if node.module else [])])
            modules |= {module, *(f"{module}.{alias.name}" for alias in node.names)}
        elif (
            isinstance(node, ast.Call)
            and getattr(node.func, "attr", getattr(node.func, "id", None)) == "import_module"
            and node.args
            and isinstance(node.args[0], ast.Constant)
        ):
            modules.add(node.args[0].value)
    return modules


def _outside(modules: set[str], allowed: set[str]) -> list[str]:
    """The modules of the project's packages that are not under one of ``allowed``."""
    return sorted(
        module
        for module in modules
        if module.split(".")[0] in PROJECT_PACKAGES
        and not any(module == each or module.startswith(f"{each}.") for each in allowed)
    )


@pytest.mark.parametrize("path", _python_files("guidance"), ids=_relative)
def test_guidance_imports_nothing_of_the_project_but_itself_and_dpa(path):
    imported = imported_modules(path)

    assert _outside(imported, {"guidance", "dpa"}) == []
    # Through these it would reach the case work after all.
    assert sorted(imported & WIRING_MODULES) == []


@pytest.mark.parametrize("path", _python_files("guidance"), ids=_relative)
def test_guidance_code_names_no_case_screen_or_template(path):
    strings = [
        node.value
        for node in ast.walk(ast.parse(path.read_text()))
        if isinstance(node, ast.Constant) and isinstance(node.value, str)
    ]

    assert [each for each in strings if CASE_SCREEN.search(each)] == []


@pytest.mark.parametrize(
    "path",
    sorted([*(ROOT / "templates/guidance").rglob("*.html"), *(ROOT / "templates/admin/guidance").rglob("*.html")]),
    ids=_relative,
)
def test_guidance_templates_use_no_case_template_or_screen(path):
    assert CASE_SCREEN.findall(path.read_text()) == []


@pytest.mark.parametrize(
    "path", [path for path in _python_files("dpa") if _relative(path) not in WIRING], ids=_relative
)
def test_dpa_imports_no_app(path):
    assert _outside(imported_modules(path), {"dpa"}) == []
