"""The repository: every SQL statement of the server, behind named functions.

Handlers call ``ctx.repo.rooms.find(token)``, ``ctx.repo.participants.of_room(room_id)`` and so on;
nothing outside this package touches the connection. Writes that change a room record its id, so
that after the commit waiters on that room (long polls) wake up.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

from talk_refserver.repo import schema
from talk_refserver.repo.accounts import Groups, Users, UserSettings
from talk_refserver.repo.logins import AppPasswords, LoginSessions, Meta
from talk_refserver.repo.messages import GuestNames, Messages
from talk_refserver.repo.participants import Participants
from talk_refserver.repo.rooms import Rooms
from talk_refserver.repo.v4 import Bans, Reactions


class Repo:
    def __init__(self, conn: sqlite3.Connection, on_commit: Callable[[set[int]], None] = lambda touched: None):
        self._db = conn
        self._on_commit = on_commit
        self.touched: set[int] = set()  # rooms changed by the open transaction
        self.rooms = Rooms(conn, self.touched)
        self.participants = Participants(conn, self.touched)
        self.messages = Messages(conn, self.touched)
        self.guest_names = GuestNames(conn)
        self.users = Users(conn)
        self.groups = Groups(conn)
        self.user_settings = UserSettings(conn)
        self.sessions = LoginSessions(conn)
        self.app_passwords = AppPasswords(conn)
        self.meta = Meta(conn)
        self.reactions = Reactions(conn, self.touched)
        self.bans = Bans(conn, self.touched)

    @classmethod
    def open(cls, path: str | Path, on_commit: Callable[[set[int]], None] = lambda touched: None) -> Repo:
        return cls(schema.connect(path), on_commit)

    @contextmanager
    def transaction(self) -> Iterator[Repo]:
        """One short, synchronous unit of work: never ``await`` inside it."""
        # A nested BEGIN would mean an await slipped inside a transaction and another request ran.
        assert not self._db.in_transaction, "a transaction is already open"
        self._db.execute("BEGIN IMMEDIATE")
        try:
            yield self
        except BaseException:
            self._db.execute("ROLLBACK")
            self.touched.clear()
            raise
        self._db.execute("COMMIT")
        touched = set(self.touched)
        self.touched.clear()
        if touched:
            self._on_commit(touched)

    def close(self) -> None:
        self._db.close()
