"""pytest-bdd finds the definition of each step by asking pytest, for every fixture name the test can
see (a few hundred), which definitions are visible to the test, and then which are step definitions
that match the step: about 2.5 ms a step, 2 s of a 17 s run, paid again by every worker process.

Which step definitions a test can see depends only on where the test is (its module): they are listed
once per module, and a step is then matched against that short list, once per step text. The matching
is pytest-bdd's own (type and parser), and pytest still decides visibility: only the order of the work
changes. pytest-bdd has no hook for this, so its lookup function is replaced in its module; with a
pytest-bdd that no longer has the pieces used here it is left alone (slower, never wrong).
"""

from __future__ import annotations

import importlib
from typing import Any

_CACHE = "_talk_conformance_step_lookup"


def install() -> None:
    scenario: Any = importlib.import_module("pytest_bdd.scenario")  # the package's ``scenario`` is a function
    find: Any = getattr(scenario, "find_fixturedefs_for_step", None)
    names: Any = getattr(scenario, "get_fixture_names", None)
    visible: Any = getattr(scenario, "getfixturedefs", None)
    registry: Any = getattr(scenario, "step_function_context_registry", None)
    if None in (find, names, visible, registry) or getattr(find, "indexed", False):
        return

    def step_definitions(fixturemanager, node) -> list:
        """(fixture definition, step context) of every step definition visible to ``node``."""
        return [(fixturedef, registry[fixturedef.func])
                for name in names(fixturemanager=fixturemanager)
                for fixturedef in visible(fixturemanager, name, node) or []
                if fixturedef.func in registry]

    def find_indexed(step, fixturemanager, node):
        # Kept on the fixture manager: a new session (pytest.main run again in one process) starts afresh.
        by_module, by_step = fixturemanager.__dict__.setdefault(_CACHE, ({}, {}))
        key = (node.path, step.type, step.name)
        if key not in by_step:
            if node.path not in by_module:
                by_module[node.path] = step_definitions(fixturemanager, node)
            by_step[key] = [fixturedef for fixturedef, context in by_module[node.path]
                            if context.type in (None, step.type) and context.parser.is_matching(step.name)]
        return by_step[key]

    find_indexed.indexed = True  # type: ignore[attr-defined]
    scenario.find_fixturedefs_for_step = find_indexed
