"""Known deviations of real servers, as data (``known-deviations.yaml``), and what they explain.

A deviation never excuses a failure: the failure message names it by id, so a user recognises a
known behaviour, and ``--expect-deviations`` can turn it into an expected failure.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from talk_conformance import ROOT
from talk_conformance.profile import read_yaml

FILE = ROOT / "known-deviations.yaml"


@dataclass(frozen=True)
class Deviation:
    id: str
    operation: str
    docs: str
    servers: str
    releases: str = ""
    source: str = ""
    expected: int | None = None  # the status the docs give
    seen: int | None = None  # the status real servers answer
    field: str | None = None  # for a body that differs: a JSON pointer into the answer (/ocs/data/...)

    def note(self) -> str:
        return f"known deviation {self.id}: {self.releases or 'real servers'} {self.servers}".replace("  ", " ")


@lru_cache(maxsize=None)
def load(path: Path = FILE) -> tuple[Deviation, ...]:
    doc = read_yaml(path) or {}
    fields = set(Deviation.__dataclass_fields__)
    return tuple(Deviation(**{k: v for k, v in entry.items() if k in fields}) for entry in doc.get("deviations", []))


def ids() -> set[str]:
    return {d.id for d in load()}


def for_status(operation: str, seen: int, expected: int | None = None) -> list[Deviation]:
    """Deviations that explain answering ``seen`` (where the docs give ``expected``, when known)."""
    return [d for d in load() if d.operation == operation and d.seen == seen
            and (expected is None or d.expected in (None, expected))]


def for_body(operation: str, json_path: str) -> list[Deviation]:
    """Deviations about the part of an answer at ``json_path`` (``$.ocs.data.sessionId``)."""
    found = []
    for d in load():
        if d.operation != operation or d.seen is not None or not d.field:
            continue
        prefix = "$" + d.field.replace("/", ".")
        # About the data as a whole (a missing field is reported there): that node only; about one
        # field: that field and what is inside it.
        inside = d.field.count("/") > 2 and json_path.startswith((prefix + ".", prefix + "["))
        if json_path == prefix or inside:
            found.append(d)
    return found


def notes(found: list[Deviation]) -> str:
    """`` (known deviation x: ...; see known-deviations.yaml)`` or ``""``."""
    if not found:
        return ""
    return " (" + "; ".join(d.note() for d in found) + "; see known-deviations.yaml)"
