"""Coverage as data: which scenarios check each theme of ``coverage.yaml``, and each scenario of
Talk's own integration suite (``anchor/*.yaml``).

A scenario joins a theme with the tag ``@theme:<id>``. ``COVERAGE.md`` lists, per theme, what it
covers and the scenarios that check it (with the releases' capabilities they need), so a reader sees
what the suite promises and what it does not. Then, scenario by scenario, the Behat suite of
nextcloud/spreed (``tests/integration/features`` at v11.3.6, the last release serving room API v1):
which of ours check the same (fully or in part), which are not checked yet and why, and which are out
of this suite's scope. It is generated: ``python -m talk_conformance.coverage --write``;
``tests/test_coverage.py`` fails while it differs, or while an entry names a scenario we do not have.
"""

from __future__ import annotations

import sys
from dataclasses import dataclass

import yaml

from talk_conformance import ROOT, catalogue

THEME_PREFIX = "theme:"
FILE = ROOT / "coverage.yaml"
PAGE = ROOT / "COVERAGE.md"
ANCHOR = ROOT / "anchor"
ANCHOR_SOURCE = "https://github.com/nextcloud/spreed/tree/v11.3.6/tests/integration/features"
# How much of an anchor scenario ours check; the order is the page's.
COVERED = {"full": "covered", "part": "partly covered", "missing": "not yet covered",
           "out-of-scope": "out of scope"}


@dataclass(frozen=True)
class Theme:
    id: str
    title: str
    covers: str


def themes() -> list[Theme]:
    return [Theme(t["id"], t["title"], t["covers"]) for t in yaml.safe_load(FILE.read_text(encoding="utf-8"))["themes"]]


@dataclass(frozen=True)
class AnchorScenario:
    """One scenario of spreed's integration suite and how ours cover it."""
    folder: str
    feature: str
    title: str
    covered: str  # a key of COVERED
    by: tuple[str, ...]  # titles of our scenarios that check the same (full, part)
    note: str  # what ours leave out (part), why none yet (missing), which scope excludes it (out-of-scope)


def anchor() -> list[AnchorScenario]:
    found = []
    for path in sorted(ANCHOR.glob("*.yaml")):
        doc = yaml.safe_load(path.read_text(encoding="utf-8"))
        for feature, entries in (doc.get("features") or {}).items():
            found += [AnchorScenario(doc["folder"], feature, e["scenario"], e["covered"], tuple(e.get("by") or ()),
                                     e.get("note") or "") for e in entries or ()]
    return found


def anchor_problems(scenarios: list[catalogue.Scenario]) -> list[str]:
    """Entries the page could not be trusted with: an unknown state, a title of ours that does not
    exist, a covered entry without our scenarios, an uncovered one without its reason."""
    ours = {s.title for s in scenarios}
    problems = []
    for a in anchor():
        where = f"anchor {a.folder}/{a.feature}: {a.title!r}"
        if a.covered not in COVERED:
            problems.append(f"{where}: covered is {a.covered!r}, not one of {sorted(COVERED)}")
        if a.covered in ("full", "part") and not a.by:
            problems.append(f"{where}: {a.covered} names none of our scenarios (by:)")
        if a.covered != "full" and not a.note:
            problems.append(f"{where}: {a.covered} says nothing of why (note:)")
        problems += [f"{where}: we have no scenario {title!r}" for title in a.by if title not in ours]
    return problems


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
    return "\n".join(lines + _render_anchor(scenarios)) + "\n"


def _render_anchor(scenarios: list[catalogue.Scenario]) -> list[str]:
    entries = anchor()
    if not entries:
        return []
    where = {s.title: s.path for s in scenarios}
    folders = sorted({a.folder for a in entries})
    lines = ["", '<a id="anchor"></a>', "## Talk's own integration suite, scenario by scenario", "",
             f"Each scenario of the Behat suite of Talk ([`tests/integration/features`]({ANCHOR_SOURCE}) at "
             "v11.3.6, the last release serving room API v1) and the scenarios of this suite that check the same. "
             "Generated from [`anchor/`](anchor).", "",
             "| folder | " + " | ".join(COVERED.values()) + " | scenarios |",
             "|---|" + "---|" * (len(COVERED) + 1)]
    for folder in [*folders, None]:
        mine = [a for a in entries if folder is None or a.folder == folder]
        counts = [sum(a.covered == state for a in mine) for state in COVERED]
        lines.append(f"| {folder or '**all**'} | " + " | ".join(map(str, counts)) + f" | {len(mine)} |")
    for folder in folders:
        for feature in sorted({a.feature for a in entries if a.folder == folder}):
            lines += ["", f"### {folder}/{feature}", ""]
            for a in (a for a in entries if a.folder == folder and a.feature == feature):
                note = f" ({a.note})" if a.note else ""
                lines.append(f"- {a.title}: **{COVERED.get(a.covered, a.covered)}**{note}")
                lines += [f"  - `features/{where.get(t, '?')}`: {t}" for t in a.by]
    return lines


def main(argv: list[str]) -> int:
    text = render(catalogue.load(ROOT / "features"))
    if "--write" in argv:
        PAGE.write_text(text, encoding="utf-8")
        return 0
    sys.stdout.write(text)
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
