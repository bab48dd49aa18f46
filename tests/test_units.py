"""Small pieces with rules of their own: the envelope, masking, capabilities, base paths."""

from __future__ import annotations

import pytest

from talk_conformance import api, capabilities, envelope, secrets


def test_envelope_round_trip_and_rules():
    body = envelope.wrap(404, message="")
    assert envelope.unwrap(body).data == []
    assert envelope.problems(404, body) == []
    assert envelope.problems(200, body) == [
        "meta.statuscode is 404 but the HTTP status is 200 (they must be equal on /ocs/v2.php)",
        "meta.status is 'failure', expected 'ok' for HTTP 200",
    ]
    assert envelope.problems(200, {"message": "x"}) != []
    assert envelope.problems(304, None) == []
    assert envelope.problems(304, {"ocs": {}}) == ["a 304 answer must have no body"]


def test_masking_hides_registered_secrets_and_credential_headers():
    secrets.register("s3cr3t-passw0rd")
    assert secrets.mask("login with s3cr3t-passw0rd now") == "login with ******** now"
    assert secrets.mask_headers({"Authorization": "Basic abc", "Accept": "x"}) == {"Authorization": "********", "Accept": "x"}
    assert secrets.mask_fields({"password": "p", "roomName": "n"}) == {"password": "********", "roomName": "n"}


def test_capabilities_gate_and_profile():
    caps = capabilities.Capabilities.from_ocs_data(
        {"version": {"string": "17.0.0"}, "capabilities": {"spreed": {"features": ["audio", "favorites"]}}})
    assert caps.skip_reason(["favorites"]) is None
    assert caps.skip_reason(["webinary-lobby"]) == "server does not advertise webinary-lobby"
    assert caps.unsupported_profile() is None
    assert "conversation-v4" in capabilities.Capabilities(frozenset({"conversation-v4"})).unsupported_profile()
    assert "no spreed features" in capabilities.Capabilities.from_ocs_data({"capabilities": {}}).unsupported_profile()


def test_base_paths():
    assert api.url_path("/room/{token}") == "/ocs/v2.php/apps/spreed/api/v1/room/{token}"
    assert api.url_path("/ocs/v2.php/cloud/capabilities") == "/ocs/v2.php/cloud/capabilities"
    with pytest.raises(KeyError):
        api.url_path("/nothing")
