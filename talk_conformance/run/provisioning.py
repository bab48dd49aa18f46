"""Provisioning: what the harness asks of Nextcloud itself, never judged.

Throwaway users and a group through the provisioning API (named with the run's prefix,
``tcXXXXXX-…``), app passwords, the capabilities, and the one line that says why a target is not
the OCS API the suite can judge (:class:`SetupError`).
"""

from __future__ import annotations

import re
import secrets as random_secrets

from talk_conformance.run import client
from talk_conformance.run.exchange import RequestIds, Stream
from talk_conformance.spec import capabilities, profile

ROLES = ("owner", "moderator", "user", "stranger")
# Members of the run's group: enough to see that inviting a group adds its members.
GROUP_ROLES = ("moderator", "user")
# What a run names: exactly these, so `talk-conformance cleanup` never touches anything else.
RUN_NAME = re.compile(r"^tc[a-z0-9]{6}-(owner|moderator|user|stranger|group|gone[0-9a-f]{6})$")


def throwaway_name(prefix: str) -> str:
    """A user one scenario makes and deletes (steps/user_deletion.py), named so `cleanup` finds it."""
    return f"{prefix}-gone{random_secrets.token_hex(3)}"


class SetupError(RuntimeError):
    """The run cannot start: the message is the one line the user sees."""


def new_password() -> str:
    # Long and random: real servers' password policy refuses weak ones.
    return random_secrets.token_urlsafe(24)


def harness_wire(base_url: str, stream: Stream | None = None, prefix: str = "tcsetup",
                 timeout: float | None = None) -> client.Wire:
    # The harness's wire asks only Nextcloud core operations (profile.CORE), which every profile knows.
    return client.Wire(base_url.rstrip("/"), profile.V1, stream or Stream(), RequestIds(prefix, "ctl"),
                       *([] if timeout is None else [timeout]))


def _is_html(reply: client.Reply) -> bool:
    ctype = next((v for k, v in (reply.headers or {}).items() if k.lower() == "content-type"), "")
    text = reply.body.lstrip()[:200].lower() if isinstance(reply.body, str) else ""
    return "html" in ctype.lower() or text.startswith(("<!doctype html", "<html"))


def odd_answer(base_url: str, reply: client.Reply, what: str) -> str:
    """One line for an answer that is not the OCS API's: a server failure (5xx) is told apart from a
    page that is not an API at all (HTML: a web server, a proxy, a login page, the wrong URL)."""
    status = reply.status
    if status >= 500:
        return (f"{base_url} answered HTTP {status} to {what}: a {status}: the server failed "
                "(its log says why; the suite cannot judge a failing server)")
    if _is_html(reply):
        return (f"{base_url} answered HTML (HTTP {status}) to {what}, not an OCS API: is --base-url the root "
                "of a Nextcloud server (not a proxy's page, a login page or a subfolder)?")
    return f"{base_url} answered HTTP {status} to {what}, not the OCS API's answer: is it a Nextcloud server?"


def unreachable(base_url: str, exc: Exception, timeout: float) -> str:
    """One line for a target that did not answer; a timeout names its limit and the option that sets it."""
    why = str(exc).split(": ", 1)[-1]
    if "timed out" in why:
        why = (f"it did not answer within {timeout:g} seconds (the limit is --request-timeout, "
               "environment TALK_REQUEST_TIMEOUT)")
    return f"the target {base_url} is unreachable: {why}"


class Provisioner:
    """Users and groups through the provisioning API, as the admin."""

    def __init__(self, wire: client.Wire, admin: tuple[str, str]):
        self.admin = client.Actor(wire, "admin", client.Account(*admin), judged=False)

    def check_admin(self) -> None:
        assert self.admin.account is not None
        uid = self.admin.account.user_id
        reply = self.admin.call("getUser", userid=uid)
        if reply.status == 401:
            raise SetupError(f"the target refused the admin credentials for {uid!r} (HTTP 401)")
        if reply.status == 403:
            raise SetupError(f"{uid!r} is not an admin on the target (HTTP 403)")
        if reply.status != 200:
            raise SetupError(odd_answer(self.admin.wire.base_url, reply, "the provisioning API's user request"))

    @staticmethod
    def _ok(reply: client.Reply, what: str) -> None:
        if reply.status != 200:
            meta = reply.meta if isinstance(reply.body, dict) and "ocs" in reply.body else {}
            raise SetupError(f"could not {what}: HTTP {reply.status} {meta.get('message') or ''}".rstrip())

    def create_user(self, user_id: str, display_name: str) -> client.Account:
        account = client.Account(user_id, new_password(), display_name)
        self._ok(self.admin.call("createUser", userid=user_id, password=account.password, displayName=display_name),
                 f"create the user {user_id}")
        return account

    def create_group(self, group_id: str, members: list[str]) -> None:
        self._ok(self.admin.call("createGroup", groupid=group_id), f"create the group {group_id}")
        for uid in members:
            self._ok(self.admin.call("addToGroup", userid=uid, groupid=group_id), f"add {uid} to {group_id}")

    def delete_user(self, user_id: str) -> bool:
        return self.admin.call("deleteUser", userid=user_id).status == 200

    def delete_group(self, group_id: str) -> bool:
        return self.admin.call("deleteGroup", groupid=group_id).status == 200

    def leftovers(self) -> tuple[list[str], list[str]]:
        """Users and groups named like a run's, left behind by runs that could not clean up."""
        users = self.admin.call("listUsers", search="tc")
        groups = self.admin.call("listGroups", search="tc")
        self._ok(users, "list the users")
        self._ok(groups, "list the groups")
        return ([u for u in users.data.get("users", []) if RUN_NAME.match(u)],
                [g for g in groups.data.get("groups", []) if RUN_NAME.match(g)])


def read_capabilities(wire: client.Wire, account: client.Account | None = None) -> capabilities.Capabilities:
    # Read as a test user: spreed leaves its capabilities out for users outside Talk's allowed groups.
    actor = client.Actor(wire, account.user_id if account else "anonymous", account, judged=False)
    reply = actor.call("getCapabilities")
    if reply.status == 401 and account is not None:
        raise SetupError(f"the target refused the credentials of {account.user_id!r} (HTTP 401)")
    if reply.status != 200 or not isinstance(reply.body, dict):
        raise SetupError(odd_answer(wire.base_url, reply, "the capabilities request"))
    return capabilities.Capabilities.from_ocs_data(reply.data)


def app_password(wire: client.Wire, account: client.Account) -> str | None:
    """An app password for the account (cheap to check on every request), or None where none is offered."""
    reply = client.Actor(wire, account.user_id, account, judged=False).call("getAppPassword")
    if reply.status == 401:
        raise SetupError(f"the target refused the credentials of {account.user_id!r} (HTTP 401)")
    try:
        return reply.data["apppassword"] if reply.status == 200 else None
    except (TypeError, KeyError, ValueError):
        return None
