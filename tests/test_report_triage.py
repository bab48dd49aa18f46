"""The report's triage aids (issue 18): each on a document made here, then the page in a browser."""

from __future__ import annotations

import html
import re

from talk_conformance.output import compare, report
from talk_conformance.run import embedded
from talk_conformance.spec.problem import Problem
from tests.conftest import run_cli
from tests.test_report import browser_dom

LAST_PING_PROBLEM = Problem("schema", operation="getRoom", method="GET", path="/room/{token}", status=200,
                            at=("ocs", "data", "lastPing"), keyword="type", expected="of type 'integer'",
                            actual="'0'", detail="is not of type 'integer'")
LAST_PING = LAST_PING_PROBLEM.render()
CURL = ("Reproduce with: curl -X GET -H 'Authorization: [Filtered]' "
        "'http://127.0.0.1:1/ocs/v2.php/apps/spreed/api/v1/room/abc?format=json'")
HEADERS = {"content-type": "application/json; charset=utf-8", "X-Request-Id": "tc1-gw0-7",
           "X-Chat-Last-Given": "12", "Content-Security-Policy": "default-src 'none'", "X-Frame-Options": "DENY",
           "Referrer-Policy": "no-referrer", "X-XSS-Protection": "1; mode=block", "Strict-Transport-Security": "x"}


def _test(name, verdict="passed", **extra) -> dict:
    return {"id": f"features/test_scenarios.py::test_{name.replace(' ', '_')}", "feature": "Getting a conversation",
            "name": name, "capabilities": [], "verdict": verdict, "message": "", "cause": "", "steps": [],
            "exchanges": [], "duration": 0.5, "beyond_docs": False, "works_not_advertised": False,
            "location": "features/conversation/get.feature:9", "docs": "GET /room/{token} (docs/conversation.md).",
            "without_capabilities": [], "operation": None, "fuzz_seed": None, **extra}


def _exchange(**extra) -> dict:
    return {"request_id": "tc1-gw0-7", "text": "--> owner: GET ...", "broke": True, "operation": "getRoom",
            "actor": "owner", "method": "GET", "url": "http://127.0.0.1:1/ocs/v2.php/apps/spreed/api/v1/room/abc",
            "status": 200, "seconds": 0.002, "request_headers": {}, "response_headers": dict(HEADERS),
            "request_fields": None, "problems": [],
            "body": {"ocs": {"meta": {"statuscode": 200}, "data": {"token": "abc", "lastPing": "0", "type": 2}}},
            **extra}


def _doc(tests, *, features=(), removed=(), partial=False, reason="") -> dict:
    doc = report.build_summary(tests=tests, selection={"selected": 2 if partial else 3, "total": 3, "partial": partial},
                               problem=None, interrupted=False,
                               target={"base_url": "http://cloud.example", "version": "21.0.0", "features": list(features),
                                       "profile": "v1"},
                               http={"requests": 0, "seconds": 0.0}, started=1796469531.0, coverage=set(),
                               removed=list(removed))
    if reason:
        doc["reason"] = reason
    return doc


def _failing(name="A user gets the conversation", **extra):
    return _test(name, "failed", **{"message": LAST_PING, "cause": LAST_PING, "exchanges": [_exchange()],
                                    "operation": "getRoom", "problems": [LAST_PING_PROBLEM.to_json()], **extra})


def _page(doc, tmp_path):
    report.write_reports(doc, tmp_path)
    return (tmp_path / "report.html").read_text()


def test_a_failure_shows_where_it_is_written_its_operation_and_the_docs(tmp_path):
    page = _page(_doc([_failing(), _test("Another")]), tmp_path)
    failure = page[page.index('id="failure-1"'):page.index('id="operations"')]
    assert "features/conversation/get.feature:9" in failure, "the feature file:line"
    assert 'href="#op-getRoom"' in failure, "a link to the operation"
    assert "GET /room/{token} (docs/conversation.md)." in failure, "the docs sentence the feature quotes"
    section = page[page.index('id="op-getRoom"'):]
    assert "404" in section[:section.index("</section>")], "the operation's documented statuses"


def test_expected_versus_actual_and_the_offending_field_marked(tmp_path):
    view = report.triage(_doc([_failing()]))
    [failure] = view["failures"]
    assert failure["comparison"] == [{"field": "$.ocs.data.lastPing", "expected": "of type 'integer'", "actual": '"0"'}]
    lines = failure["exchanges"][0]["pretty"]
    assert [l["text"].strip() for l in lines if l["marked"]] == ['"lastPing": "0",']
    assert len(lines) > 8, "the body is pretty-printed, a line per field"
    page = _page(_doc([_failing()]), tmp_path)
    assert '<span class="marked">      &#34;lastPing&#34;: &#34;0&#34;,</span>' in page


def test_the_comparison_and_the_marks_come_from_the_problems_not_their_wording():
    """Each schema problem is a row (its place, what the docs want, the value the server sent); an object
    lacking a property is marked whole. The message's wording plays no part."""
    lacking = Problem("schema", operation="getRoom", method="GET", path="/room/{token}", status=200, at=("ocs", "data"),
                      keyword="required", expected="the property 'name'", detail="lacks 'name', a required property")
    [failure] = report.triage(_doc([_failing(message="reworded", problems=[LAST_PING_PROBLEM.to_json(),
                                                                          lacking.to_json()])]))["failures"]
    assert [(r["field"], r["expected"]) for r in failure["comparison"]] == [
        ("$.ocs.data.lastPing", "of type 'integer'"), ("$.ocs.data", "the property 'name'")]
    marked = [l["text"].strip() for l in failure["exchanges"][0]["pretty"] if l["marked"]]
    assert marked == ['"data": {', '"lastPing": "0",', "}"], "the object lacking a property is marked whole"


def test_a_status_failure_is_expected_versus_actual_too():
    wrong = Problem("status", operation="setPassword", method="PUT", path="/room/{token}/password", status=200,
                    expected="403", actual="200", detail="Forbidden")
    assert wrong.render() == "PUT /room/{token}/password answered 200, the docs say 403 Forbidden"
    t = _failing(message=wrong.render(), problems=[wrong.to_json()])
    [failure] = report.triage(_doc([t]))["failures"]
    assert failure["comparison"] == [{"field": "HTTP status", "expected": "403 Forbidden", "actual": "200"}]


def test_response_headers_are_folded_to_the_documented_ones(tmp_path):
    [failure] = report.triage(_doc([_failing()]))["failures"]
    e = failure["exchanges"][0]
    assert set(e["shown_headers"]) == {"content-type", "X-Request-Id", "X-Chat-Last-Given"}
    assert "Content-Security-Policy" in e["folded_headers"] and len(e["folded_headers"]) == 5
    page = _page(_doc([_failing()]), tmp_path)
    assert "5 other headers (not documented by the API)" in page


def test_the_curl_line_names_its_account_or_is_left_out_when_it_is_gone():
    fuzz = _failing("GET /room/{token} (getRoom) answers as documented to generated input",
                    message=LAST_PING + "\n" + CURL, exchanges=[_exchange(actor="fuzzer (owner)")])
    [kept] = report.triage(_doc([fuzz]))["failures"]
    assert CURL in kept["message"] and "needs the owner account (the first --user of the run)" in kept["curl_note"]
    [gone] = report.triage(_doc([fuzz], removed=["tcab12cd-owner", "tcab12cd-user"]))["failures"]
    assert "curl" not in gone["message"] and "tcab12cd-owner, which the run deleted" in gone["curl_note"]


def test_a_fuzz_finding_prints_the_command_that_replays_its_seed(tmp_path):
    fuzz = _failing(id="features/test_fuzz.py::test_operation_conforms[getRoom]", fuzz_seed=1234567)
    [failure] = report.triage(_doc([fuzz]))["failures"]
    assert failure["replay"] == ("TALK_ADMIN=ADMIN:PASSWORD talk-conformance run --base-url http://cloud.example -- "
                                 "-m fuzz -p _hypothesis_pytestplugin --hypothesis-seed=1234567 "
                                 "-k 'test_operation_conforms and getRoom'")
    assert "--hypothesis-seed=1234567" in _page(_doc([fuzz]), tmp_path)


def test_the_replay_command_line_makes_the_fuzz_test_use_that_seed(tmp_path):
    with embedded.start() as server:
        run = run_cli(["--base-url", server.url, "--admin", ":".join(server.admin), "--jobs", "1", "--fuzz-examples",
                       "2", "--", "-m", "fuzz", "-p", "_hypothesis_pytestplugin", "--hypothesis-seed=424242",
                       "-k", "test_operation_conforms and getRoom"], tmp_path / "reports")
    assert run.rc == 0, run.stdout[-2000:] + run.stderr[-2000:]
    seeds = {t["id"]: t["fuzz_seed"] for t in run.summary["scenarios"]}
    assert seeds and set(seeds.values()) == {424242}, seeds


def test_the_beyond_the_docs_row_reports_and_never_fails(tmp_path):
    beyond = _test("The owner removes the password", "expected", beyond_docs=True,
                   message="beyond the docs (reported, not failed): x")
    broke_contract = _failing("Beyond, but an answer broke the contract", beyond_docs=True)
    doc = _doc([beyond, broke_contract, _test("Plain")])
    rows = {r["capability"]: r for r in doc["capability_matrix"]["rows"]}
    assert rows[report.BEYOND]["expected"] == 1 and rows[report.BEYOND]["failed"] == 0
    assert rows[report.CORE]["failed"] == 1, "a documented rule broken on the way counts where it belongs"
    page = _page(doc, tmp_path)
    row = re.search(r'<tr class="beyond">.*?</tr>', page, re.S).group(0)
    assert "not failed" not in row and "reported, never failed" in row
    assert '<span class="badge reported">1 reported</span>' in row and "badge failed" not in row


def test_an_advertised_capability_with_a_tagged_scenario_is_not_listed_as_having_none(tmp_path):
    beyond = _test("Last activity in seconds", "expected", beyond_docs=True, capabilities=["last-room-activity"])
    unlocked = _test("A one-to-one conversation can be renamed", without_capabilities=["locked-one-to-one-rooms"])
    doc = _doc([beyond, unlocked, _test("Plain")], features=["last-room-activity", "locked-one-to-one-rooms", "audio"])
    assert doc["capability_matrix"]["untested"] == ["audio"]
    rows = {r["capability"]: r for r in doc["capability_matrix"]["rows"]}
    assert rows["last-room-activity"]["beyond_docs"] == 1
    assert "1 check beyond the docs" in _page(doc, tmp_path)


def test_compare_names_columns_by_server_and_never_counts_a_test_not_run(tmp_path):
    full = _doc([_test("A"), _test("B"), _test("C")])
    partial = _doc([_test("A", "failed"), _test("B")], partial=True)
    stopped = _doc([_test("A")], reason="the run was interrupted: x")
    stopped["not_run"] = 2
    stopped["target"]["base_url"] = "http://other.example"
    data = compare.build([full, partial, stopped], ["reports-a", "reports-b", "reports-c"])
    names = [s["name"] for s in data["servers"]]
    assert names[0] == "http://cloud.example · Nextcloud 21.0.0 · 2026-12-05 11:18 UTC"
    assert names[1].endswith("(#2)") and "reports-" not in " ".join(names)
    assert data["servers"][1]["marks"] == ["partial: 2 of 3 scenarios"] and data["servers"][2]["marks"] == ["stopped: 2 of 3 selected tests never ran"]
    rows = {r["name"]: r for r in data["scenarios"]}
    assert rows["A"]["differs"] and not rows["B"]["differs"] and not rows["C"]["differs"]
    assert [c["text"] for c in rows["C"]["cells"]] == ["passed", "not run", "not run"]
    assert data["differences"] == 1 + sum(r["differs"] for r in data["capabilities"])


def test_compare_shows_checks_beyond_the_docs_as_reported():
    beyond = _test("The owner removes the password", "expected", beyond_docs=True, capabilities=["last-room-activity"])
    data = compare.build([_doc([beyond]), _doc([beyond])])
    rows = {r["name"]: r for r in data["capabilities"]}
    assert [c["text"] for c in rows[report.BEYOND]["cells"]] == ["1 reported"] * 2
    assert [c["text"] for c in rows["last-room-activity"]["cells"]] == ["1 beyond the docs"] * 2
    assert {c["verdict"] for r in rows.values() for c in r["cells"]} == {"reported"}


def test_filters_search_and_sort_in_a_browser(tmp_path):
    tests = [_failing("Alpha fails", duration=0.2), _test("Bravo passes", duration=3.0),
             _test("Charlie is slow", duration=9.5), _test("Delta skipped", "skipped", duration=0.1)]
    report.write_reports(_doc(tests), tmp_path)

    def rows(fragment):
        dom = browser_dom(tmp_path / "report.html", fragment)
        table = dom[dom.index('id="scenarios"'):]
        found = re.findall(r'<tr id="scenario-\d+"([^>]*)>.*?<td>[^<]*</td><td>([^<]*)</td>', table, re.S)
        return [(name, "hidden" in attrs) for attrs, name in found]

    assert [n for n, hidden in rows("verdict=failed,skipped") if not hidden] == ["Alpha fails", "Delta skipped"]
    assert [n for n, hidden in rows("q=slow") if not hidden] == ["Charlie is slow"]
    assert [n for n, _ in rows("sort=5&desc=1")] == ["Charlie is slow", "Bravo passes", "Alpha fails", "Delta skipped"]
    dom = browser_dom(tmp_path / "report.html")
    text = " ".join(html.unescape(re.sub(r"<[^>]+>", " ", dom)).split())
    assert "4 of 4 shown" in text and "duration (s)" in text and "9.50" in text
