"""Small pieces with rules of their own: envelope, masking, capabilities, settings, the API profile,
the exchange stream."""

from __future__ import annotations

import json
import os
import re
import textwrap
from pathlib import Path

import pytest

from talk_conformance import ROOT
from talk_conformance.run import masking, settings
from talk_conformance.run.exchange import Coverage, Exchange, RequestIds, Statistics, Stream, Transcript
from talk_conformance.spec import capabilities, envelope, profile


def texts(found) -> list[str]:
    """Problems as the outputs render them."""
    return [p.render() for p in found]



def ocs(status: int, data=None) -> dict:
    ok = 200 <= status < 300
    return {"ocs": {"meta": {"status": "ok" if ok else "failure", "statuscode": status, "message": ""},
                    "data": [] if data is None else data}}


def test_envelope_rules():
    assert envelope.unwrap(ocs(404)).data == []
    assert texts(envelope.problems(404, ocs(404))) == []
    assert texts(envelope.problems(200, ocs(404))) == [
        "meta.statuscode is 404 but the HTTP status is 200 (they must be equal on /ocs/v2.php)",
        "meta.status is 'failure', expected 'ok' for HTTP 200",
    ]
    assert texts(envelope.problems(200, {"message": "x"})) != []
    assert texts(envelope.problems(304, None)) == []
    assert texts(envelope.problems(304, {"ocs": {}})) == ["a 304 answer must have no body"]


def test_masking_hides_registered_secrets_and_credential_headers():
    masking.register("s3cr3t-passw0rd")
    assert masking.mask("login with s3cr3t-passw0rd now") == "login with ******** now"
    assert masking.mask_headers({"Authorization": "Basic abc", "Accept": "x"}) == {"Authorization": "********", "Accept": "x"}
    assert masking.mask_fields({"password": "p", "roomName": "n"}) == {"password": "********", "roomName": "n"}


def test_capability_gate():
    caps = capabilities.Capabilities.from_ocs_data(
        {"version": {"string": "17.0.0"}, "capabilities": {"spreed": {"features": ["audio", "favorites"]}}})
    assert caps.skip_reason(["favorites"]) is None
    assert caps.skip_reason(["webinary-lobby"]) == "server does not advertise webinary-lobby"
    assert not capabilities.Capabilities.from_ocs_data({"capabilities": {}}).talk_enabled


def test_profile_maps_operations_to_paths_and_parameters():
    v1 = profile.V1
    rename = v1.operation("renameRoom")
    assert (rename.method, rename.display_path) == ("PUT", "/room/{token}")
    assert rename.request({"token": "abcd1234", "roomName": "x"}) == (
        "/ocs/v2.php/apps/spreed/api/v1/room/abcd1234", {}, {"roomName": "x"})
    with pytest.raises(TypeError, match="renameRoom takes no parameter roomNam"):
        rename.request({"token": "abcd1234", "roomNam": "x"})
    with pytest.raises(profile.UnknownOperation):
        v1.operation("noSuchOperation")
    # Nextcloud core endpoints the harness needs are operations too, spelled in one place.
    assert v1.operation("getAppPassword").path == "/ocs/v2.php/core/getapppassword"


def test_profile_is_chosen_by_capabilities():
    assert profile.for_features(frozenset({"audio"})) is profile.V1
    assert profile.for_features(frozenset({"audio", "conversation-v4"})) is profile.V4


def test_each_profile_owns_its_document_schemas_releases_and_deviations():
    assert (profile.V1.document_path.name, profile.V1.schema_dir.name, profile.V1.deviations_path.name) == \
        ("openapi.yaml", "schemas", "known-deviations.yaml")
    assert (profile.V4.document_path.name, profile.V4.schema_dir.relative_to(ROOT).as_posix(),
            profile.V4.deviations_path.name) == ("openapi-v4.yaml", "schemas/v4", "known-deviations-v4.yaml")
    assert profile.V1.release_table[0]["release"] == "3.2" and profile.V4.release_table[0]["release"] == "12.0"
    v4 = profile.V4.contract(frozenset({"audio", "conversation-v4"}), 22)
    assert (v4.release, v4.profile) == ("12.0", profile.V4)
    # Each profile's own list; an id names one entry of one file (a note is found by its id alone).
    assert v4.deviations.ids() and not v4.deviations.ids() & profile.V1.contract().deviations.ids()
    # Cached per profile and release: the same server's contract is built once, another's apart.
    assert profile.V4.contract(frozenset({"audio", "conversation-v4"}), 22) is v4
    assert profile.V1.contract(frozenset({"audio"})) is not profile.V1.contract(frozenset({"audio", "favorites"}))


V4_SHAPED = """
    openapi: 3.1.0
    info: {title: v4, version: "4"}
    x-talk-releases:
      - {release: "12.0", nextcloud: 22, features: [conversation-v4]}
      - {release: "13.0", nextcloud: 23, features: [conversation-permissions]}
    paths:
      /ocs/v2.php/apps/spreed/api/v4/room/{token}:
        put:
          operationId: renameRoom
          parameters: [{name: token, in: path, required: true, schema: {type: string}}]
          requestBody:
            content:
              application/json:
                schema: {type: object, properties: {roomName: {type: string}}}
          responses:
            "200":
              description: OK
              content: {application/json: {schema: {$ref: "schemas/v4/room.json"}}}
            "400":
              description: Bad Request When the name is too long or empty
              x-talk-releases: ">=13.0"
      /ocs/v2.php/apps/spreed/api/v4/room/{token}/attendees:
        delete:
          operationId: removeAttendee
          x-replaces: [removeParticipant, removeGuest]
          parameters: [{name: token, in: path, required: true, schema: {type: string}}]
          requestBody:
            content:
              application/json:
                schema: {type: object, properties: {attendeeId: {type: integer}}}
          responses: {"200": {description: OK}}
"""


def test_a_second_profile_is_a_document_and_an_entry(tmp_path, monkeypatch):
    """The seam for another API version: a document (with its schema folder, release table and known
    deviations) and one PROFILES entry; the real judge, the steps' dialect and the fuzz collection
    work on it unchanged."""
    from talk_conformance.plugin import fuzz
    from talk_conformance.spec.contract import Judge
    from talk_conformance.spec.dialect import Who

    (tmp_path / "schemas" / "v4").mkdir(parents=True)
    (tmp_path / "schemas" / "v4" / "room.json").write_text(json.dumps({
        "type": "object", "required": ["ocs"], "properties": {"ocs": {"type": "object", "required": ["data"],
        "properties": {"data": {"type": "object", "required": ["token", "attendeeId"],
                                "properties": {"attendeeId": {"type": "integer"}}}}}}}))
    (tmp_path / "deviations.yaml").write_text(textwrap.dedent("""
        deviations:
          - {id: rename-no-attendee, operation: renameRoom, docs: d, servers: s, field: /ocs/data, releases: ">=12.0"}
    """))
    doc = tmp_path / "openapi-v4.yaml"
    doc.write_text(textwrap.dedent(V4_SHAPED))
    v4 = profile.Profile("v4-test", doc, serves=lambda features: profile.CONVERSATION_V4 in features,
                         schema_dir=tmp_path / "schemas" / "v4", deviations_path=tmp_path / "deviations.yaml",
                         dialect_name="v4")
    monkeypatch.setattr(profile, "PROFILES", [profile.V1, v4])
    chosen = profile.for_features(frozenset({"conversation-v4"}))
    assert chosen is v4
    rename = chosen.operation("renameRoom")
    assert rename.request({"token": "abcd", "roomName": "x"})[0] == "/ocs/v2.php/apps/spreed/api/v4/room/abcd"
    assert rename.display_path == "/room/{token}"

    # The release table is the document's; a status of a later release is not documented for an earlier one.
    assert chosen.contract(frozenset({"conversation-v4"})).release == "12.0"
    assert chosen.contract(frozenset({"conversation-v4"})).documented_statuses("renameRoom") == [200]
    assert chosen.contract(frozenset({"conversation-permissions"})).documented_statuses("renameRoom") == [200, 400]

    # The real judge, on the exchange stream, with the profile's own schema folder and deviations.
    judge = Judge(chosen.contract(frozenset({"conversation-v4"})))
    good = Exchange("r1", "owner", "renameRoom", "PUT", "u", {}, None, 200, {},
                    ocs(200, {"token": "abcd", "attendeeId": 3}), "", 0.0)
    judge(good)
    assert good.problems == []
    bad = Exchange("r2", "owner", "renameRoom", "PUT", "u", {}, None, 200, {}, ocs(200, {"token": "abcd"}), "", 0.0)
    judge(bad)
    assert len(bad.problems) == 1 and "attendeeId" in bad.problems[0].render()
    assert "known deviation rename-no-attendee" in bad.problems[0].render() and "see deviations.yaml" in bad.problems[0].render()

    # The steps' dialect: v1 operation names map through x-replaces; participants by attendee id.
    dialect = chosen.dialect
    assert dialect.operation("removeParticipant") == "removeAttendee" == dialect.operation("removeGuest")
    assert dialect.removal(Who(user_id="alice", attendee_id=7)) == ("removeAttendee", {"attendeeId": 7})
    assert dialect.removal(Who(), self_removal=True) == ("removeSelf", {})
    assert dialect.matches({"actorType": "users", "actorId": "alice"}, Who(user_id="alice"))
    assert not dialect.matches({"actorType": "guests", "actorId": "alice"}, Who(user_id="alice"))
    assert dialect.setter_answers_room and dialect.undeletable(400) == ("removeSelf", {})
    v1 = profile.V1.dialect
    assert v1.removal(Who(user_id="bob")) == ("removeParticipant", {"participant": "bob"})
    assert v1.removal(Who(session="s" * 8)) == ("removeGuest", {"participant": "s" * 8})
    assert v1.promotion(Who(session="s")) == ("promoteModerator", {"sessionId": "s"})
    assert v1.matches({"userId": "", "sessionId": "s"}, Who(session="s"))
    assert not v1.setter_answers_room and v1.undeletable(200) is None

    # Fuzz collection: one test per operation of the profile's document, marked with its profile.
    assert fuzz.fuzzed_operations([profile.V1, chosen])[-2:] == ["v4-test:removeAttendee", "v4-test:renameRoom"]
    assert [p.values for p in fuzz.collect([chosen])] == [("v4-test", "removeAttendee"), ("v4-test", "renameRoom")]


SAMPLES = Path("/work/shared/reference/real-talk22-samples")


def _recorded(name: str) -> tuple[str, str, int, object]:
    text = (SAMPLES / name).read_text(encoding="utf-8")
    method, path = re.search(r"^REQUEST: (\w+) (\S+)", text, re.M).groups()
    status = int(re.search(r"^STATUS: (\d+)", text, re.M).group(1))
    return method, path, status, json.loads(text.split("RESPONSE BODY:\n", 1)[1])


@pytest.mark.skipif(not (SAMPLES / "030-participants-list.txt").is_file(), reason="no recorded Talk 22 answers here")
def test_the_v4_profile_judges_a_recorded_talk_22_answer():
    from talk_conformance.spec.dialect import Who

    caps = json.loads((SAMPLES / "capabilities-spreed.json").read_text(encoding="utf-8"))
    features = frozenset(caps["spreed"]["features"])
    api = profile.for_features(features)
    assert api is profile.V4
    judge = api.contract(features, caps["version"]["major"])
    assert judge.release == "22.0"
    method, path, status, body = _recorded("030-participants-list.txt")
    op = api.find(method, "/ocs/v2.php/apps/spreed/api/v4/room/{token}/participants")
    assert op is not None and op.id == "listParticipants" and path.startswith("/ocs/v2.php/apps/spreed/api/v4/room/")
    assert judge.problems("listParticipants", None, status, body) == []
    broken = json.loads(json.dumps(body))
    broken["ocs"]["data"][0]["attendeeId"] = "seven"
    assert any("attendeeId" in p.render() for p in judge.problems("listParticipants", None, status, broken))
    # The dialect finds a participant of the recorded list as v4 names them.
    first = body["ocs"]["data"][0]
    assert api.dialect.matches(first, Who(user_id=first["actorId"])) == (first["actorType"] == "users")


def test_long_poll_parameters_lengthen_the_request_timeout():
    op = profile.Operation("receive", "GET", "/chat/{token}", ("token",), ("timeout",), (), ("timeout", 30.0))
    assert op.wait_seconds({"token": "x", "timeout": 2}) == 2.0
    assert op.wait_seconds({"token": "x"}) == 30.0
    assert profile.V1.operation("renameRoom").wait_seconds({"timeout": 5}) == 0.0


def test_settings_parse_and_name_the_option(monkeypatch):
    assert settings.credentials("a:b:c") == ("a", "b:c")
    with pytest.raises(settings.SettingError, match="expected USER:PASS"):
        settings.credentials("nocolon")
    with pytest.raises(settings.SettingError, match="at least 1"):
        settings.positive_int("0")
    with pytest.raises(settings.SettingError, match="not an http"):
        settings.base_url("ftp://x")
    with pytest.raises(settings.SettingError, match="not a valid URL"):
        settings.base_url("http://host:notaport")
    monkeypatch.setenv("TALK_ADMIN", "no-colon")
    with pytest.raises(settings.SettingError, match="^TALK_ADMIN: expected USER:PASS$"):
        settings.by_dest("admin").from_env()
    monkeypatch.setenv("TALK_USERS", "a:1\nb:2")
    assert settings.by_dest("user").from_env() == [("a", "1"), ("b", "2")]


def test_the_readme_table_of_settings_is_generated_from_the_settings():
    """Every option, environment variable, command, default and help, as settings.py declares them."""
    readme = open(os.path.join(os.path.dirname(__file__), "..", "README.md"), encoding="utf-8").read()
    assert settings.readme_with_table(readme) == readme, \
        "the README's settings table differs from settings.py: python -m talk_conformance.run.settings --write"
    table = settings.markdown_table().splitlines()
    assert len(table) == 2 + len(settings.SETTINGS) + len(settings.TEST_ONLY_ENVIRONMENT)
    assert "| `--fuzz-examples N` | `TALK_FUZZ_EXAMPLES` | run, pytest | 10 | " in table[8]


def _exchange(request_id: str, operation: str | None, status: int, seconds: float = 0.1) -> Exchange:
    return Exchange(request_id, "owner", operation, "GET", "http://x/y", {"User-Agent": "u", "X-Request-Id": request_id},
                    None, status, {"Date": "d", "Content-Type": "application/json"}, None, "", seconds)


def test_the_stream_feeds_every_subscriber_in_order():
    stream, seen = Stream(), []
    transcript, stats, coverage = Transcript(), Statistics(), Coverage()
    for subscriber in (transcript, stats, coverage, lambda e: seen.append(len(transcript.exchanges))):
        stream.subscribe(subscriber)
    stream.publish(_exchange("r-1", "getRoom", 200))
    stream.publish(_exchange("r-2", None, 200, 0.2))
    assert seen == [1, 2], "the last subscriber sees the exchange already in the transcript"
    assert (stats.requests, round(stats.seconds, 3)) == (2, 0.3)
    assert coverage.drain() == [["getRoom", 200]] and coverage.drain() == []
    text = transcript.render()
    assert "X-Request-Id: r-1" in text and "User-Agent" not in text and "Date" not in text


def test_request_ids_are_unique_within_the_run():
    a, b = RequestIds("tcabc123", "gw0"), RequestIds("tcabc123", "gw1")
    ids = {a.new() for _ in range(3)} | {b.new() for _ in range(3)}
    assert len(ids) == 6 and all(i.startswith("tcabc123-gw") for i in ids)


def test_every_assert_of_the_suite_says_what_broke():
    """The suite runs with --assert=plain (pyproject.toml): a bare assert would fail a server with an
    empty reason."""
    import ast

    bare = [f"{path.relative_to(ROOT)}:{node.lineno}"
            for path in sorted([*(ROOT / "steps").glob("*.py"), *(ROOT / "features").glob("*.py")])
            for node in ast.walk(ast.parse(path.read_text()))
            if isinstance(node, ast.Assert) and node.msg is None]
    assert bare == []
