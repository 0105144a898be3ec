"""An app imports only from apps on its own layer or below (see the README)."""

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
LAYERS = {
    "bpets": 0,
    "security": 1,
    "staffing": 2,
    "vehicles": 3,
    "checkpoints": 3,
    "scheduling": 4,
    "timesheet": 5,
    "operations_orders": 5,
    "bsits": 5,
    "reporting": 6,
}


def imported_apps(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(), filename=str(path))
    names = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names |= {alias.name.split(".")[0] for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module.split(".")[0])
    return names & set(LAYERS)


def source_files(app: str):
    for path in sorted((ROOT / app).rglob("*.py")):
        if "migrations" not in path.parts:
            yield path


@pytest.mark.parametrize("app", sorted(LAYERS))
def test_the_app_imports_nothing_from_a_higher_layer(app):
    layer = LAYERS[app]
    offending = [
        f"{path.relative_to(ROOT)} imports {name}"
        for path in source_files(app)
        for name in sorted(imported_apps(path))
        if LAYERS[name] > layer
    ]

    assert offending == []


def test_every_app_of_the_product_has_a_layer():
    from django.conf import settings

    product_apps = {
        app for app in settings.INSTALLED_APPS if (ROOT / app / "apps.py").exists()
    }

    assert product_apps == set(LAYERS)


def test_the_check_itself_sees_a_violation(tmp_path):
    offender = tmp_path / "views.py"
    offender.write_text("from reporting import selectors\nimport staffing.models\n")

    assert imported_apps(offender) == {"reporting", "staffing"}
