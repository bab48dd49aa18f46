"""The target of a run: where it is, who the actors are, and leaving nothing behind.

A run is opened once (in the xdist controller, or the only process): it checks that the target
answers, reads its capabilities, and provisions throwaway users and a group through Nextcloud's
provisioning API, all named with a unique run prefix. Workers get the result as plain data
(:class:`RunInfo`). Closing the run deletes what it created.
"""

from __future__ import annotations

import secrets as random_secrets
import string
from dataclasses import asdict, dataclass, field

from talk_conformance import capabilities, client

ROLES = ("owner", "moderator", "user", "stranger")
# Members of the run's group: enough to see that inviting a group adds its members.
GROUP_ROLES = ("moderator", "user")
PROVISIONING = "/ocs/v2.php/cloud"


class SetupError(RuntimeError):
    """The run cannot start: the message is the one line the user sees."""


@dataclass
class RunInfo:
    """Everything a worker needs to know about the run; plain data so xdist can ship it."""
    base_url: str
    prefix: str
    accounts: dict[str, dict]
    group_id: str
    features: list[str]
    version: str = ""
    # What this run created and must delete (empty for pre-made accounts).
    created_users: list[str] = field(default_factory=list)
    created_groups: list[str] = field(default_factory=list)
    admin: tuple[str, str] | None = None

    def account(self, role: str) -> client.Account:
        return client.Account(**self.accounts[role])

    @property
    def capabilities(self) -> capabilities.Capabilities:
        return capabilities.Capabilities(frozenset(self.features), self.version)

    def to_json(self) -> dict:
        return asdict(self)

    @classmethod
    def from_json(cls, data: dict) -> "RunInfo":
        return cls(**data)


def new_prefix() -> str:
    alphabet = string.ascii_lowercase + string.digits
    return "tc" + "".join(random_secrets.choice(alphabet) for _ in range(6))


def new_password() -> str:
    # Long and random: real servers' password policy refuses weak ones (TOOLING-NOTES).
    return random_secrets.token_urlsafe(24)


class Provisioner:
    """Users and groups through the provisioning API, as the admin."""

    def __init__(self, base_url: str, admin: tuple[str, str]):
        self.admin = client.Actor(base_url, "admin", client.Account(*admin), validate=False)

    def check_admin(self) -> None:
        reply = self.admin.request("GET", f"{PROVISIONING}/users/{{uid}}", uid=self.admin.account.user_id)
        if reply.status == 401:
            raise SetupError(f"the target refused the admin credentials for {self.admin.account.user_id!r} (HTTP 401)")
        if reply.status == 403:
            raise SetupError(f"{self.admin.account.user_id!r} is not an admin on the target (HTTP 403)")
        if reply.status != 200:
            raise SetupError(f"the provisioning API answered HTTP {reply.status} to the admin; is this a Nextcloud server?")

    def _ok(self, reply: client.Reply, what: str) -> None:
        if reply.status != 200:
            meta = reply.meta if isinstance(reply.body, dict) and "ocs" in reply.body else {}
            raise SetupError(f"could not {what}: HTTP {reply.status} {meta.get('message') or ''}".rstrip())

    def create_user(self, user_id: str, display_name: str) -> client.Account:
        account = client.Account(user_id, new_password(), display_name)
        self._ok(self.admin.request("POST", f"{PROVISIONING}/users", data={
            "userid": user_id, "password": account.password, "displayName": display_name}),
            f"create the user {user_id}")
        return account

    def create_group(self, group_id: str, members: list[str]) -> None:
        self._ok(self.admin.request("POST", f"{PROVISIONING}/groups", data={"groupid": group_id}),
                 f"create the group {group_id}")
        for uid in members:
            self._ok(self.admin.request("POST", f"{PROVISIONING}/users/{{uid}}/groups", data={"groupid": group_id},
                                        uid=uid), f"add {uid} to {group_id}")

    def delete_user(self, user_id: str) -> None:
        self.admin.request("DELETE", f"{PROVISIONING}/users/{{uid}}", uid=user_id)

    def delete_group(self, group_id: str) -> None:
        self.admin.request("DELETE", f"{PROVISIONING}/groups/{{gid}}", gid=group_id)


def read_capabilities(base_url: str, account: client.Account | None = None) -> capabilities.Capabilities:
    # Read as a test user: spreed leaves its capabilities out for users outside Talk's allowed groups.
    actor = client.Actor(base_url, account.user_id if account else "anonymous", account, validate=False)
    reply = actor.request("GET", capabilities.ENDPOINT)
    if reply.status == 401 and account is not None:
        raise SetupError(f"the target refused the credentials of {account.user_id!r} (HTTP 401)")
    if reply.status != 200 or not isinstance(reply.body, dict):
        raise SetupError(f"{base_url} answered HTTP {reply.status} to {capabilities.ENDPOINT}; is it a Nextcloud server?")
    return capabilities.Capabilities.from_ocs_data(reply.data)


def open_run(base_url: str, *, admin: tuple[str, str] | None = None,
             users: list[tuple[str, str]] | None = None, group: str | None = None) -> RunInfo:
    """Check the target, provision the actors, read capabilities. Raises SetupError with one line."""
    base_url = base_url.rstrip("/")
    try:
        return _open_run(base_url, admin, users or [], group)
    except client.TargetUnreachable:
        raise SetupError(f"the target {base_url} is unreachable") from None


def _open_run(base_url, admin, users, group) -> RunInfo:
    prefix = new_prefix()
    read_capabilities(base_url)  # fails early, in one line, when nothing answers
    if users:
        if len(users) < len(ROLES):
            raise SetupError(f"--user needs {len(ROLES)} accounts ({', '.join(ROLES)}), got {len(users)}")
        accounts = {role: client.Account(uid, pw, uid) for role, (uid, pw) in zip(ROLES, users[:len(ROLES)], strict=True)}
        if not group:
            raise SetupError("with pre-made accounts, --group names a group whose members are the moderator and user accounts")
        run = RunInfo(base_url, prefix, {r: asdict(a) for r, a in accounts.items()}, group, [], admin=admin)
    elif admin:
        provisioner = Provisioner(base_url, admin)
        provisioner.check_admin()
        run = RunInfo(base_url, prefix, {}, f"{prefix}-group", [], admin=admin)
        try:
            for role in ROLES:
                uid = f"{prefix}-{role}"
                run.accounts[role] = asdict(provisioner.create_user(uid, f"{role.title()} {prefix}"))
                run.created_users.append(uid)
            provisioner.create_group(run.group_id, [run.accounts[r]["user_id"] for r in GROUP_ROLES])
            run.created_groups.append(run.group_id)
        except BaseException:
            close_run(run)
            raise
    else:
        raise SetupError("give --admin USER:PASS (to provision throwaway users) or --user USER:PASS four times and --group ID")
    caps = read_capabilities(base_url, run.account("owner"))
    run.features, run.version = sorted(caps.features), caps.version
    return run


def close_run(run: RunInfo) -> None:
    """Delete every user and group the run created (their rooms go with them on a real server)."""
    if not run.admin:
        return
    provisioner = Provisioner(run.base_url, run.admin)
    try:
        for uid in run.created_users:
            provisioner.delete_user(uid)
        for gid in run.created_groups:
            provisioner.delete_group(gid)
    except client.TargetUnreachable:
        pass


class Target:
    """The target as the steps and the fuzzer see it: base URL, accounts, users' actors, capabilities."""

    def __init__(self, run: RunInfo):
        self.run = run
        self.base_url = run.base_url
        self.accounts = {role: run.account(role) for role in run.accounts}
        self.group_id = run.group_id
        self.capabilities = run.capabilities
        self._actors: dict[str, client.Actor] = {}
        self._rooms: list[tuple[str, client.Account]] = []
        self._cleaners: dict[str, client.Actor] = {}

    def actor(self, role: str) -> client.Actor:
        """The user's one actor for the whole run: one HTTP session, so cookies spare password checks."""
        if role not in self._actors:
            self._actors[role] = self.new_actor(role, self.accounts[role])
        return self._actors[role]

    def new_actor(self, name: str, account: client.Account | None = None) -> client.Actor:
        """A fresh actor with its own HTTP session (a guest, or nobody at all)."""
        return client.Actor(self.base_url, name, account, features=self.capabilities.features)

    def track_room(self, token: str, account: client.Account) -> None:
        self._rooms.append((token, account))

    def delete_rooms(self, rooms: list[tuple[str, client.Account]]) -> None:
        """Best effort, unjudged: a room the scenario deleted itself answers 404, which is fine."""
        for token, account in rooms:
            harness = self._cleaner(account)
            try:
                reply = harness.request("DELETE", "/room/{token}", token=token)
                if reply.status == 400:  # one-to-one rooms cannot be deleted, only left
                    harness.request("DELETE", "/room/{token}/participants/self", token=token)
            except client.TargetUnreachable:
                return

    def _cleaner(self, account: client.Account) -> client.Actor:
        # Kept per account: a cookie-less request costs a real Nextcloud a password hash check (~450 ms).
        if account.user_id not in self._cleaners:
            self._cleaners[account.user_id] = client.Actor(self.base_url, f"cleanup:{account.user_id}", account,
                                                           validate=False)
        return self._cleaners[account.user_id]

    def close(self) -> None:
        self.delete_rooms(self._rooms)
        self._rooms.clear()
