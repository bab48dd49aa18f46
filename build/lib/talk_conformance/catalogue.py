"""What the suite checks, read from the feature files: features, scenarios, tags, capabilities, faults.

`talk-conformance list` prints it; the project's tests read it to know which scenarios guard which
reference-server fault (the ``@fault:NAME`` tags).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from pytest_bdd.parser import FeatureParser

from talk_conformance.capabilities import TAG_PREFIX

FAULT_PREFIX = "fault:"


@dataclass(frozen=True)
class Scenario:
    feature: str
    path: str  # relative to features/
    title: str
    tags: frozenset[str]

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
            found.append(Scenario(feature.name, str(path.relative_to(features_dir)), template.name,
                                  frozenset(feature.tags | template.tags)))
    return found


def render(scenarios: list[Scenario]) -> str:
    lines, current = [], None
    for s in scenarios:
        if s.path != current:
            current = s.path
            lines.append(f"{s.feature}  ({s.path})")
        tags = [t for t in sorted(s.tags) if not t.startswith(FAULT_PREFIX)]
        lines.append(f"  {s.title}" + (f"  [{', '.join(tags)}]" if tags else ""))
    caps = sorted({c for s in scenarios for c in s.capabilities})
    lines.append(f"\n{len(scenarios)} scenarios in {len({s.path for s in scenarios})} features; capabilities: "
                 + (", ".join(caps) or "none"))
    return "\n".join(lines)
