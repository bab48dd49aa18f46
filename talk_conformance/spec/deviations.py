"""Known deviations of real servers, as data (a profile's known-deviations file: ``known-deviations.yaml``
for v1, ``known-deviations-v4.yaml`` for v4), and what they explain.

A :class:`Catalogue` is one such file; a profile's contract holds its own (``contract.deviations``).
The module-level functions read the v1 file (:data:`FILE`), for ``--expect-deviations`` and tests.

A deviation never excuses a failure: the failure message names it by id, so a user recognises a
known behaviour, and ``--expect-deviations`` can turn it into an expected failure. An entry holds for
the releases its ``releases`` range names (the syntax of openapi.yaml's ``x-talk-releases``): servers
of those releases behave so and their docs say otherwise. It is cited only for a server of such a
release (an unknown release: every entry may apply).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import yaml

from talk_conformance import ROOT
from talk_conformance.spec import releases
from talk_conformance.spec.profile import read_yaml

FILE = ROOT / "known-deviations.yaml"


class ExpectationsError(ValueError):
    """An --expect-deviations file that cannot be read or parsed; the message is the one line shown."""


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

    def applies_to(self, release: str | None) -> bool:
        return releases.in_range(release, self.releases)

    def note(self) -> str:
        return f"known deviation {self.id}: {describe(self.releases)} {self.servers}"


def describe(spec: str) -> str:
    """``">=7.0,<8.0"`` -> ``"servers of Talk >=7.0,<8.0"``: exact, and short enough for a message."""
    return f"servers of Talk {spec.replace(' ', '')}" if spec else "real servers"


# Every known-deviations file read so far (each profile has its own): where an id's entry is found.
_READ: dict[Path, tuple[Deviation, ...]] = {}


@cache
def load(path: Path = FILE) -> tuple[Deviation, ...]:
    doc = read_yaml(path) or {}
    fields = set(Deviation.__dataclass_fields__)
    found = tuple(Deviation(**{k: v for k, v in entry.items() if k in fields}) for entry in doc.get("deviations") or [])
    _READ[Path(path)] = found
    return found


def explain(ids) -> str:
    """The notes of the known deviations named by ``ids``, from whichever profile's file holds them
    (`` (known deviation x: ...; see known-deviations.yaml)``); an id no file read holds is named alone."""
    if not ids:
        return ""
    load(FILE)
    parts, unknown = [], []
    for deviation_id in ids:
        where = next(((path, d) for path, entries in _READ.items() for d in entries if d.id == deviation_id), None)
        if where is None:
            unknown.append(f"known deviation {deviation_id}")
        else:
            parts.append(Catalogue(where[0]).notes([where[1]]).strip()[1:-1])
    return " (" + "; ".join([*parts, *unknown]) + ")"


@dataclass(frozen=True)
class Catalogue:
    """One known-deviations file, loaded once, and what its entries explain."""
    path: Path = FILE

    @property
    def entries(self) -> tuple[Deviation, ...]:
        return load(Path(self.path))

    def ids(self) -> set[str]:
        return {d.id for d in self.entries}

    def for_status(self, operation: str, seen: int, expected: int | None = None,
                   release: str | None = None) -> list[Deviation]:
        """Deviations of ``release`` that explain answering ``seen`` (where the docs give ``expected``, when known)."""
        return [d for d in self.entries if d.operation == operation and d.seen == seen and d.applies_to(release)
                and (expected is None or d.expected in (None, expected))]

    def for_body(self, operation: str, json_path: str, release: str | None = None) -> list[Deviation]:
        """Deviations of ``release`` about the part of an answer at ``json_path`` (``$.ocs.data.sessionId``).
        An entry's field names a field of each element of a list alike: ``/ocs/data/sessionIds`` is about
        ``$.ocs.data[3].sessionIds[0]`` too (a list of conversations or participants)."""
        json_path = re.sub(r"\[\d+\]", "", json_path)
        found = []
        for d in self.entries:
            if d.operation != operation or d.seen is not None or not d.field or not d.applies_to(release):
                continue
            prefix = "$" + d.field.replace("/", ".")
            # About the data as a whole (a missing field is reported there): that node only; about one
            # field: that field and what is inside it.
            inside = d.field.count("/") > 2 and json_path.startswith((prefix + ".", prefix + "["))
            if json_path == prefix or inside:
                found.append(d)
        return found

    def named(self, deviation_id: str, release: str | None = None) -> list[Deviation]:
        """The entry ``deviation_id`` when it holds for ``release``: for a step that checks behaviour no
        schema or status expresses (a limit, a length) and knows which deviation explains a failure."""
        return [d for d in self.entries if d.id == deviation_id and d.applies_to(release)]

    def notes(self, found: list[Deviation]) -> str:
        """`` (known deviation x: ...; see known-deviations.yaml)`` or ``""``."""
        if not found:
            return ""
        return " (" + "; ".join(d.note() for d in found) + f"; see {Path(self.path).name})"


V1 = Catalogue(FILE)



# -- --expect-deviations -------------------------------------------------------------------------

def _own_files() -> list[Path]:
    """Every profile's known-deviations file (known-deviations.yaml, known-deviations-v4.yaml)."""
    from talk_conformance.spec import profile

    return [Path(p.deviations_path) for p in profile.PROFILES if p.deviations_path]


def expectations_path(value: str) -> Path:
    """The file ``--expect-deviations`` names: as given, or, for exactly the name of one of the suite's
    own files (``known-deviations.yaml``, ``known-deviations-v4.yaml``) where no such file is, the
    suite's own copy (an installed suite carries it), so a CI recipe can say ``--expect-deviations
    known-deviations.yaml`` from any directory."""
    path = Path(value)
    own = next((f for f in _own_files() if f.name == value), None)
    if not path.is_file() and own is not None:
        return own
    return path


def read_expectations(value: str | None) -> set[str]:
    """What a user expects to fail: from a ``known-deviations.yaml``-style file (a ``deviations:`` list:
    every id), or from a plain list of deviation ids and scenario titles, one a line (``#`` comments).
    Raises :class:`ExpectationsError` with one line when it cannot be read or parsed."""
    if not value:
        return set()
    path = expectations_path(value)
    where = f"--expect-deviations {value}"
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise ExpectationsError(f"{where}: no such file") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise ExpectationsError(f"{where}: cannot be read: {getattr(exc, 'strerror', None) or exc}") from None
    if path.suffix not in (".yaml", ".yml"):
        return {line.split("#", 1)[0].strip() for line in text.splitlines()} - {""}
    try:
        doc = yaml.safe_load(text)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        at = f" at line {mark.line + 1}" if mark is not None else ""
        raise ExpectationsError(f"{where}: not valid YAML{at}: {getattr(exc, 'problem', None) or exc}") from None
    entries = doc.get("deviations") if isinstance(doc, dict) else None
    if not isinstance(entries, list) or not all(isinstance(e, dict) and isinstance(e.get("id"), str) for e in entries):
        raise ExpectationsError(f"{where}: expected a 'deviations:' list of entries, each with an id "
                                "(the format of known-deviations.yaml)")
    ids = {e["id"] for e in entries}
    if path.resolve() == FILE.resolve():
        # The suite's own list stands for every API version's: a CI recipe gating whatever release its
        # staging server runs names one file (ids are unique across the files: tests/test_deviations.py).
        for other in _own_files():
            if other.resolve() != FILE.resolve():
                ids |= read_expectations(str(other))
    return ids
