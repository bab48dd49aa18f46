"""pytest-bdd finds the definition of each step by asking pytest, for every fixture name the test can
see (a few hundred), which definitions are visible to the test, and then which are step definitions
that match the step: about 2.5 ms a step, 2 s of a 17 s run, paid again by every worker process.

Which step definitions a test can see depends only on where the test is (its module): they are listed
once per module, with an index by a word each sentence must contain, and a step is then matched against
the few definitions whose word it has, once per step text. The matching is pytest-bdd's own (type and
parser), and pytest still decides visibility: only the order of the work changes. pytest-bdd has no
hook for this, so its lookup function is replaced in its module; with a pytest-bdd that no longer
has the pieces used here it is left alone (slower, never wrong).
"""

from __future__ import annotations

import importlib
from collections import defaultdict
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

    def step_definitions(fixturemanager, node) -> _Index:
        """(fixture definition, step context) of every step definition visible to ``node``, indexed."""
        return _Index([(fixturedef, registry[fixturedef.func])
                       for name in names(fixturemanager=fixturemanager)
                       for fixturedef in visible(fixturemanager, name, node) or []
                       if fixturedef.func in registry])

    def find_indexed(step, fixturemanager, node):
        # Kept on the fixture manager: a new session (pytest.main run again in one process) starts afresh.
        by_module, by_step = fixturemanager.__dict__.setdefault(_CACHE, ({}, {}))
        key = (node.path, step.type, step.name)
        if key not in by_step:
            if node.path not in by_module:
                by_module[node.path] = step_definitions(fixturemanager, node)
            by_step[key] = [fixturedef for fixturedef, context in by_module[node.path].candidates(step.name)
                            if context.type in (None, step.type) and context.parser.is_matching(step.name)]
        return by_step[key]

    find_indexed.indexed = True  # type: ignore[attr-defined]
    scenario.find_fixturedefs_for_step = find_indexed


def _word(parser) -> str | None:
    """The longest whole word of a ``parse``-style sentence's literal text, lowered (``parse`` matches
    without case): a step text without that word cannot match. None for other parsers (regular
    expressions) and sentences with no whole word: those are matched against every step."""
    fmt = getattr(parser, "name", None)
    if type(parser).__name__ == "re" or not isinstance(fmt, str) or "{{" in fmt or "}}" in fmt:
        return None
    chunks, rest = [], fmt
    while "{" in rest:  # the literal text between the {fields}
        before, _, after = rest.partition("{")
        chunks.append(before)
        rest = after.partition("}")[2]
    chunks.append(rest)
    words: list[str] = []
    for i, chunk in enumerate(chunks):
        pieces = chunk.lower().split(" ")
        # A piece touching a field is part of a longer word of the step text ("{n}s"): not whole.
        words += pieces[0 if i == 0 else 1: len(pieces) if i == len(chunks) - 1 else -1]
    return max(filter(None, words), key=len, default=None)


class _Index:
    """Step definitions in pytest-bdd's order, with the positions of those whose sentence needs a word."""

    def __init__(self, definitions: list) -> None:
        self.definitions = definitions
        self.by_word: dict[str | None, list[int]] = defaultdict(list)
        for position, (_, context) in enumerate(definitions):
            self.by_word[_word(context.parser)].append(position)

    def candidates(self, text: str) -> list:
        """The definitions that may match ``text``, in their order: each whose word it has, and each
        that needs none."""
        positions = list(self.by_word.get(None, ()))
        for word in set(text.lower().split(" ")):
            positions += self.by_word.get(word, ())
        return [self.definitions[p] for p in sorted(positions)]
