"""The request pipeline: route, authenticate, CSRF, parameters, guards, handler, OCS answer.

The order follows Nextcloud's: the router first (unknown path 998, wrong verb 405), then the login
check of SecurityMiddleware (401), then its CSRF check (412), then the route's guards (spreed's
middleware), then the controller.

Database work is synchronous and short: a plain handler runs with its guards inside one transaction;
an ``async`` handler gets its guards checked in one, then runs outside any and opens its own
(``with ctx.transaction():``) around each piece of database work, so it can wait in between.
"""

from __future__ import annotations

import asyncio
import logging
import re
import time
import traceback
from pathlib import Path

from starlette.requests import Request

from talk_refserver import (  # noqa: F401  (register routes)
    apis,
    apppasswords,
    calls,
    capabilities,
    chat,
    guests,
    joining,
    lobby,
    mentions,
    moderators,
    ocs,
    participants,
    preferences,
    provisioning,
    rooms,
    settings,
    shares,
    v4,
)
from talk_refserver.auth import Authenticator
from talk_refserver.crypto import new_cookie_value
from talk_refserver.faults import Faults
from talk_refserver.notify import RoomNotifier
from talk_refserver.params import Params, merge
from talk_refserver.repo import Repo
from talk_refserver.routing import Ctx, Endpoint, Router
from talk_refserver.throttle import TOO_MANY_REQUESTS, Throttle

log = logging.getLogger("talk_refserver")

_OCS_PATH = re.compile(r"^/ocs/v([12])\.php(/.*)$")
MAX_BODY = 1 << 20


class OcsApp:
    """The ASGI app: every verb and every path gets an OCS answer."""

    def __init__(self, repo: Repo, features: list[str], faults: Faults, cookie_name: str, *,
                 latency_s: float = 0.0, login_cost_s: float = 0.0, notifier: RoomNotifier | None = None,
                 nextcloud: int | None = None, throttle: Throttle | None = None):
        self.repo = repo
        self.feature_list = tuple(features)
        self.features = frozenset(features)
        # The API version it speaks (v4 when it advertises conversation-v4): its routes, views and
        # answer shapes, and the release table its features are read by.
        self.api = apis.spoken_by(self.features)
        self.release = self.api.document.release_of(self.features, nextcloud)
        # The Nextcloud version it claims: the given one, else the one its features' release ran on.
        self.nextcloud = nextcloud or self.api.document.nextcloud_of(self.release) or 17
        self.faults = faults
        self.cookie_name = cookie_name
        self.latency_s = latency_s
        self.notifier = notifier or RoomNotifier()
        self.auth = Authenticator(repo, cookie_name, login_cost_s)
        self.router = Router.standard(self.api)
        self.throttle = throttle or Throttle(0)

    async def __call__(self, scope, receive, send) -> None:
        if scope["type"] == "lifespan":
            await self._lifespan(receive, send)
            return
        if scope["type"] != "http":
            return  # no websockets
        request = Request(scope, receive)
        try:
            response = await self.handle(request)
        except Exception:  # the last net: a bug still answers inside the envelope
            log.error("unhandled error on %s %s\n%s", scope.get("method"), scope.get("path"), traceback.format_exc())
            response = ocs.response(*ocs.envelope(500, None, "Internal Server Error", 2), as_json=True)
        if self.latency_s > 0:
            await asyncio.sleep(self.latency_s)
        await response(scope, receive, send)

    @staticmethod
    async def _lifespan(receive, send) -> None:
        # Nothing to start or stop (the database is open already); answered for hosts that ask.
        while True:
            message = await receive()
            if message["type"] == "lifespan.startup":
                await send({"type": "lifespan.startup.complete"})
            elif message["type"] == "lifespan.shutdown":
                await send({"type": "lifespan.shutdown.complete"})
                return

    def _answer(self, result: ocs.Result, version: int, as_json: bool, extra_headers: dict):
        data = result.data
        if not ocs.is_success(result.code):
            data = self.api.error_data(data, result.reason, result.reason_message)
        http, body = ocs.envelope(result.code, data, result.message, version,
                                  mismatch=self.faults.active(ocs.STATUSCODE_MISMATCH))
        return ocs.response(http, body, as_json, {**result.headers, **extra_headers})

    async def handle(self, request: Request):
        method = request.method.upper()
        as_json = ocs.wants_json(request.query_params.get("format"), request.headers.get("accept", ""))
        found = _OCS_PATH.match(request.scope.get("path", ""))
        version = int(found.group(1)) if found else 2
        if await self.throttle.refuses(request):  # before anything else, as a front-door rate limit
            http, body = ocs.envelope(TOO_MANY_REQUESTS, None, "Too Many Requests", version)
            return ocs.response(TOO_MANY_REQUESTS, body, as_json, self.throttle.headers)
        endpoint, path_params, known = (self.router.resolve(found.group(2), method, self.features, self.release)
                                        if found else (None, {}, False))
        if endpoint is None:
            if known:
                return self._answer(ocs.Result(405, None, "Method Not Allowed"), version, as_json, {})
            return self._answer(ocs.Result(ocs.NOT_FOUND, None, ocs.INVALID_QUERY), version, as_json, {})

        identity = await self.auth.identify(request)
        if identity.caller is None:
            return self._answer(ocs.Result(401, None, "Unauthorised"), version, as_json,
                                {"WWW-Authenticate": 'Basic realm="Authorisation Required"'})
        params = Params(await self._params(request))
        ctx = Ctx(repo=self.repo, caller=identity.caller, params=params, path=path_params, features=self.features,
                  faults=self.faults, version=version, now=int(time.time()), feature_list=self.feature_list,
                  release=self.release, nextcloud=self.nextcloud, notifier=self.notifier,
                  api=apis.VERSIONS[endpoint.api])
        early = [g for g in endpoint.guards if g.before_csrf]
        late = [g for g in endpoint.guards if not g.before_csrf]
        try:
            for guard in early:
                guard.check(ctx)
        except ocs.OcsError as exc:
            return self._answer(ocs.Result.of(exc), version, as_json, identity.headers)
        if endpoint.csrf and identity.from_cookie and request.headers.get("ocs-apirequest", "").lower() != "true":
            return ocs.csrf_failed()
        return self._answer(await self._run(endpoint, late, ctx), version, as_json, identity.headers)

    async def _run(self, endpoint: Endpoint, guards: list, ctx: Ctx) -> ocs.Result:
        try:
            with ctx.transaction():
                for guard in guards:
                    guard.check(ctx)
                if not endpoint.is_async:
                    result = endpoint.handler(ctx)
            if endpoint.is_async:
                result = await endpoint.handler(ctx)
        except ocs.OcsError as exc:
            return ocs.Result.of(exc)
        return result if isinstance(result, ocs.Result) else ocs.Result(200, result)

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


def _instance_id() -> str:
    # Nextcloud's instanceid starts with "oc" and names the session cookie.
    return "oc" + new_cookie_value()[:10]


def create_app(db_path: str | Path, *, features: list[str] | None = None, faults=(), latency_ms: int = 0,
               login_cost_ms: int = 0, admin: tuple[str, str] = ("admin", "admin"),
               nextcloud: int | None = None, throttle: int = 0, retry_after_s: int = 1) -> OcsApp:
    """The server as an ASGI app on the SQLite file ``db_path`` (created if missing).

    ``features`` is the advertised (and implemented) capability list, Talk 7's by default; ``faults``
    names rules to break (see :func:`talk_refserver.faults.catalogue`); an unknown one is a ValueError.
    ``nextcloud`` is the Nextcloud major version it claims (default: the one its features' release ran
    on); where releases advertise the same features (Talk 9.0 and 10.0) it picks the release.
    ``throttle`` N answers every Nth request 429 with ``Retry-After: retry_after_s`` (see throttle.py).
    """
    fault_set = Faults(faults)
    notifier = RoomNotifier()
    repo = Repo.open(db_path, on_commit=notifier.changed)
    with repo.transaction():
        provisioning.ensure_admin(repo, *admin)
        cookie_name = repo.meta.value("instanceid", _instance_id)
    chosen = list(capabilities.TALK_7_FEATURES if features is None else dict.fromkeys(features))
    return OcsApp(repo, chosen, fault_set, cookie_name, latency_s=latency_ms / 1000,
                  login_cost_s=login_cost_ms / 1000, notifier=notifier, nextcloud=nextcloud,
                  throttle=Throttle(throttle, retry_after_s))
