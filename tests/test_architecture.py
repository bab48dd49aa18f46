"""The import rules of ARCHITECTURE.md, enforced: each part imports only what its row allows."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

from talk_conformance import ROOT

SUITE = "talk_conformance"
# part (a folder, or one module) -> the prefixes of project modules it may import.
ALLOWED = {
    "talk_conformance/spec": ("talk_conformance.spec", "talk_conformance.ROOT"),
    "talk_conformance/run": ("talk_conformance.run", "talk_conformance.spec", "talk_conformance.ROOT"),
    "talk_conformance/output": ("talk_conformance.output", "talk_conformance.spec", "talk_conformance.run",
                                "talk_conformance.ROOT"),
    "features": ("talk_conformance.plugin",),
    "talk_refserver": ("talk_refserver",),
}
PROJECT = ("talk_conformance", "steps", "talk_refserver")


def _imports(path: Path) -> list[tuple[int, str]]:
    found = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found += [(node.lineno, a.name) for a in node.names]
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            found += [(node.lineno, f"{node.module}.{a.name}") for a in node.names]
    return [(line, name) for line, name in found if name.split(".")[0] in PROJECT]


def _allowed(name: str, prefixes: tuple[str, ...]) -> bool:
    return any(name == p or name.startswith(p + ".") for p in prefixes)


@pytest.mark.parametrize("part", sorted(ALLOWED))
def test_each_part_imports_only_what_it_may(part):
    broken = [f"{path.relative_to(ROOT)}:{line} imports {name}"
              for path in sorted((ROOT / part).rglob("*.py"))
              for line, name in _imports(path) if not _allowed(name, ALLOWED[part])]
    assert broken == []


def test_steps_never_import_the_contract():
    """Steps read the contract and the release from the target (``world.target.contract``)."""
    allowed = ("steps", "talk_conformance.run.client", "talk_conformance.spec")
    broken = [f"{path.relative_to(ROOT)}:{line} imports {name}"
              for path in sorted((ROOT / "steps").glob("*.py"))
              for line, name in _imports(path)
              if not _allowed(name, allowed) or _allowed(name, ("talk_conformance.spec.contract",))
              or name == "talk_conformance.spec.contract"]
    assert broken == []


def test_no_module_level_document_remains():
    """A contract is a product of a profile and a release: nothing reads a default document."""
    for path in [*(ROOT / SUITE).rglob("*.py"), *(ROOT / "steps").glob("*.py"), *(ROOT / "features").glob("*.py")]:
        text = path.read_text(encoding="utf-8")
        for banned in ("contract.default(", "contract.DOCUMENT", "profile.default(", "contract.for_server("):
            assert banned not in text, f"{path.relative_to(ROOT)} uses {banned}"
