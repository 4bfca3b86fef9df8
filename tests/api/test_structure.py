"""The API's shape: one module per audience, none reaching into another's (what audiences share
lives in neutral modules), and every route in one place."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

API = Path(__file__).resolve().parents[2] / "jobs" / "api"
AUDIENCES = {"public", "seekers", "migrants", "employers", "staff"}


def imported_modules(path: Path) -> set[str]:
    """Every module ``path`` imports, as dotted names (``from jobs.api import x`` names jobs.api.x)."""
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found |= {alias.name for alias in node.names}
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:  # relative: from the jobs.api package
                base = ".".join(["jobs", "api", base][: 3 if base else 2])
            found.add(base)
            found |= {f"{base}.{alias.name}" for alias in node.names}
    return found


@pytest.mark.parametrize("audience", sorted(AUDIENCES))
def test_no_audience_module_imports_another_audience_module(audience: str) -> None:
    # given
    others = {f"jobs.api.{other}" for other in AUDIENCES - {audience}}

    # when
    imported = imported_modules(API / f"{audience}.py")

    # then
    assert not imported & others, f"jobs/api/{audience}.py imports {sorted(imported & others)}"


def test_only_the_url_module_defines_urlpatterns() -> None:
    # given
    modules = sorted(API.glob("*.py"))

    # when
    defining = {
        path.name
        for path in modules
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8")))
        if isinstance(node, ast.Assign | ast.AnnAssign)
        and any(
            isinstance(target, ast.Name) and target.id == "urlpatterns"
            for target in (node.targets if isinstance(node, ast.Assign) else [node.target])
        )
    }

    # then
    assert defining == {"urls.py"}


def test_every_audience_module_is_checked() -> None:
    # A new audience module must be named here, or it escapes the check above.
    neutral = {"__init__", "access", "auth", "catalogue", "conventions", "fields", "filters", "notices",
               "parsers", "people", "subsidies", "urls"}  # fmt: skip
    assert {path.stem for path in API.glob("*.py")} - neutral == AUDIENCES
