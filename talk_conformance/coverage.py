"""Coverage as data: which scenarios check each theme of ``coverage.yaml``.

A scenario joins a theme with the tag ``@theme:<id>``. ``COVERAGE.md`` lists, per theme, what it
covers and the scenarios that check it (with the releases' capabilities they need), so a reader sees
what the suite promises and what it does not. It is generated: ``python -m talk_conformance.coverage
--write``; ``tests/test_coverage.py`` fails while it differs.
"""

from __future__ import annotations

import sys
from dataclasses import dataclass

import yaml

from talk_conformance import ROOT, catalogue

THEME_PREFIX = "theme:"
FILE = ROOT / "coverage.yaml"
PAGE = ROOT / "COVERAGE.md"


@dataclass(frozen=True)
class Theme:
    id: str
    title: str
    covers: str


def themes() -> list[Theme]:
    return [Theme(t["id"], t["title"], t["covers"]) for t in yaml.safe_load(FILE.read_text(encoding="utf-8"))["themes"]]


def themes_of(scenario: catalogue.Scenario) -> list[str]:
    return sorted(t[len(THEME_PREFIX):] for t in scenario.tags if t.startswith(THEME_PREFIX))


def by_theme(scenarios: list[catalogue.Scenario]) -> dict[str, list[catalogue.Scenario]]:
    found: dict[str, list[catalogue.Scenario]] = {t.id: [] for t in themes()}
    for s in scenarios:
        for theme in themes_of(s):
            found.setdefault(theme, []).append(s)
    return found


def _only_for(s: catalogue.Scenario) -> str:
    versions = sorted({t.split(":")[1] for t in s.tags if t.startswith("profile:")})
    return f" (API {' and '.join(versions)} only)" if versions else ""


def render(scenarios: list[catalogue.Scenario]) -> str:
    grouped = by_theme(scenarios)
    lines = ["# What the suite checks, by theme", "",
             "Generated from [`coverage.yaml`](coverage.yaml) and the `@theme:` tags of the feature files "
             "(`python -m talk_conformance.coverage --write`). Each scenario runs against every release whose "
             "docs state its rule, in the form of the API version the server speaks; a capability in brackets "
             "is one the server must advertise.", ""]
    lines += ["| theme | scenarios |", "|---|---|"]
    lines += [f"| [{t.title}](#{t.id}) | {len(grouped[t.id])} |" for t in themes()]
    for t in themes():
        lines += ["", f'<a id="{t.id}"></a>', f"## {t.title}", "", t.covers, ""]
        if not grouped[t.id]:
            lines.append("No scenario yet.")
        for s in sorted(grouped[t.id], key=lambda s: (s.path, s.title)):
            caps = f" [{', '.join(s.capabilities)}]" if s.capabilities else ""
            beyond = " (beyond the docs: reported, never failed)" if "beyond-the-docs" in s.tags else ""
            lines.append(f"- `features/{s.path}`: {s.title}{caps}{_only_for(s)}{beyond}")
    return "\n".join(lines) + "\n"


def main(argv: list[str]) -> int:
    text = render(catalogue.load(ROOT / "features"))
    if "--write" in argv:
        PAGE.write_text(text, encoding="utf-8")
        return 0
    sys.stdout.write(text)
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
