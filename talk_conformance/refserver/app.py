"""The request pipeline: route, authenticate, CSRF, parameters, handler, OCS answer.

The order follows Nextcloud's: the router first (unknown path 998, wrong verb 405), then the login
check of SecurityMiddleware (401), then its CSRF check (412), then the controller.
"""

from __future__ import annotations

import base64
import binascii
import logging
import re
import time
import traceback

from starlette.applications import Starlette
from starlette.requests import Request
from starlette.routing import Route

from talk_conformance.refserver import ocs, store
from talk_conformance.refserver import capabilities, provisioning, rooms, participants  # noqa: F401  (register routes)
from talk_conformance.refserver.faults import Faults
from talk_conformance.refserver.params import Params, merge
from talk_conformance.refserver.routing import Caller, Ctx, resolve

log = logging.getLogger("talk_conformance.refserver")

_OCS_PATH = re.compile(r"^/ocs/v([12])\.php(/.*)$")
_COOKIE_VALUE = re.compile(r"^[a-z0-9]{26,64}$")
MAX_BODY = 1 << 20


class OcsEndpoint:
    """An ASGI app behind one catch-all route, so every verb and every path gets an OCS answer."""

    def __init__(self, db, features: list[str], faults: Faults, cookie_name: str):
        self.db = db
        self.feature_list = tuple(features)
        self.features = frozenset(features)
        self.faults = faults
        self.cookie_name = cookie_name

    async def __call__(self, scope, receive, send) -> None:
        request = Request(scope, receive)
        try:
            response = await self.handle(request)
        except Exception:  # the last net: a bug still answers inside the envelope
            log.error("unhandled error on %s %s\n%s", scope.get("method"), scope.get("path"), traceback.format_exc())
            response = ocs.response(*ocs.envelope(500, None, "Internal Server Error", 2), as_json=True)
        await response(scope, receive, send)

    def _answer(self, result: ocs.Result, version: int, as_json: bool, extra_headers: dict):
        http, body = ocs.envelope(result.code, result.data, result.message, version,
                                  mismatch=self.faults.active("statuscode-mismatch"))
        return ocs.response(http, body, as_json, {**result.headers, **extra_headers})

    async def handle(self, request: Request):
        method = request.method.upper()
        path = request.scope.get("path", "")
        as_json = ocs.wants_json(request.query_params.get("format"), request.headers.get("accept", ""))
        found = _OCS_PATH.match(path)
        version = int(found.group(1)) if found else 2
        if not found:
            return self._answer(ocs.Result(ocs.NOT_FOUND, None, ocs.INVALID_QUERY), version, as_json, {})
        endpoint, path_params, known = resolve(found.group(2), method, self.features)
        if endpoint is None:
            if known:
                return self._answer(ocs.Result(405, None, "Method Not Allowed"), version, as_json, {})
            return self._answer(ocs.Result(ocs.NOT_FOUND, None, ocs.INVALID_QUERY), version, as_json, {})

        headers: dict[str, str] = {}
        authorization = request.headers.get("authorization")
        if authorization is not None:
            caller = self._basic_user(authorization)
            if caller is None:
                return self._answer(ocs.Result(401, None, "Unauthorised"), version, as_json,
                                    {"WWW-Authenticate": 'Basic realm="Authorisation Required"'})
            from_cookie = False
        else:
            cookie = request.cookies.get(self.cookie_name, "")
            from_cookie = bool(_COOKIE_VALUE.match(cookie))
            if not from_cookie:
                cookie = store.new_cookie_value()
                headers["Set-Cookie"] = f"{self.cookie_name}={cookie}; path=/; HttpOnly; SameSite=Lax"
            caller = Caller(user_id=None, cookie=cookie)

        if endpoint.auth == "user" and not caller.is_user and not (
                endpoint.anonymous_fault and self.faults.active(endpoint.anonymous_fault)):
            return self._answer(ocs.Result(401, None, "Current user is not logged in"), version, as_json, headers)
        if endpoint.auth != "open" and from_cookie and request.headers.get("ocs-apirequest", "").lower() != "true":
            return ocs.csrf_failed()

        params = Params(await self._params(request))
        ctx = Ctx(db=self.db, caller=caller, params=params, path=path_params, features=self.features,
                  faults=self.faults, version=version, now=int(time.time()),
                  feature_list=self.feature_list)
        return self._answer(self._run(endpoint.handler, ctx), version, as_json, headers)

    def _run(self, handler, ctx: Ctx) -> ocs.Result:
        # No await inside: the transaction cannot interleave with another request.
        self.db.execute("BEGIN IMMEDIATE")
        try:
            result = handler(ctx)
        except ocs.OcsError as exc:
            self.db.execute("ROLLBACK")
            return ocs.Result(exc.code, exc.data, exc.message)
        except BaseException:
            self.db.execute("ROLLBACK")
            raise
        self.db.execute("COMMIT")
        return result if isinstance(result, ocs.Result) else ocs.Result(200, result)

    def _basic_user(self, authorization: str) -> Caller | None:
        scheme, _, encoded = authorization.partition(" ")
        if scheme.lower() != "basic":
            return None
        try:
            decoded = base64.b64decode(encoded.strip(), validate=True).decode("utf-8")
        except (binascii.Error, ValueError):
            return None
        uid, sep, password = decoded.partition(":")
        if not sep:
            return None
        row = self.db.execute("SELECT uid, password_hash, enabled FROM users WHERE uid = ?", (uid,)).fetchone()
        if row is None or not row["enabled"] or not store.verify_password(password, row["password_hash"]):
            return None
        is_admin = self.db.execute("SELECT 1 FROM group_members WHERE gid = 'admin' AND uid = ?",
                                   (uid,)).fetchone() is not None
        return Caller(user_id=row["uid"], cookie=None, is_admin=is_admin)

    async def _params(self, request: Request) -> dict:
        body = b""
        form_items = None
        content_type = request.headers.get("content-type", "")
        try:
            body = await request.body()
            if len(body) > MAX_BODY:
                body = b""
            elif content_type.lower().startswith("multipart/form-data"):
                form = await request.form()
                form_items = list(form.multi_items())
                await form.close()
        except Exception:  # a malformed body carries no parameters, as in PHP
            body, form_items = b"", None
        return merge(request.scope.get("query_string", b"").decode("utf-8", "replace"), body, content_type, form_items)


def create_app(db, features: list[str], faults: Faults, cookie_name: str) -> Starlette:
    endpoint = OcsEndpoint(db, features, faults, cookie_name)
    return Starlette(routes=[Route("/{path:path}", endpoint=endpoint)])
