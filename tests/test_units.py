"""Small pieces with rules of their own: envelope, masking, capabilities, settings, the API profile,
the exchange stream."""

from __future__ import annotations

import os
import textwrap

import pytest

from talk_conformance import ROOT
from talk_conformance.run import masking, settings
from talk_conformance.spec import capabilities, envelope, profile
from talk_conformance.run.exchange import Coverage, Exchange, RequestIds, Statistics, Stream, Transcript

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
    v1 = profile.default()
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
    assert profile.for_features(frozenset({"audio"})).name == "v1"
    with pytest.raises(profile.Unsupported, match="conversation-v4"):
        profile.for_features(frozenset({"audio", "conversation-v4"}))


def test_a_second_profile_is_a_document_and_an_entry(tmp_path, monkeypatch):
    """The seam for current Talk: another OpenAPI document with the same operationIds (rooms under
    /api/v4) and one PROFILES entry; steps keep naming operations, so no feature or step changes."""
    doc = tmp_path / "openapi-v4.yaml"
    doc.write_text(textwrap.dedent("""
        openapi: 3.1.0
        info: {title: v4, version: "4"}
        paths:
          /ocs/v2.php/apps/spreed/api/v4/room/{token}:
            put:
              operationId: renameRoom
              parameters: [{name: token, in: path, required: true, schema: {type: string}}]
              requestBody:
                content:
                  application/json:
                    schema: {type: object, properties: {roomName: {type: string}}}
              responses: {"200": {description: OK}}
    """))
    v4 = profile.Profile("v4", doc, serves=lambda features: profile.CONVERSATION_V4 in features)
    monkeypatch.setattr(profile, "PROFILES", [*profile.PROFILES, v4])
    chosen = profile.for_features(frozenset({"conversation-v4"}))
    assert chosen is v4
    assert chosen.operation("renameRoom").request({"token": "abcd", "roomName": "x"})[0] == \
        "/ocs/v2.php/apps/spreed/api/v4/room/abcd"
    assert chosen.operation("renameRoom").display_path == "/room/{token}"


def test_long_poll_parameters_lengthen_the_request_timeout():
    op = profile.Operation("receive", "GET", "/chat/{token}", ("token",), ("timeout",), (), ("timeout", 30.0))
    assert op.wait_seconds({"token": "x", "timeout": 2}) == 2.0
    assert op.wait_seconds({"token": "x"}) == 30.0
    assert profile.default().operation("renameRoom").wait_seconds({"timeout": 5}) == 0.0


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


def test_every_setting_is_in_the_readme_table():
    readme = open(os.path.join(os.path.dirname(__file__), "..", "README.md"), encoding="utf-8").read()
    for s in settings.SETTINGS:
        assert f"`{s.flags[0]}" in readme, f"{s.flags[0]} is missing from the README's settings table"
        if s.env:
            assert f"`{s.env}`" in readme, f"{s.env} is missing from the README's settings table"
    for env in settings.TEST_ONLY_ENVIRONMENT:
        assert f"`{env}`" in readme


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
