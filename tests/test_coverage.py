"""Coverage is data: every theme of coverage.yaml lists the scenarios that check it (COVERAGE.md)."""

from __future__ import annotations

from talk_conformance import ROOT, catalogue, coverage

SCENARIOS = catalogue.load(ROOT / "features")
# Themes no scenario checks yet. Exact: a theme that gets a scenario must leave the list.
UNCOVERED: set[str] = set()


def test_the_coverage_page_is_generated_from_the_tags():
    assert PAGE_TEXT == coverage.render(SCENARIOS), \
        "COVERAGE.md differs from the @theme: tags: python -m talk_conformance.coverage --write"


def test_every_theme_tag_names_a_theme():
    known = {t.id for t in coverage.themes()}
    unknown = sorted({f"{s.path}: {t}" for s in SCENARIOS for t in coverage.themes_of(s) if t not in known})
    assert not unknown, f"@theme: tags naming no theme of coverage.yaml: {unknown}"


def test_every_theme_is_checked_by_a_scenario():
    empty = {theme for theme, found in coverage.by_theme(SCENARIOS).items() if not found}
    assert empty == UNCOVERED, (f"themes now covered (remove them from UNCOVERED): {sorted(UNCOVERED - empty)}; "
                                f"themes no scenario checks: {sorted(empty - UNCOVERED)}")


def test_every_anchor_entry_is_sound():
    """Each scenario of Talk's own suite (anchor/*.yaml) says how ours cover it, naming scenarios we have."""
    problems = coverage.anchor_problems(SCENARIOS)
    assert not problems, "\n".join(problems)


def test_a_wrong_anchor_entry_is_named(tmp_path, monkeypatch):
    (tmp_path / "chat.yaml").write_text(
        "folder: chat\nfeatures:\n  x.feature:\n"
        "    - {scenario: a, covered: full, by: [no such scenario of ours]}\n"
        "    - {scenario: b, covered: missing}\n    - {scenario: c, covered: partly, by: []}\n", encoding="utf-8")
    monkeypatch.setattr(coverage, "ANCHOR", tmp_path)
    problems = "\n".join(coverage.anchor_problems(SCENARIOS))
    assert "we have no scenario 'no such scenario of ours'" in problems, problems
    assert "'b': missing says nothing of why" in problems, problems
    assert "covered is 'partly'" in problems and "'c': partly names none" not in problems, problems


PAGE_TEXT = coverage.PAGE.read_text(encoding="utf-8") if coverage.PAGE.exists() else ""
