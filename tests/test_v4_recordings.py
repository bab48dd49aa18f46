"""The v4 contract against a real Nextcloud 32 + Talk 22 (issue 17 item 7): every recorded exchange of
``../shared/reference/real-talk22-samples`` is judged by ``profile.V4.contract`` for the recorded
capabilities and Nextcloud 32, and every problem found must cite an entry of ``known-deviations-v4.yaml``:
the run against a real server gives no failure that is not a known deviation from the current docs.

The recordings are evidence kept beside the repository, not part of it: without the folder the tests
skip, saying so. Exchanges that are not v4 operations (the old v1/v2/v3 room URLs a Talk 22 answers
404/998, the OCS v1 endpoint openapi-v4.yaml does not document) are left out, each with its reason.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest

from talk_conformance import ROOT
from talk_conformance.spec import profile
from talk_conformance.spec.contract import _display
from talk_conformance.spec.problem import Problem

SAMPLES = ROOT.parent / "shared" / "reference" / "real-talk22-samples"
NEXTCLOUD = 32

recorded = pytest.mark.skipif(not SAMPLES.is_dir(), reason=f"no recordings of a real Talk 22 at {SAMPLES} "
                                "(they are kept beside the repository, not shipped with it)")


@dataclass(frozen=True)
class Exchange:
    file: str
    method: str
    path: str  # without the query
    status: int
    body: Any  # parsed JSON, or the text when it is not JSON, or None when there is none


def _body(text: str) -> Any:
    text = text.strip()
    if not text:
        return None
    try:
        return json.loads(text)
    except ValueError:
        return text


def parse(path: Path) -> Exchange:
    """One recording: the ``REQUEST:/STATUS:/RESPONSE BODY:`` form of the numbered files, or the raw
    ``CURL:`` + HTTP response form of ``curl-*.txt``."""
    text = path.read_text(encoding="utf-8")
    if (request := re.search(r"^REQUEST: (\w+) (\S+)$", text, re.M)) is not None:
        status = re.search(r"^STATUS: (\d{3})", text, re.M)
        assert status, f"{path.name}: no STATUS line"
        body = text.split("\nRESPONSE BODY:\n", 1)[1] if "\nRESPONSE BODY:\n" in text else ""
        method, url, code = request[1], request[2], int(status[1])
    else:
        curl = re.search(r"^CURL: curl .*?(?:-X (\w+) )?(http://\S+)", text, re.M)
        head = re.search(r"^HTTP/[\d.]+ (\d{3})", text, re.M)
        assert curl and head, f"{path.name}: neither a REQUEST line nor a CURL line and an HTTP status"
        method = curl[1] or ("POST" if re.search(r"^CURL: .* -d ", text, re.M) else "GET")
        url, code = curl[2], int(head[1])
        body = text[head.end():].split("\n\n", 1)[1] if "\n\n" in text[head.end():] else ""
    return Exchange(path.name, method.upper(), urlsplit(url).path, code, _body(body))


@cache
def contract():
    caps = json.loads((SAMPLES / "capabilities-spreed.json").read_text(encoding="utf-8"))
    features = frozenset(caps["spreed"]["features"])
    return profile.V4.contract(features, NEXTCLOUD)


def _pattern(template: str) -> re.Pattern:
    return re.compile("^" + re.sub(r"\\\{[^}]+\\\}", "[^/]+", re.escape(template)) + "$")


def operation(exchange: Exchange) -> tuple[str, str] | str:
    """(METHOD, path template) of the v4 operation the exchange calls, or why it is none."""
    if exchange.path.startswith("/ocs/v1.php/"):
        return "an OCS v1 endpoint: openapi-v4.yaml documents the OCS v2 paths (/ocs/v2.php)"
    if re.search(r"/apps/spreed/api/v[123]/(room|call)\b", exchange.path):
        return "an old room/call API URL (v1/v2/v3): a Talk 22 answers 404/998, it is no v4 operation"
    found = [(m, p) for m, p in contract().operations()
             if m == exchange.method and _pattern(p).match(exchange.path)]
    # A literal segment wins over a parameter (/room/note-to-self over /room/{token}).
    found.sort(key=lambda k: k[1].count("{"))
    return found[0] if found else f"{exchange.method} {exchange.path} matches no operation of openapi-v4.yaml"


def recordings() -> list[Path]:
    return sorted(SAMPLES.glob("*.txt")) if SAMPLES.is_dir() else []


def judged(path: Path) -> tuple[Exchange, tuple[str, str] | str, list[Problem]]:
    exchange = parse(path)
    op = operation(exchange)
    if isinstance(op, str):
        return exchange, op, []
    return exchange, op, contract().problems(op[0], op[1], exchange.status, exchange.body)


@pytest.mark.parametrize("path", recordings() or [pytest.param(None, marks=recorded)],
                         ids=lambda p: p.stem if p else "none")
def test_every_problem_of_a_recorded_answer_is_a_known_v4_deviation(path):
    exchange, op, found = judged(path)
    if isinstance(op, str):
        pytest.skip(f"{path.name}: {op}")
    unexplained = [p.render() for p in found if not p.deviations]
    assert not unexplained, (f"{path.name} ({exchange.method} {_display(op[1])} {exchange.status}) breaks the v4 "
                             "docs in a way known-deviations-v4.yaml does not name:\n" + "\n".join(unexplained))


@recorded
def test_the_recordings_are_read_whole():
    """Every recording parses to a request and a status, and the v4 operations cover all but the
    exchanges the module names as none."""
    paths = recordings()
    assert len(paths) >= 100, f"only {len(paths)} recordings in {SAMPLES}"
    mapped = [judged(p) for p in paths]
    unmapped = [(e.file, op) for e, op, _ in mapped if isinstance(op, str)]
    assert all("old room/call API" in why or "OCS v1" in why for _, why in unmapped), unmapped
    assert len(unmapped) <= 10, unmapped


@recorded
def test_every_v4_deviation_is_shown_by_a_recording_or_the_source():
    """The known deviations of v4 are evidence, not guesses: each entry is cited by the problem of a
    recorded answer, or its source names the recordings that show it, or (not recorded) the spreed
    source file that does."""
    cited = {d for path in recordings() for _, _, found in [judged(path)] for p in found for d in p.deviations}
    for entry in contract().deviations.entries:
        assert entry.id in cited or "real-talk22-samples/" in entry.source or \
            ("not recorded" in entry.source and "lib/" in entry.source), \
            f"{entry.id}: cited by no recorded answer, and its source names no recording nor spreed file"


def test_the_v4_deviations_are_well_formed():
    """known-deviations-v4.yaml: the format of known-deviations.yaml; each entry names an operation of
    openapi-v4.yaml, a release range, and says what the docs and servers do."""
    v4 = profile.V4.contract()
    entries = v4.deviations.entries
    assert entries, "known-deviations-v4.yaml lists nothing"
    assert len({d.id for d in entries}) == len(entries), "deviation ids must be unique"
    assert not {d.id for d in entries} & profile.V1.contract().deviations.ids(), "an id names one entry of one file"
    for d in entries:
        assert d.operation in v4.by_id, f"{d.id}: {d.operation} is not an operationId of openapi-v4.yaml"
        assert d.docs.strip() and d.servers.strip() and d.source.strip(), f"{d.id}: docs, servers, source"
        assert d.releases.startswith((">", "<", "=")), f"{d.id}: releases {d.releases!r} is not a range"
        assert d.field is None or d.field.startswith("/ocs/data"), f"{d.id}: field {d.field!r}"
        if d.seen is not None:
            assert d.expected in v4.documented_statuses(d.operation), f"{d.id}: {d.expected} is not documented"


def test_a_field_of_each_element_of_a_list_cites_its_deviation():
    """An entry's field names the field of every conversation of a list (``$.ocs.data[3].canEnableSIP``)."""
    v4 = profile.V4.contract()
    assert [d.id for d in v4.deviations.for_body("listRooms", "$.ocs.data[3].canEnableSIP", "22.0")] == \
        ["can-enable-sip-bool-list-rooms"]
    assert [d.id for d in v4.deviations.for_body("listParticipants", "$.ocs.data[0].sessionIds[0]", "22.0")] == \
        ["session-ids-255"]
    assert v4.deviations.for_body("listRooms", "$.ocs.data[3].canEnableSIP", "20.0") == []
