"""The OCS envelope: the one place that knows its shape.

Every Nextcloud OCS answer is ``{"ocs": {"meta": {...}, "data": ...}}``. On ``/ocs/v2.php`` the HTTP
status equals ``meta.statuscode``; ``meta.status`` is ``ok`` for 2xx and ``failure`` otherwise; an
empty payload is ``[]`` (PHP's empty array). The client reads them with :func:`unwrap` and judges them
with :func:`problems`.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from talk_conformance.spec.problem import Problem

# OCS codes Nextcloud maps onto an HTTP status on v2 (997 -> 401, 998 -> 404): a real server keeps
# the OCS code in meta.statuscode, so these pairs are consistent.
OCS_CODES = {997: 401, 998: 404}

# Status codes that carry no body at all (HTTP forbids one for 304; Nextcloud sends none for 204).
BODILESS = frozenset({204, 304})


@dataclass(frozen=True)
class Envelope:
    meta: dict
    data: Any


class NotAnEnvelope(ValueError):
    """The body is not an OCS envelope at all."""


def unwrap(body: Any) -> Envelope:
    if not isinstance(body, dict) or not isinstance(body.get("ocs"), dict):
        raise NotAnEnvelope("the body is not an OCS envelope ({\"ocs\": {\"meta\": ..., \"data\": ...}})")
    ocs = body["ocs"]
    if not isinstance(ocs.get("meta"), dict) or "data" not in ocs:
        raise NotAnEnvelope("the OCS envelope lacks 'meta' or 'data'")
    return Envelope(meta=ocs["meta"], data=ocs["data"])


def problems(http_status: int, body: Any) -> list[Problem]:
    """What a v2 answer gets wrong about the envelope rules a JSON Schema cannot express (the operation
    is the caller's to fill in)."""
    if http_status in BODILESS:
        if body in (None, b"", ""):
            return []
        return [Problem("envelope", status=http_status, keyword="no-body", expected="no body", actual="a body",
                        detail=f"a {http_status} answer must have no body")]
    try:
        env = unwrap(body)
    except NotAnEnvelope as exc:
        return [Problem("envelope", status=http_status, keyword="ocs", expected="an OCS envelope",
                        detail=str(exc))]
    found = []
    code: Any = env.meta.get("statuscode")
    if code != http_status and OCS_CODES.get(code) != http_status:
        found.append(Problem(
            "envelope", status=http_status, at=("ocs", "meta", "statuscode"), keyword="statuscode",
            expected=f"{http_status}", actual=repr(code),
            detail=f"meta.statuscode is {code!r} but the HTTP status is {http_status} "
                   "(they must be equal on /ocs/v2.php)"))
    expected = "ok" if 200 <= http_status < 300 else "failure"
    if env.meta.get("status") != expected:
        found.append(Problem(
            "envelope", status=http_status, at=("ocs", "meta", "status"), keyword="status", expected=repr(expected),
            actual=repr(env.meta.get("status")),
            detail=f"meta.status is {env.meta.get('status')!r}, expected {expected!r} for HTTP {http_status}"))
    return found
