"""The target of a run: where it is, who the actors are, and leaving nothing behind.

A run is opened once (in the xdist controller, or the only process): it checks that the target
answers, provisions throwaway users and a group through Nextcloud's provisioning API (all named
with a unique run prefix, ``tcXXXXXX-…``), gives every account an app password where the server
offers them, and reads the capabilities. Workers get the result as plain data (:class:`RunInfo`).
Closing the run revokes the app passwords and deletes what it created.
"""

from __future__ import annotations

import fcntl
import re
import secrets as random_secrets
import string
import tempfile
import threading
from concurrent.futures import ThreadPoolExecutor, wait
from dataclasses import asdict, dataclass, field
from pathlib import Path

from talk_conformance.run import client
from talk_conformance.spec import capabilities, profile
from talk_conformance.run.exchange import RequestIds, Stream

ROLES = ("owner", "moderator", "user", "stranger")
# Members of the run's group: enough to see that inviting a group adds its members.
GROUP_ROLES = ("moderator", "user")
PREFIX_ALPHABET = string.ascii_lowercase + string.digits
# What a run names: exactly these, so `talk-conformance cleanup` never touches anything else.
RUN_NAME = re.compile(r"^tc[a-z0-9]{6}-(owner|moderator|user|stranger|group)$")


class SetupError(RuntimeError):
    """The run cannot start: the message is the one line the user sees."""


@dataclass
class RunInfo:
    """Everything a worker needs to know about the run; plain data so xdist can ship it."""
    base_url: str
    prefix: str
    accounts: dict[str, dict] = field(default_factory=dict)
    group_id: str = ""
    features: list[str] = field(default_factory=list)
    version: str = ""
    nextcloud: int | None = None
    profile: str = "v1"
    # What this run created and must delete (empty for pre-made accounts).
    created_users: list[str] = field(default_factory=list)
    created_groups: list[str] = field(default_factory=list)
    admin: tuple[str, str] | None = None

    def account(self, role: str) -> client.Account:
        return client.Account(**self.accounts[role])

    @property
    def capabilities(self) -> capabilities.Capabilities:
        return capabilities.Capabilities(frozenset(self.features), self.version, self.nextcloud)

    def to_json(self) -> dict:
        return asdict(self)

    @classmethod
    def from_json(cls, data: dict) -> "RunInfo":
        data = dict(data)
        if data.get("admin"):
            data["admin"] = tuple(data["admin"])
        return cls(**data)


def new_prefix() -> str:
    return "tc" + "".join(random_secrets.choice(PREFIX_ALPHABET) for _ in range(6))


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


def _app_password(wire: client.Wire, account: client.Account) -> str | None:
    """An app password for the account (cheap to check on every request), or None where none is offered."""
    reply = client.Actor(wire, account.user_id, account, judged=False).call("getAppPassword")
    if reply.status == 401:
        raise SetupError(f"the target refused the credentials of {account.user_id!r} (HTTP 401)")
    try:
        return reply.data["apppassword"] if reply.status == 200 else None
    except (TypeError, KeyError, ValueError):
        return None


def open_run(base_url: str, *, admin: tuple[str, str] | None = None,
             users: list[tuple[str, str]] | None = None, group: str | None = None,
             stream: Stream | None = None, timeout: float | None = None) -> RunInfo:
    """Check the target, provision the actors, read capabilities. Raises SetupError with one line."""
    base_url = base_url.rstrip("/")
    run = RunInfo(base_url, new_prefix(), admin=admin)
    wire = harness_wire(base_url, stream, run.prefix, timeout)
    try:
        _open_run(wire, run, users or [], group)
    except client.TargetUnreachable as exc:
        close_run(run)
        raise SetupError(unreachable(base_url, exc, wire.timeout)) from None
    except BaseException as exc:
        # Interrupted midway: what was created goes now, and the caller can say what that was.
        exc.talk_removed = close_run(run)
        raise
    return run


def check_accounts(users: list[tuple[str, str]], group: str | None, admin: tuple[str, str] | None) -> None:
    """What the options must say before anything is asked of the target."""
    if users:
        if len(users) < len(ROLES):
            raise SetupError(f"--user needs {len(ROLES)} accounts ({', '.join(ROLES)}), got {len(users)}")
        if not group:
            raise SetupError("with pre-made accounts (--user), --group names a group whose members are the "
                             "moderator and user accounts")
    elif not admin:
        raise SetupError("give --admin USER:PASS (to provision throwaway users) or --user USER:PASS four times "
                         "and --group ID")


def _open_run(wire: client.Wire, run: RunInfo, users: list[tuple[str, str]], group: str | None) -> None:
    check_accounts(users, group, run.admin)
    read_capabilities(wire)  # fails early, in one line, when nothing answers
    if users:
        for role, (uid, pw) in zip(ROLES, users[:len(ROLES)], strict=True):
            run.accounts[role] = asdict(client.Account(uid, pw, uid))
        run.group_id = group
    else:
        provisioner = Provisioner(wire, run.admin)
        provisioner.check_admin()
        run.group_id = f"{run.prefix}-group"
        for role in ROLES:
            uid = f"{run.prefix}-{role}"
            run.accounts[role] = asdict(provisioner.create_user(uid, f"{role.title()} {run.prefix}"))
            run.created_users.append(uid)
        provisioner.create_group(run.group_id, [run.accounts[r]["user_id"] for r in GROUP_ROLES])
        run.created_groups.append(run.group_id)
    # At once: on a real Nextcloud each of these first requests pays the login password's hash (~450 ms).
    for role, app_password in zip(ROLES, at_once(lambda role: _app_password(wire, run.account(role)), ROLES)):
        run.accounts[role]["app_password"] = app_password
    caps = read_capabilities(wire, run.account("owner"))
    run.features, run.version, run.nextcloud = sorted(caps.features), caps.version, caps.nextcloud
    if not caps.talk_enabled:
        raise SetupError("the target advertises no spreed features in its capabilities: Talk is not installed, "
                         "or the test users may not use it")
    try:
        run.profile = profile.for_scenarios(caps.features).name
    except profile.Unsupported as exc:
        raise SetupError(str(exc)) from None


SIDE_BY_SIDE = 8


def at_once(work, items: list, pool: ThreadPoolExecutor | None = None) -> list:
    """``[work(item) for item in items]``, the items side by side (in ``pool``, or a pool of its own):
    waiting on the network, not the CPU. The first exception is raised once every item has been tried."""
    if len(items) <= 1:
        return [work(item) for item in items]
    if pool is None:
        with ThreadPoolExecutor(max_workers=min(SIDE_BY_SIDE, len(items))) as own:
            return at_once(work, items, own)
    futures = [pool.submit(work, item) for item in items]
    wait(futures)
    return [future.result() for future in futures]


def close_run(run: RunInfo, stream: Stream | None = None) -> list[str]:
    """Revoke the app passwords, delete every user and group the run created (their rooms go with them).
    Returns what was removed, for the one line that says so."""
    wire = harness_wire(run.base_url, stream, run.prefix)
    removed: list[str] = []
    for lock in Path(tempfile.gettempdir()).glob(f"talk-conformance-{run.prefix}-*.lock"):
        lock.unlink(missing_ok=True)

    def revoke(role: str) -> None:
        account = run.account(role)
        if account.app_password:
            client.Actor(wire, account.user_id, account, judged=False).call("deleteAppPassword")
            run.accounts[role]["app_password"] = None

    try:
        at_once(revoke, list(run.accounts))
        if run.admin:
            provisioner = Provisioner(wire, run.admin)
            for uid in list(run.created_users):
                if provisioner.delete_user(uid):
                    removed.append(uid)
                run.created_users.remove(uid)
            for gid in list(run.created_groups):
                if provisioner.delete_group(gid):
                    removed.append(gid)
                run.created_groups.remove(gid)
    except client.TargetUnreachable:
        pass
    return removed


class Target:
    """The target as the steps and the fuzzer see it in one process: accounts, actors, capabilities."""

    def __init__(self, run: RunInfo, wire: client.Wire):
        self.run = run
        self.wire = wire
        self.base_url = run.base_url
        self.accounts = {role: run.account(role) for role in run.accounts}
        self.group_id = run.group_id
        self.capabilities = run.capabilities
        # The API version the target speaks, and the contract of its release: what steps judge by.
        self.profile = profile.by_name(run.profile)
        self.contract = self.profile.contract_for(self.capabilities)
        self.release: str | None = self.contract.release
        self.dialect = self.profile.dialect
        self._actors: dict[str, client.Actor] = {}
        self._rooms: list[tuple[str, client.Account]] = []
        self._cleaners: dict[tuple[str, int], client.Actor] = {}
        self._pool: ThreadPoolExecutor | None = None
        self._unreachable = False  # once the target stops answering, the clean-up stops asking

    def actor(self, role: str) -> client.Actor:
        """The user's one actor for the whole run: one HTTP session (and app password) per account."""
        if role not in self._actors:
            self._actors[role] = self.new_actor(role, self.accounts[role])
        return self._actors[role]

    def new_actor(self, name: str, account: client.Account | None = None) -> client.Actor:
        """A fresh actor with its own HTTP session (a guest, or nobody at all)."""
        return client.Actor(self.wire, name, account)

    def lock(self, resource: str):
        """An exclusive lock on ``resource`` among this run's processes (released when closed)."""
        path = Path(tempfile.gettempdir()) / f"talk-conformance-{self.run.prefix}-{resource}.lock"
        handle = open(path, "a")
        fcntl.flock(handle, fcntl.LOCK_EX)
        return handle

    def track_room(self, token: str, account: client.Account) -> None:
        self._rooms.append((token, account))

    def delete_rooms(self, rooms: list[tuple[str, client.Account]]) -> None:
        """Best effort, unjudged, side by side: a room the scenario deleted itself answers 404, which is fine."""
        if len(rooms) > 1 and self._pool is None:
            self._pool = ThreadPoolExecutor(max_workers=SIDE_BY_SIDE, thread_name_prefix="clean-up")
        at_once(self._delete_room, rooms, self._pool)

    def _delete_room(self, room: tuple[str, client.Account]) -> None:
        if self._unreachable:
            return
        token, account = room
        harness = self._cleaner(account)
        try:
            reply = harness.call("deleteRoom", token=token)
            instead = self.dialect.undeletable(reply.status)  # a one-to-one cannot be deleted, only left
            if instead is not None:
                operation, params = instead
                harness.call(operation, token=token, **params)
        except client.TargetUnreachable:
            self._unreachable = True

    def _cleaner(self, account: client.Account) -> client.Actor:
        # Kept per account (a new session without an app password costs a real Nextcloud a hash check)
        # and per thread of the clean-up's pool, which lasts the run (an HTTP session is not shared
        # between threads).
        key = (account.user_id, threading.get_ident())
        if key not in self._cleaners:
            self._cleaners[key] = client.Actor(self.wire, f"clean-up:{account.user_id}", account, judged=False)
        return self._cleaners[key]

    def close(self) -> None:
        self.delete_rooms(self._rooms)
        self._rooms.clear()
        if self._pool is not None:
            self._pool.shutdown()
        for actor in [*self._actors.values(), *self._cleaners.values()]:
            actor.close()
