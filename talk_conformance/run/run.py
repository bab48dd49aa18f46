"""The run: opened once (in the xdist controller, or the only process), closed once.

Opening checks that the target answers, provisions throwaway users and a group
(:mod:`talk_conformance.run.provisioning`), gives every account an app password where the server
offers them, reads the capabilities and chooses the API profile whose scenarios can judge the target.
Workers get the result as plain data (:class:`RunInfo`). Closing revokes the app passwords and
deletes what the run created.
"""

from __future__ import annotations

import secrets as random_secrets
import string
from dataclasses import asdict, dataclass, field

from talk_conformance.run import client
from talk_conformance.run.exchange import Stream
from talk_conformance.run.provisioning import (
    GROUP_ROLES,
    ROLES,
    Provisioner,
    SetupError,
    app_password,
    harness_wire,
    read_capabilities,
    unreachable,
)
from talk_conformance.run.session import at_once, remove_locks
from talk_conformance.spec import capabilities, profile

PREFIX_ALPHABET = string.ascii_lowercase + string.digits


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
    config: dict = field(default_factory=dict)  # spreed's capabilities config block
    profile: str = "v1"
    # What this run created and must delete (empty for pre-made accounts).
    created_users: list[str] = field(default_factory=list)
    created_groups: list[str] = field(default_factory=list)
    admin: tuple[str, str] | None = None

    def account(self, role: str) -> client.Account:
        return client.Account(**self.accounts[role])

    @property
    def capabilities(self) -> capabilities.Capabilities:
        return capabilities.Capabilities(frozenset(self.features), self.version, self.nextcloud, self.config)

    def to_json(self) -> dict:
        return asdict(self)

    @classmethod
    def from_json(cls, data: dict) -> RunInfo:
        data = dict(data)
        if data.get("admin"):
            data["admin"] = tuple(data["admin"])
        return cls(**data)


# The admin's session that opened a run, by run prefix, for closing it: a new session costs a real
# Nextcloud a login (~450 ms).
_ADMINS: dict[str, Provisioner] = {}


def new_prefix() -> str:
    return "tc" + "".join(random_secrets.choice(PREFIX_ALPHABET) for _ in range(6))


def open_run(base_url: str, *, admin: tuple[str, str] | None = None,
             users: list[tuple[str, str]] | None = None, group: str | None = None,
             stream: Stream | None = None, timeout: float | None = None) -> RunInfo:
    """Check the target, provision the actors, read capabilities. Raises SetupError with one line."""
    base_url = base_url.rstrip("/")
    run = RunInfo(base_url, new_prefix(), admin=admin)
    wire = harness_wire(base_url, stream, run.prefix, timeout)
    try:
        _open_run(wire, run, users or [], group)
    except client.Throttled as exc:
        close_run(run)
        raise SetupError(f"the target {base_url} throttled the suite: {str(exc).split(' was throttled: ', 1)[-1]}") \
            from None
    except client.TargetUnreachable as exc:
        close_run(run)
        raise SetupError(unreachable(base_url, exc, wire.timeout)) from None
    except BaseException as exc:
        # Interrupted midway: what was created goes now, and the caller can say what that was.
        exc.talk_removed = close_run(run)  # type: ignore[attr-defined]
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
        run.group_id = group or ""  # check_accounts: --user comes with --group
    else:
        assert run.admin is not None  # check_accounts: without --user, --admin
        provisioner = _ADMINS[run.prefix] = Provisioner(wire, run.admin)
        provisioner.check_admin()
        run.group_id = f"{run.prefix}-group"
        # Each name is recorded before it is asked for: a run interrupted while the server makes it (the
        # answer not read yet) still deletes it. Deleting a name that was never made is a harmless 404.
        for role in ROLES:
            uid = f"{run.prefix}-{role}"
            run.created_users.append(uid)
            run.accounts[role] = asdict(provisioner.create_user(uid, f"{role.title()} {run.prefix}"))
        run.created_groups.append(run.group_id)
        provisioner.create_group(run.group_id, [run.accounts[r]["user_id"] for r in GROUP_ROLES])
    # At once: on a real Nextcloud each of these first requests pays the login password's hash (~450 ms).
    for role, password in zip(ROLES, at_once(lambda role: app_password(wire, run.account(role)), ROLES)):
        run.accounts[role]["app_password"] = password
    caps = read_capabilities(wire, run.account("owner"))
    run.features, run.version, run.nextcloud = sorted(caps.features), caps.version, caps.nextcloud
    run.config = caps.config
    if not caps.talk_enabled:
        raise SetupError("the target advertises no spreed features in its capabilities: Talk is not installed, "
                         "or the test users may not use it")
    try:
        run.profile = profile.for_features(caps.features).name
    except profile.Unsupported as exc:
        raise SetupError(str(exc)) from None


def close_run(run: RunInfo, stream: Stream | None = None) -> list[str]:
    """Revoke the app passwords, delete every user and group the run created (their rooms go with them).
    Returns what was removed, for the one line that says so."""
    wire = harness_wire(run.base_url, stream, run.prefix)
    removed: list[str] = []
    remove_locks(run.prefix)

    def revoke(role: str) -> None:
        account = run.account(role)
        if account.app_password:
            client.Actor(wire, account.user_id, account, judged=False).call("deleteAppPassword")
            run.accounts[role]["app_password"] = None

    try:
        at_once(revoke, list(run.accounts))
        if run.admin:
            provisioner = _ADMINS.pop(run.prefix, None) or Provisioner(wire, run.admin)
            try:
                for uid in list(run.created_users):
                    if provisioner.delete_user(uid):
                        removed.append(uid)
                    run.created_users.remove(uid)
                for gid in list(run.created_groups):
                    if provisioner.delete_group(gid):
                        removed.append(gid)
                    run.created_groups.remove(gid)
            finally:
                provisioner.admin.close()
    except client.TargetUnreachable:
        pass
    return removed


