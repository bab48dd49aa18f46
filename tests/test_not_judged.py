"""Capabilities a server advertises that the suite does not judge (issue 17): the reports show each as
"advertised, not judged", never as passed; the families the suite leaves out on purpose are one list
(talk_conformance.spec.capabilities.NOT_JUDGED), from which the README's section is generated."""

from __future__ import annotations

import html
import json
import re
from pathlib import Path

import pytest
import yaml

from talk_conformance import ROOT, catalogue
from talk_conformance.output import report
from talk_conformance.spec import capabilities
from tests.test_report_triage import _doc, _page, _test

TALK_22_FEATURES = ("conversation-v4", "favorites", "federation-v1", "federation-v2", "breakout-rooms-v1",
                    "talk-polls", "recording-v1", "bots-v1", "sip-support", "threads", "schedule-meeting",
                    "markdown-messages")


def test_the_readme_section_of_not_judged_capabilities_is_generated_from_the_list():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert capabilities.readme_with_section(readme) == readme, \
        "the README's not-judged section differs: python -m talk_conformance.spec.capabilities --write"


def test_the_issue_s_families_are_listed_by_their_capability_names():
    families = {entry.family: entry.capabilities for entry in capabilities.NOT_JUDGED}
    for family, name in (("federation", "federation-v1"), ("breakout rooms", "breakout-rooms-v1"),
                         ("polls", "talk-polls"), ("recordings", "recording-v1"), ("bots", "bots-v1"),
                         ("SIP", "sip-support"), ("threads", "threads"), ("scheduling", "schedule-meeting")):
        assert name in families.get(family, ()), f"{family} lists {name}: {families}"
    names = [c for entry in capabilities.NOT_JUDGED for c in entry.capabilities]
    assert len(names) == len(set(names)), f"each capability in one family: {names}"


def test_what_is_listed_as_not_judged_is_judged_by_nothing():
    """A scenario or a fuzzed operation for one of them: take it off the list (the reports would call a
    judged capability not judged)."""
    listed = {c for entry in capabilities.NOT_JUDGED for c in entry.capabilities}
    scenarios = catalogue.load(ROOT / "features")
    tagged = {c for s in scenarios for c in s.capabilities}
    tagged |= {t.split(":", 1)[1] for s in scenarios for t in s.tags if t.startswith("without-capability:")}
    fuzzed = set()
    for document in ("openapi.yaml", "openapi-v4.yaml"):
        text = (ROOT / document).read_text(encoding="utf-8")
        fuzzed |= set(re.findall(r"x-talk-(?:unless-)?capability: ([\w-]+)", text))
    assert not listed & tagged, f"scenarios judge these, listed as not judged: {sorted(listed & tagged)}"
    assert not listed & fuzzed, f"fuzzed operations judge these, listed as not judged: {sorted(listed & fuzzed)}"


def test_an_advertised_capability_no_scenario_judges_is_advertised_not_judged_never_passed(tmp_path):
    doc = _doc([_test("Plain"), _test("A favorite", capabilities=["favorites"])], features=TALK_22_FEATURES)
    matrix = doc["capability_matrix"]
    entries = {e["capability"]: e for e in matrix["not_judged"]}
    assert set(entries) == set(TALK_22_FEATURES) - {"favorites"}, f"every advertised one no test judged: {entries}"
    assert entries["federation-v1"]["family"] == "federation" and entries["markdown-messages"]["family"] is None
    assert [e["capability"] for e in matrix["not_judged"]][-2:] == ["conversation-v4", "markdown-messages"], \
        "the deliberately unjudged families first, the rest after"
    assert {r["capability"] for r in matrix["rows"]} == {report.CORE, "favorites"}, \
        "a capability nothing judged has no row of counts (nothing passed there)"
    page = _page(doc, tmp_path)
    rows = re.findall(r'<tr class="not-judged" data-family="([^"]*)">(.*?)</tr>', page, re.S)
    assert [family for family, _ in rows] == ["federation", "breakout rooms", "polls", "recordings", "bots", "SIP",
                                              "threads", "scheduling", ""], f"a row per family, then the rest: {rows}"
    for family, row in rows:
        assert "advertised, not judged" in row and "badge passed" not in row, f"{family}: {row}"
    federation = html.unescape(rows[0][1])
    assert "federation-v1, federation-v2" in federation and "does not judge federation yet" in federation
    schema = json.loads((ROOT / "schemas" / "summary.schema.json").read_text())
    import jsonschema
    jsonschema.validate(json.loads((tmp_path / "summary.json").read_text()), schema)


def test_nothing_advertised_and_unjudged_means_no_such_row(tmp_path):
    doc = _doc([_test("A favorite", capabilities=["favorites"])], features=["favorites"])
    assert doc["capability_matrix"]["not_judged"] == []
    assert 'class="not-judged"' not in _page(doc, tmp_path)


@pytest.mark.parametrize("path", [Path("schemas/summary.schema.json")])
def test_the_summary_schema_describes_not_judged(path):
    schema = yaml.safe_load((ROOT / path).read_text())
    props = schema["properties"]["capability_matrix"]["properties"]
    assert "not_judged" in props, "summary.schema.json describes capability_matrix.not_judged"
