"""Who is calling: users by HTTP Basic (login password or app password), guests by session cookie.

A real Nextcloud checks the login password's hash on every request that carries Basic credentials
and no session (~450 ms with its default bcrypt cost); its answer sets a session cookie, and later
requests that send the cookie back skip the check. App passwords are tokens: looked up by a fast
hash, no session needed (`lib/private/User/Session.php` of Nextcloud 17, tryBasicAuthLogin). The
server emulates that cost with ``login_cost`` seconds of waiting that never block other requests.
"""

from __future__ import annotations

import asyncio
import base64
import binascii
import re

from starlette.requests import Request

from talk_refserver import crypto
from talk_refserver.repo import Repo
from talk_refserver.routing import Caller

_COOKIE_VALUE = re.compile(r"^[a-z0-9]{26,64}$")


class Identity:
    """The outcome of authentication: the caller (None: refused, 401) and headers for the answer."""

    def __init__(self, caller: Caller | None, *, from_cookie: bool = False, headers: dict | None = None):
        self.caller = caller
        self.from_cookie = from_cookie  # authenticated by cookie alone: the CSRF check applies
        self.headers = headers or {}


def parse_basic(authorization: str) -> tuple[str, str] | None:
    scheme, _, encoded = authorization.partition(" ")
    if scheme.lower() != "basic":
        return None
    try:
        decoded = base64.b64decode(encoded.strip(), validate=True).decode("utf-8")
    except (binascii.Error, ValueError):
        return None
    uid, sep, password = decoded.partition(":")
    return (uid, password) if sep else None


class Authenticator:
    def __init__(self, repo: Repo, cookie_name: str, login_cost_s: float = 0.0):
        self.repo = repo
        self.cookie_name = cookie_name
        self.login_cost_s = login_cost_s

    def _set_cookie(self, value: str) -> dict:
        return {"Set-Cookie": f"{self.cookie_name}={value}; path=/; HttpOnly; SameSite=Lax"}

    def _user(self, uid: str, **via) -> Caller:
        return Caller(user_id=uid, cookie=None, is_admin=self.repo.groups.is_member("admin", uid), **via)

    def _session_user(self, cookie: str) -> dict | None:
        """The session's user while it is still valid: enabled, password unchanged since the login."""
        session = self.repo.sessions.find(cookie)
        if session is None:
            return None
        user = self.repo.users.find(session["uid"])
        if user is None or not user["enabled"] or not crypto.same(user["password_hash"], session["password_hash"]):
            return None
        return {**user, "proof": session["proof"]}

    async def identify(self, request: Request) -> Identity:
        cookie = request.cookies.get(self.cookie_name, "")
        if not _COOKIE_VALUE.match(cookie):
            cookie = ""
        authorization = request.headers.get("authorization")
        if authorization is not None:
            return await self._basic(authorization, cookie)
        if cookie:
            user = self._session_user(cookie)
            if user is not None:
                return Identity(self._user(user["uid"], via="session"), from_cookie=True)
            return Identity(Caller(user_id=None, cookie=cookie), from_cookie=True)
        cookie = crypto.new_cookie_value()
        return Identity(Caller(user_id=None, cookie=cookie), headers=self._set_cookie(cookie))

    async def _basic(self, authorization: str, cookie: str) -> Identity:
        credentials = parse_basic(authorization)
        if credentials is None:
            return Identity(None)
        uid, password = credentials
        token = crypto.token_hash(password)
        if self.repo.app_passwords.owner(token) == uid:
            user = self.repo.users.find(uid)
            if user is not None and user["enabled"]:
                return Identity(self._user(uid, via="app-password", app_password_hash=token))
            return Identity(None)
        if cookie:
            user = self._session_user(cookie)
            if user is not None and user["uid"] == uid and crypto.same(user["proof"],
                                                                       crypto.session_proof(cookie, password)):
                return Identity(self._user(uid, via="password"), headers=self._set_cookie(cookie))
        if self.login_cost_s > 0:
            await asyncio.sleep(self.login_cost_s)
        user = self.repo.users.find(uid)
        if user is None or not user["enabled"] or not crypto.verify_password(password, user["password_hash"]):
            return Identity(None)
        cookie = crypto.new_cookie_value()
        with self.repo.transaction():
            self.repo.sessions.create(cookie, uid, user["password_hash"], crypto.session_proof(cookie, password))
        return Identity(self._user(uid, via="password"), headers=self._set_cookie(cookie))
