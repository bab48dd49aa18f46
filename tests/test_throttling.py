"""Throttling (429 Too Many Requests with Retry-After), as a real Nextcloud's brute-force protection
answers: the suite waits as asked and sends the request again, counts and reports each retry, never
judges a 429, and gives up with "could not judge" when the server never lets it in. Real HTTP over
loopback against the reference server's --throttle setting (Retry-After: 0, so nothing sleeps)."""

from __future__ import annotations

import email.utils
import json
import subprocess
import sys
import time

import requests

from talk_conformance.run import client
from tests.conftest import run_cli, run_inprocess
from tests.test_refserver_support import InProcess

SELECTION = ("-k", "rename or favorite or password")


class FakeResponse:
    def __init__(self, status: int, retry_after: str | None = None):
        self.status_code = status
        self.headers = {} if retry_after is None else {"Retry-After": retry_after}

    def close(self) -> None:
        pass


def test_retry_after_reads_seconds_and_http_dates_within_the_cap():
    now = time.time()
    assert client.retry_after("0") == 0, "Retry-After: 0 means at once"
    assert client.retry_after("2") == 2, "delay-seconds are read as seconds"
    assert client.retry_after("3600") == client.THROTTLE_WAIT_CAP_S, "a long wait is capped"
    in_five = email.utils.formatdate(now + 5, usegmt=True)
    assert 3.5 <= client.retry_after(in_five, now=now) <= 5, f"an HTTP date is a wait until then: {in_five}"
    past = email.utils.formatdate(now - 60, usegmt=True)
    assert client.retry_after(past, now=now) == 0, "a date in the past means at once"
    for unreadable in (None, "", "soon", "-5"):
        expected = 0 if unreadable == "-5" else client.THROTTLE_WAIT_DEFAULT_S
        assert client.retry_after(unreadable) == expected, f"Retry-After {unreadable!r} -> {expected} s"


def test_a_429_is_sent_again_after_its_retry_after_then_given_up():
    waits: list[float] = []
    answers = iter([FakeResponse(429, "1"), FakeResponse(429, "0"), FakeResponse(200)])
    response, throttling = client.send_patiently(lambda: next(answers), sleep=waits.append)
    assert response.status_code == 200, "the answer after the 429s is the one returned"
    assert (throttling.retries, waits) == (2, [1.0, 0.0]), f"each Retry-After is honoured once: {waits}"
    listed = FakeResponse(429)
    listed.headers = {"retry-after": ["3"]}  # as schemathesis' responses keep headers
    waits.clear()
    answers = iter([listed, FakeResponse(200)])
    client.send_patiently(lambda: next(answers), sleep=waits.append)
    assert waits == [3.0], f"a header given as a list of values is read too: {waits}"
    waits.clear()
    response, throttling = client.send_patiently(lambda: FakeResponse(429, "2"), sleep=waits.append)
    assert response.status_code == 429 and throttling.gave_up, "a server that never lets in is given up on"
    assert len(waits) == client.THROTTLE_TRIES - 1, f"{client.THROTTLE_TRIES} tries in all, waits: {waits}"
    assert throttling.waited == 2 * (client.THROTTLE_TRIES - 1), "the seconds waited are counted"


def test_the_reference_server_throttles_every_nth_request_and_lets_it_in_again(tmp_path):
    with InProcess(tmp_path / "db.sqlite", throttle=3, retry_after_s=0) as server:
        url = server.url + "/ocs/v2.php/cloud/capabilities"
        headers = {"OCS-APIRequest": "true", "Accept": "application/json", "X-Request-Id": "r3"}
        with requests.Session() as http:
            first = [http.get(url, headers={**headers, "X-Request-Id": f"r{i}"}).status_code for i in (1, 2)]
            third = http.get(url, headers=headers)
            again = http.get(url, headers=headers)
        assert first == [200, 200], f"the first two requests are let in: {first}"
        assert third.status_code == 429, f"the third is throttled: {third.status_code}"
        assert third.headers.get("Retry-After") == "0", f"with the configured Retry-After: {third.headers}"
        meta = third.json()["ocs"]["meta"]
        assert meta["statuscode"] == 429, f"inside the OCS envelope, as every 4xx: {meta}"
        assert again.status_code == 200, "the same request sent again after its 429 is let in"


def test_a_throttled_run_counts_as_an_unthrottled_one_and_reports_its_retries(tmp_path):
    with InProcess(tmp_path / "plain.sqlite") as server:
        plain = run_inprocess(server, tmp_path / "plain", *SELECTION)
    with InProcess(tmp_path / "throttled.sqlite", throttle=4, retry_after_s=0) as server:
        throttled = run_inprocess(server, tmp_path / "throttled", *SELECTION)
    assert plain.rc == 0, f"the plain run passes: {plain.stdout[-2000:]}"
    assert throttled.rc == 0, f"the throttled run passes too: {throttled.stdout[-3000:]}"
    verdicts = {name: {(t["name"], t["verdict"]) for t in run.summary["scenarios"]}
                for name, run in (("plain", plain), ("throttled", throttled))}
    assert verdicts["plain"] == verdicts["throttled"], "the same scenarios, the same verdicts"
    assert plain.summary["totals"] == throttled.summary["totals"], "the same counts"
    http = throttled.summary["http"]
    assert http["throttled"] > 0 and http["retries"] >= http["throttled"], f"the retries are counted: {http}"
    assert len(http["throttled_requests"]) == http["throttled"], "each throttled request is listed"
    assert not any(r["gave_up"] for r in http["throttled_requests"]), "every one got in after a retry"
    assert plain.summary["http"]["throttled"] == 0, "an unthrottled run reports none"
    assert f"{http['throttled']} requests were throttled by the server (429 Too Many Requests)" in throttled.stdout, \
        "the console's closing lines say how many requests were throttled"
    html = (throttled.report_dir / "report.html").read_text()
    assert 'id="throttled"' in html and http["throttled_requests"][0]["request_id"] in html, \
        "the HTML report lists the throttled requests"


def test_a_server_that_never_stops_throttling_cannot_be_judged_in_one_line(tmp_path):
    with InProcess(tmp_path / "db.sqlite", throttle=1, retry_after_s=0) as server:
        run = run_cli(["--base-url", server.url, "--admin", ":".join(server.admin), "--", "-m", "not fuzz"],
                      tmp_path / "reports", timeout=120)
    lines = [line for line in run.stderr.splitlines() if line.strip()]
    assert run.rc == 2, f"could not judge (exit 2), never a failure: {run.rc} {run.stderr}"
    assert len(lines) == 1 and "throttled the suite" in lines[0] and "429 Too Many Requests" in lines[0], \
        f"one line says why: {lines}"
    summary = json.loads((tmp_path / "reports" / "summary.json").read_text())
    assert summary["verdict"] == "could-not-judge" and "429" in summary["reason"], f"the reports agree: {summary}"
    assert summary["totals"]["failed"] == 0, "a 429 is never judged as the server breaking a rule"


def test_serve_refuses_a_negative_throttle(tmp_path):
    proc = subprocess.run([sys.executable, "-m", "talk_conformance", "serve", "--port", "0", "--db",
                           str(tmp_path / "x.sqlite"), "--throttle", "-1"], capture_output=True, text=True, timeout=60)
    assert proc.returncode != 0 and "--throttle" in proc.stderr, f"a negative --throttle is refused: {proc.stderr}"
