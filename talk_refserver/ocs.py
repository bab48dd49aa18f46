"""OCS answers: errors, the v1/v2 status rules, and JSON or XML bodies.

Handlers speak in OCS codes: HTTP-like ones (200, 404, ...) for spreed, provisioning's own 100-199,
997 (unauthorised) and 998 (invalid query). This module turns a code into the HTTP status and the
``meta`` block each API version sends: v2 answers with the status in both places, v1 always with
HTTP 200 (401 for a failed login) and its own 100/997 codes (``lib/private/AppFramework/OCS/`` of
Nextcloud 17, ``V1Response`` and ``V2Response``).
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from typing import Any
from xml.sax.saxutils import escape

from starlette.responses import Response

from talk_refserver.apis import NULL
from talk_refserver.faults import fault

INVALID_QUERY = ("Invalid query, please check the syntax. API specifications are here: "
                 "http://www.freedesktop.org/wiki/Specifications/open-collaboration-services.")
UNAUTHORISED = 997
NOT_FOUND = 998
# HTTP forbids a body with 304; Nextcloud's App::main sends none for 204 either.
BODILESS = frozenset({204, 304})

STATUSCODE_MISMATCH = fault("statuscode-mismatch",
                            "meta.statuscode is always 100 on /ocs/v2.php (it must equal the HTTP status)")


class OcsError(Exception):
    """Stop the handler and answer ``code`` in the envelope."""

    def __init__(self, code: int, message: str | None = None, data: Any = None, *, reason: str | None = None,
                 reason_message: str | None = None):
        super().__init__(code, message)
        self.code = code
        self.message = message
        self.data = data
        # Why the controller refused (v4 answers ``{"error": reason}``; v1 ignores it), and its
        # human-readable detail (``{"error": "value", "message": ...}`` of the password policy).
        self.reason = reason
        self.reason_message = reason_message


@dataclass
class Result:
    code: int = 200
    data: Any = None
    message: str | None = None
    headers: dict = field(default_factory=dict)
    reason: str | None = None
    reason_message: str | None = None

    @classmethod
    def of(cls, exc: OcsError) -> Result:
        return cls(exc.code, exc.data, exc.message, reason=exc.reason, reason_message=exc.reason_message)


def is_success(code: int) -> bool:
    return code == 100 or 200 <= code < 300


def v2_http_status(code: int) -> int:
    if code == 100:
        return 200
    if code == UNAUTHORISED:
        return 401
    if code == NOT_FOUND:
        return 404
    if code in (996, 999):
        return 500
    if code < 200 or code > 600:
        return 400
    return code


def envelope(code: int, data: Any, message: str | None, version: int, mismatch: bool = False) -> tuple[int, dict]:
    """(HTTP status, body) for an OCS answer."""
    ok = is_success(code)
    # Errors keep message None unless a handler names one: spreed's bare DataResponses carry no
    # status message; a success says "OK" as Nextcloud's BaseResponse does.
    meta = {"status": "", "statuscode": 0, "message": "OK" if ok and message is None else message}
    # None is PHP's empty array; a v4 controller's null is ``apis.NULL``.
    body = {"ocs": {"meta": meta, "data": [] if data is None else None if data is NULL else data}}
    if version == 1:
        meta["statuscode"] = 100 if ok else (UNAUTHORISED if code == 401 else code)
        meta["totalitems"] = ""
        meta["itemsperpage"] = ""
        http = 401 if code in (401, UNAUTHORISED) else 200
    else:
        meta["statuscode"] = 100 if mismatch else (200 if code == 100 else code)
        http = v2_http_status(code)
    meta["status"] = "ok" if ok else "failure"
    return http, body


def wants_json(query_format: str | None, accept: str) -> bool:
    # The format parameter wins over the Accept header, as in Nextcloud's OCS responder; a format
    # nobody knows is ignored.
    if query_format and query_format.lower() in ("json", "xml"):
        return query_format.lower() == "json"
    return "application/json" in accept.lower()


def response(http: int, body: dict, as_json: bool, headers: dict | None = None) -> Response:
    if http in BODILESS:
        return Response(None, status_code=http, headers=headers)
    if as_json:
        content = json.dumps(body, ensure_ascii=True, separators=(",", ":"))
        media = "application/json; charset=utf-8"
    else:
        content = to_xml(body)
        media = "application/xml; charset=utf-8"
    return Response(content, status_code=http, media_type=media, headers=headers)


def csrf_failed() -> Response:
    # SecurityMiddleware answers this itself, outside the OCS envelope.
    return Response(json.dumps({"message": "CSRF check failed"}), status_code=412,
                    media_type="application/json; charset=utf-8")


_XML_NAME = re.compile(r"^[A-Za-z_][A-Za-z0-9._-]*$")
_XML_INVALID = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


def _xml_text(value: Any) -> str:
    if value is True:
        text = "1"
    elif value is False or value is None:
        text = ""
    else:
        text = str(value)
    return escape(_XML_INVALID.sub("", text))


def _xml_value(out: list[str], value: Any) -> None:
    if isinstance(value, dict):
        for key, item in value.items():
            tag = str(key) if _XML_NAME.match(str(key)) else "element"
            out.append(f"<{tag}>")
            _xml_value(out, item)
            out.append(f"</{tag}>")
    elif isinstance(value, (list, tuple)):
        for item in value:
            out.append("<element>")
            _xml_value(out, item)
            out.append("</element>")
    else:
        out.append(_xml_text(value))


def to_xml(body: dict) -> str:
    out = ['<?xml version="1.0"?>\n']
    _xml_value(out, body)
    return "".join(out) + "\n"


