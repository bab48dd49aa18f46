"""What the suite checks, read from the feature files: features, scenarios, tags, capabilities, faults.

`talk-conformance list` prints it; the project's tests read it to know which scenarios guard which
reference-server fault (the ``@fault:NAME`` tags).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from pytest_bdd.parser import FeatureParser

from talk_conformance.spec.capabilities import TAG_PREFIX

FAULT_PREFIX = "fault:"


@dataclass(frozen=True)
class Scenario:
    feature: str
    path: str  # relative to features/
    title: str
    tags: frozenset[str]
    runs: int = 1  # tests it makes: one per row of its Examples tables (a plain scenario: one)

    @property
    def capabilities(self) -> list[str]:
        return sorted(t[len(TAG_PREFIX):] for t in self.tags if t.startswith(TAG_PREFIX))

    @property
    def faults(self) -> list[str]:
        return sorted(t[len(FAULT_PREFIX):] for t in self.tags if t.startswith(FAULT_PREFIX))


def load(features_dir: Path) -> list[Scenario]:
    found = []
    for path in sorted(features_dir.rglob("*.feature")):
        feature = FeatureParser(str(features_dir), str(path.relative_to(features_dir))).parse()
        for template in feature.scenarios.values():
            rows = sum(len(list(table.as_contexts())) for table in template.examples)
            found.append(Scenario(feature.name, str(path.relative_to(features_dir)), template.name,
                                  frozenset(feature.tags | template.tags), rows or 1))
    return found


def fuzzed_operations(api: str | None = None) -> list[str]:
    """What features/test_fuzz.py makes a test of against a server of API version ``api`` (None: what
    it collects, every version's): each operation of that version's document but those it gives
    ``x-talk-not-fuzzed`` (by test id, talk_conformance.plugin.fuzz.collect), and the stateful test. A
    run keeps its version's only."""
    from talk_conformance.spec import profile

    chosen = [profile.by_name(api)] if api else profile.PROFILES
    ops = [op if p is profile.PROFILES[0] else f"{p.name}:{op}" for p in chosen for op in sorted(p.operations)
           if p.operations[op].fuzzed]
    return ops + ["(stateful: operations chained through links)"]


def counts(scenarios: list[Scenario], api: str | None = None) -> dict:
    """What `run` counts as tests against a server of API version ``api``: each scenario once per
    Examples row, and each fuzzed operation of that version. Without ``api``: what pytest collects
    (every version's fuzzed operations), with each version's count under ``by_api``."""
    from talk_conformance.spec import profile

    runs = sum(s.runs for s in scenarios)
    fuzzed = len(fuzzed_operations(api))
    found: dict = {"features": len({s.path for s in scenarios}), "scenarios": len(scenarios), "scenario_tests": runs,
             "fuzzed_operations": fuzzed, "tests": runs + fuzzed}
    if api is None:
        found["by_api"] = {p.name: runs + len(fuzzed_operations(p.name)) for p in profile.PROFILES}
    return found


def capabilities(scenarios: list[Scenario]) -> list[str]:
    return sorted({c for s in scenarios for c in s.capabilities})


def unknown_capability(names: list[str], known: list[str]) -> str | None:
    """One line for the first --capability the suite has no scenario for, with the nearest match."""
    import difflib

    for name in names:
        if name not in known:
            near = difflib.get_close_matches(name, known, n=1)
            hint = f"did you mean {near[0]!r}? " if near else ""
            return f"--capability: the suite has no scenario tagged {name!r}; {hint}known: {', '.join(known)}"
    return None


def as_json(scenarios: list[Scenario]) -> dict:
    return {"counts": counts(scenarios), "capabilities": capabilities(scenarios),
            "scenarios": [{"feature": s.feature, "path": s.path, "title": s.title, "tags": sorted(s.tags),
                           "capabilities": s.capabilities, "tests": s.runs} for s in scenarios],
            "fuzzed_operations": fuzzed_operations()}


def render(scenarios: list[Scenario]) -> str:
    lines, current = [], None
    for s in scenarios:
        if s.path != current:
            current = s.path
            lines.append(f"{s.feature}  ({s.path})")
        tags = [t for t in sorted(s.tags) if not t.startswith(FAULT_PREFIX)]
        rows = f"  ({s.runs} examples)" if s.runs > 1 else ""
        lines.append(f"  {s.title}" + (f"  [{', '.join(tags)}]" if tags else "") + rows)
    c = counts(scenarios)
    per_api = "; ".join(f"against an API {api} server {n}" for api, n in c["by_api"].items())
    lines.append(f"\n{c['scenarios']} scenarios in {c['features']} features, {c['scenario_tests']} tests once each "
                 f"Examples row counts; {c['fuzzed_operations']} fuzzed operations of every API version (the "
                 f"'fuzz' mark). Tests, as `talk-conformance run` counts them: {per_api}")
    lines.append("capabilities: " + (", ".join(capabilities(scenarios)) or "none"))
    return "\n".join(lines)
