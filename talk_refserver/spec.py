"""The API documents the server serves: ``openapi.yaml`` (API v1) and ``openapi-v4.yaml`` (API v4 rooms
and calls, with the chat that stayed under v1), the same ones the suite judges answers by.

Each spreed operation's verb and path come from its document, so the server cannot drift from what
the judge expects. The server reads only ``operationId``, method and path, and the table of releases
by their features (to know which release it emulates): its behaviour stays its own.

The module-level functions speak of the v1 document (the one every v1 release is built from); the v4
one is ``document("openapi-v4.yaml")``.
"""

from __future__ import annotations

import functools
from pathlib import Path

import yaml

METHODS = ("get", "put", "post", "delete", "patch", "head", "options")
# The document writes every path in full under v2; the server serves each under v1 too.
OCS_PREFIX = "/ocs/v2.php"
V1_DOCUMENT = "openapi.yaml"
V4_DOCUMENT = "openapi-v4.yaml"


def release_key(release: str) -> tuple[int, ...]:
    return tuple(int(part) for part in release.split("."))


class Document:
    """One API document: its operations (verb and path) and its release table."""

    def __init__(self, filename: str):
        self.filename = filename

    def path(self) -> Path:
        """The repository's document, or the copy installed beside the package."""
        beside_repository = Path(__file__).resolve().parent.parent / self.filename
        if beside_repository.exists():
            return beside_repository
        return Path(__file__).resolve().parent / self.filename

    @functools.cached_property
    def content(self) -> dict:
        # libyaml's loader when PyYAML has it: ~10x faster, and the server's start is part of every run.
        loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
        return yaml.load(self.path().read_text(encoding="utf-8"), Loader=loader)

    @functools.cached_property
    def operations(self) -> dict[str, tuple[str, str]]:
        """operationId -> (METHOD, path below ``/ocs/v2.php``)."""
        found: dict[str, tuple[str, str]] = {}
        for path, item in (self.content.get("paths") or {}).items():
            for method in METHODS:
                operation = (item or {}).get(method)
                if not operation:
                    continue
                operation_id = operation["operationId"]
                if operation_id in found:
                    raise ValueError(f"operationId {operation_id} appears twice in {self.path()}")
                if not path.startswith(OCS_PREFIX + "/"):
                    raise ValueError(f"{operation_id}: {path} is not below {OCS_PREFIX}")
                found[operation_id] = (method.upper(), path[len(OCS_PREFIX):])
        return found

    @functools.cached_property
    def releases(self) -> tuple[tuple[str, tuple[str, ...], int | None], ...]:
        """The top-level ``x-talk-releases``: (release, the features it introduced, Nextcloud), oldest first."""
        entries = self.content.get("x-talk-releases") or ()
        found = [(str(e["release"]), tuple(e.get("features") or ()), e.get("nextcloud")) for e in entries]
        return tuple(sorted(found, key=lambda e: release_key(e[0])))

    def release_table(self) -> tuple[tuple[str, tuple[str, ...]], ...]:
        return tuple((release, features) for release, features, _ in self.releases)

    def nextcloud_of(self, release: tuple[int, ...] | None) -> int | None:
        """The Nextcloud major version a release ran on (None: unknown release)."""
        return next((nc for name, _, nc in self.releases if release_key(name) == release), None)

    def release_of(self, features, nextcloud: int | None = None) -> tuple[int, ...] | None:
        """The newest release at least one of whose features is in ``features`` (None: none is); with a
        Nextcloud major version, moved on through the later releases that added no feature and ran on that
        Nextcloud or an older one (Talk 10.0 advertises what 9.0 does, on Nextcloud 20)."""
        found = None
        for release, introduced, _ in self.releases:
            if set(introduced) & set(features):
                found = release_key(release)
        if found is None or nextcloud is None:
            return found
        for release, introduced, nc in self.releases:
            if release_key(release) <= found:
                continue
            if introduced or nc is None or nc > nextcloud:
                break
            found = release_key(release)
        return found


@functools.cache
def document(filename: str = V1_DOCUMENT) -> Document:
    return Document(filename)


# --- the v1 document, as the v1 releases and their tests name it ------------------------------

def document_path() -> Path:
    return document().path()


def operations() -> dict[str, tuple[str, str]]:
    return document().operations


def release_table() -> tuple[tuple[str, tuple[str, ...]], ...]:
    """The v1 document's ``x-talk-releases``: (release, the features it introduced), oldest first.

    The server reads the table itself (it shares no code with the suite): it decides which release a
    feature set is, and so which release's rules the server follows where the docs changed."""
    return document().release_table()


def nextcloud_of(release: tuple[int, ...] | None) -> int | None:
    return document().nextcloud_of(release)


def release_of(features, nextcloud: int | None = None) -> tuple[int, ...] | None:
    return document().release_of(features, nextcloud)
