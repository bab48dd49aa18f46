"""JUnit XML from the results document: one testcase per scenario and per fuzzed operation.

The classname is the feature's name, the name the scenario's title; each testcase has at most one
failure, error or skipped element, so a CI's test view counts what the report counts. An expected
failure (``--expect-deviations``) is a skipped testcase whose message says so.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET


def render(doc: dict) -> str:
    totals = doc["totals"]
    suite = ET.Element("testsuite", {
        "name": "talk-conformance", "tests": str(len(doc["scenarios"])),
        "failures": str(totals["failed"]), "errors": str(totals["error"]),
        "skipped": str(totals["skipped"] + totals["expected"]), "time": f"{doc['duration_s']:.3f}",
        "timestamp": doc["started"],
    })
    props = ET.SubElement(suite, "properties")
    for name, value in (("verdict", doc["verdict_line"]), ("reason", doc["reason"]),
                        ("not_run", doc.get("not_run", 0)),
                        ("rules_broken", len(doc.get("causes") or [])),
                        ("target_description", doc["target"].get("description") or ""),
                        ("target", doc["target"].get("base_url") or ""),
                        ("version", doc["target"].get("version") or "")):
        ET.SubElement(props, "property", {"name": name, "value": str(value)})
    for t in doc["scenarios"]:
        case = ET.SubElement(suite, "testcase", {"classname": t["feature"], "name": t["name"],
                                                 "time": f"{t['duration']:.3f}"})
        first_line = (t["message"].splitlines() or [""])[0]
        if t["verdict"] == "failed":
            _detail(ET.SubElement(case, "failure", {"message": first_line, "type": "documented rule broken"}), t)
        elif t["verdict"] == "error":
            _detail(ET.SubElement(case, "error", {"message": first_line, "type": "could not judge"}), t)
        elif t["verdict"] == "skipped":
            ET.SubElement(case, "skipped", {"message": t["message"]})
        elif t["verdict"] == "expected":
            ET.SubElement(case, "skipped", {"message": "expected failure: " + first_line, "type": "expected-failure"})
    root = ET.Element("testsuites", {"name": "talk-conformance", "tests": suite.attrib["tests"],
                                     "failures": suite.attrib["failures"], "errors": suite.attrib["errors"],
                                     "skipped": suite.attrib["skipped"]})
    root.append(suite)
    ET.indent(root)
    return '<?xml version="1.0" encoding="utf-8"?>\n' + ET.tostring(root, encoding="unicode") + "\n"


def _detail(element: ET.Element, test: dict) -> None:
    broke = [e["text"] for e in test["exchanges"] if e["broke"]]
    element.text = test["message"] + ("\n\nThe exchange that broke the rule:\n" + broke[0] if broke else "")
