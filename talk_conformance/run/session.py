"""The target as one process sees it during a run: accounts, actors, the profile the target speaks
(its contract and its dialect), room clean-up, and locks shared by the run's processes."""

from __future__ import annotations

import fcntl
import tempfile
import threading
from collections.abc import Sequence
from concurrent.futures import ThreadPoolExecutor, wait
from pathlib import Path

from talk_conformance.run import client
from talk_conformance.run.provisioning import Provisioner, throwaway_name
from talk_conformance.spec import profile

SIDE_BY_SIDE = 8


def at_once(work, items: Sequence, pool: ThreadPoolExecutor | None = None) -> list:
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


def lock_path(prefix: str, resource: str = "*") -> Path:
    """The file that locks ``resource`` among the processes of the run ``prefix`` (``*``: every lock)."""
    return Path(tempfile.gettempdir()) / f"talk-conformance-{prefix}-{resource}.lock"


def remove_locks(prefix: str) -> None:
    for lock in lock_path(prefix).parent.glob(lock_path(prefix).name):
        lock.unlink(missing_ok=True)


class Target:
    """The target as the steps and the fuzzer see it in one process: accounts, actors, capabilities."""

    def __init__(self, run, wire: client.Wire):
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
        self._admin: Provisioner | None = None
        self._unreachable = False  # once the target stops answering, the clean-up stops asking

    def actor(self, role: str) -> client.Actor:
        """The user's one actor for the whole run: one HTTP session (and app password) per account."""
        if role not in self._actors:
            self._actors[role] = self.new_actor(role, self.accounts[role])
        return self._actors[role]

    def new_actor(self, name: str, account: client.Account | None = None) -> client.Actor:
        """A fresh actor with its own HTTP session (a guest, or nobody at all)."""
        return client.Actor(self.wire, name, account)

    @property
    def can_provision(self) -> bool:
        """Whether the run has the admin, who can make and delete users (not with pre-made accounts)."""
        return bool(self.run.admin)

    def provision_user(self) -> client.Account:
        """A throwaway user for one scenario (named with the run's prefix: `cleanup` knows it), made by
        the admin; the scenario deletes it (``delete_user``). Only where ``can_provision``."""
        assert self.run.admin, "pre-made accounts: the run has no admin to provision users with"
        uid = throwaway_name(self.run.prefix)
        return self._provisioner().create_user(uid, f"Gone {self.run.prefix}")

    def _provisioner(self) -> Provisioner:
        # One admin session per process for the whole run: a new one costs a real Nextcloud a login (~450 ms).
        if self._admin is None:
            assert self.run.admin is not None
            self._admin = Provisioner(self.wire, self.run.admin)
        return self._admin

    def adopt(self, role: str, account: client.Account) -> None:
        """``account`` acts as ``role`` in this process until ``drop`` (a scenario's throwaway user)."""
        self.accounts[role] = account

    def drop(self, role: str) -> None:
        self.accounts.pop(role, None)
        actor = self._actors.pop(role, None)
        if actor is not None:
            actor.close()

    def delete_user(self, user_id: str) -> bool:
        """The admin deletes ``user_id`` (True when the server answered 200)."""
        assert self.run.admin, "pre-made accounts: the run has no admin to delete users with"
        return self._provisioner().delete_user(user_id)

    def lock(self, resource: str):
        """An exclusive lock on ``resource`` among this run's processes (released when closed)."""
        handle = open(lock_path(self.run.prefix, resource), "a")
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
        if self._admin is not None:
            self._admin.admin.close()
