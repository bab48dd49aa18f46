"""The import rules of ARCHITECTURE.md, enforced: each part of the project imports only what its job needs.

Every import counts, a lazy one inside a function too. A rule that does not hold yet, because the code
it is about is being restructured on another branch, is marked ``xfail(strict=True)`` with the reason:
it turns red the moment it holds, and then the mark goes.
"""

from __future__ import annotations

import ast
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PACKAGES = ("talk_conformance", "talk_refserver", "steps", "features")


@dataclass(frozen=True)
class Import:
    source: str  # importing module, dotted (steps.chat)
    path: str  # its file, relative to the repository
    line: int
    target: str  # imported module, dotted (talk_conformance.spec.contract)

    def __str__(self) -> str:
        return f"{self.path}:{self.line} imports {self.target}"


def _module_name(path: Path) -> str:
    parts = list(path.relative_to(ROOT).with_suffix("").parts)
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _is_module(dotted: str) -> bool:
    base = ROOT.joinpath(*dotted.split("."))
    return base.with_suffix(".py").is_file() or (base / "__init__.py").is_file()


def _imports() -> list[Import]:
    found = []
    for package in PACKAGES:
        for path in sorted((ROOT / package).rglob("*.py")):
            source, rel = _module_name(path), str(path.relative_to(ROOT))
            is_package = path.name == "__init__.py"
            for node in ast.walk(ast.parse(path.read_text(), str(path))):
                if isinstance(node, ast.Import):
                    found += [Import(source, rel, node.lineno, alias.name) for alias in node.names]
                elif isinstance(node, ast.ImportFrom):
                    if node.level:  # relative: resolved against the importing module's package
                        anchor = source.split(".")
                        anchor = anchor[:len(anchor) - node.level + (1 if is_package else 0)]
                        module = ".".join(anchor + ([node.module] if node.module else []))
                    else:
                        module = node.module or ""
                    for alias in node.names:
                        # `from talk_conformance.spec import contract` imports the module spec.contract
                        sub = f"{module}.{alias.name}"
                        found.append(Import(source, rel, node.lineno, sub if _is_module(sub) else module))
    return found


IMPORTS = _imports()


def _ours(target: str) -> bool:
    return target.split(".")[0] in PACKAGES


def _within(name: str, *prefixes: str) -> bool:
    return any(name == p or name.startswith(p + ".") for p in prefixes)


def _breaking(sources: tuple[str, ...], allowed) -> list[str]:
    return [str(i) for i in IMPORTS if _within(i.source, *sources) and _ours(i.target) and not allowed(i)]


def test_the_import_graph_is_read():
    """The rules below would pass vacuously if nothing were found."""
    targets = {(i.source, i.target) for i in IMPORTS}
    assert ("talk_conformance.plugin", "talk_conformance.spec.contract") in targets
    assert ("talk_conformance.output.report", "talk_conformance.output.junit") in targets
    assert ("talk_refserver.app", "talk_refserver.routing") in targets
    assert ("steps.chat", "steps.common") in targets


def test_the_reference_server_imports_nothing_of_the_suite():
    """The judge and the judged must not be able to agree by sharing a bug."""
    assert _breaking(("talk_refserver",), lambda i: _within(i.target, "talk_refserver")) == []


def test_only_the_serve_command_imports_the_reference_server():
    """The suite starts the reference server as a child process (run/embedded.py); only `talk-conformance
    serve` (and `--fault list`) runs its code in the suite's process."""
    assert _breaking(("talk_conformance",), lambda i: not _within(i.target, "talk_refserver")
                     or i.source == "talk_conformance.cli") == []


def test_the_reference_servers_storage_is_its_own_layer():
    """repo/ holds all SQL and knows nothing of routes, guards, views or faults."""
    assert _breaking(("talk_refserver.repo",), lambda i: _within(i.target, "talk_refserver.repo")) == []


def test_spec_imports_no_other_part_of_the_suite():
    """What the docs say (profiles, documents, contract, releases, deviations) stands alone; the package
    root gives it ROOT."""
    assert _breaking(("talk_conformance.spec",), lambda i: _within(i.target, "talk_conformance.spec")
                     or i.target == "talk_conformance") == []


def test_run_imports_only_spec():
    """One run against one target: settings, provisioning, the client and the stream. It knows the docs
    (spec/), never pytest's side (plugin/) or what the run leaves behind (output/)."""
    assert _breaking(("talk_conformance.run",), lambda i: _within(i.target, "talk_conformance.run", "talk_conformance.spec")
                     or i.target == "talk_conformance") == []


def test_output_imports_only_spec():
    """Reports render a summary document; they do not import the pytest plugin (which feeds them) or the run."""
    assert _breaking(("talk_conformance.output",), lambda i: _within(i.target, "talk_conformance.output",
                                                                      "talk_conformance.spec")
                     or i.target == "talk_conformance") == []


def test_nothing_imports_the_command_line():
    """cli is the top: it imports the parts, no part imports it (python -m talk_conformance excepted)."""
    assert [str(i) for i in IMPORTS if _within(i.target, "talk_conformance.cli")
            and i.source != "talk_conformance.__main__"] == []


def test_pytest_is_imported_only_by_the_pytest_side():
    """spec/, run/ and output/ work without pytest: plugin/ adapts them to it (the catalogue reads feature
    files with pytest-bdd's parser, features/ and steps/ are pytest's by nature)."""
    breaking = [str(i) for i in IMPORTS
                if _within(i.source, "talk_conformance.spec", "talk_conformance.run", "talk_conformance.output")
                and _within(i.target, "pytest", "_pytest", "pytest_bdd", "xdist")]
    assert breaking == []


def test_steps_import_no_machinery_of_the_run():
    """Steps speak to the server through the World's actors; the plugin, the reports and the command
    line are not theirs to call."""
    assert _breaking(("steps",), lambda i: not _within(i.target, "talk_conformance.plugin", "talk_conformance.output",
                                                       "talk_conformance.cli", "talk_conformance.catalogue",
                                                       "talk_refserver")) == []


def test_steps_never_import_the_contract():
    """Steps get the contract and the release from the target (the profile's product for this server),
    so a second API version needs no step that names a document."""
    assert _breaking(("steps",), lambda i: not _within(i.target, "talk_conformance.spec.contract")) == []


def test_the_scenario_binder_imports_only_steps():
    """features/test_scenarios.py binds the Gherkin to the steps, and nothing else."""
    assert [str(i) for i in IMPORTS if i.source == "features.test_scenarios" and _ours(i.target)
            and not _within(i.target, "steps")] == []


def test_no_module_level_document_remains():
    """A contract is a product of a profile and a release: nothing reads a default document."""
    for path in [*(ROOT / "talk_conformance").rglob("*.py"), *(ROOT / "steps").glob("*.py"),
                 *(ROOT / "features").glob("*.py")]:
        text = path.read_text(encoding="utf-8")
        for banned in ("contract.default(", "contract.DOCUMENT", "profile.default(", "contract.for_server("):
            assert banned not in text, f"{path.relative_to(ROOT)} uses {banned}"
