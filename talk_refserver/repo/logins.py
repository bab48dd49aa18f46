"""How callers prove who they are: login sessions, app passwords, and the instance's settings."""

from __future__ import annotations

import sqlite3
from collections.abc import Callable


class LoginSessions:
    def __init__(self, db: sqlite3.Connection):
        self.db = db

    def find(self, cookie: str) -> dict | None:
        row = self.db.execute("SELECT * FROM login_sessions WHERE cookie = ?", (cookie,)).fetchone()
        return dict(row) if row is not None else None

    def create(self, cookie: str, uid: str, password_hash: str, proof: str) -> None:
        self.db.execute("INSERT OR REPLACE INTO login_sessions (cookie, uid, password_hash, proof) VALUES (?, ?, ?, ?)",
                        (cookie, uid, password_hash, proof))


class AppPasswords:
    def __init__(self, db: sqlite3.Connection):
        self.db = db

    def owner(self, password_hash: str) -> str | None:
        row = self.db.execute("SELECT uid FROM app_passwords WHERE hash = ?", (password_hash,)).fetchone()
        return row["uid"] if row else None

    def add(self, uid: str, password_hash: str) -> None:
        self.db.execute("INSERT INTO app_passwords (hash, uid) VALUES (?, ?)", (password_hash, uid))

    def revoke(self, password_hash: str) -> None:
        self.db.execute("DELETE FROM app_passwords WHERE hash = ?", (password_hash,))


class Meta:
    """Persistent instance settings."""

    def __init__(self, db: sqlite3.Connection):
        self.db = db

    def value(self, key: str, make: Callable[[], str]) -> str:
        """The setting ``key``, created with ``make()`` on first use."""
        row = self.db.execute("SELECT value FROM meta WHERE key = ?", (key,)).fetchone()
        if row:
            return row["value"]
        value = make()
        self.db.execute("INSERT INTO meta (key, value) VALUES (?, ?)", (key, value))
        return value

    def set(self, key: str, value: str) -> None:
        self.db.execute("INSERT OR REPLACE INTO meta (key, value) VALUES (?, ?)", (key, value))
