"""Releases: which Talk release a server is, and which expectations hold for it.

The documents changed between releases (the Talk 3.2 and Talk 7.0 docs disagree in places), and
the suite must pass a conformant server of any release it covers. A server's release is read from
the capabilities it advertises: the newest release at least one of whose features it advertises,
by the table ``x-talk-releases`` at the top of the profile's OpenAPI document. Elsewhere in the
document, ``x-talk-releases: ">=6.0"`` (comparisons joined by commas) limits a response or a schema
alternative to the releases it holds for. An unknown release (no known feature advertised) keeps
every alternative.
"""

from __future__ import annotations

import re

_COMPARISON = re.compile(r"^\s*(>=|<=|>|<|==)?\s*(\d+(?:\.\d+)*)\s*$")


def version(text: str) -> tuple[int, ...]:
    return tuple(int(part) for part in str(text).split("."))


def in_range(release: str | None, spec: str | None) -> bool:
    """Whether ``release`` satisfies every comparison of ``spec`` (``">=4.0,<7.0"``); None satisfies all."""
    if release is None or not spec:
        return True
    mine = version(release)
    for part in str(spec).split(","):
        found = _COMPARISON.match(part)
        if not found:
            raise ValueError(f"not a release range: {spec!r}")
        op, other = found.group(1) or "==", version(found.group(2))
        width = max(len(mine), len(other))
        a, b = mine + (0,) * (width - len(mine)), other + (0,) * (width - len(other))
        if not {"<": a < b, "<=": a <= b, ">": a > b, ">=": a >= b, "==": a == b}[op]:
            return False
    return True


def release_of(features, table: list[dict], nextcloud: int | None = None) -> str | None:
    """The newest release of ``table`` at least one of whose features is advertised; then, where the
    releases after it added no feature (Talk 10.0 advertises what 9.0 does), the newest of those that
    ran on the advertised Nextcloud major version ``nextcloud`` or an older one.

    The Nextcloud version only breaks ties the features leave: a server advertising Talk 3.2's features
    on Nextcloud 21 is judged as Talk 3.2 (an independent implementation need not mimic a version)."""
    entries = sorted(table or [], key=lambda e: version(e["release"]))
    found = None
    for entry in entries:
        if set(entry.get("features") or ()) & set(features):
            found = entry["release"]
    if found is None or nextcloud is None:
        return found
    later = [e for e in entries if version(e["release"]) > version(found)]
    for entry in later:
        if entry.get("features") or entry.get("nextcloud") is None or entry["nextcloud"] > nextcloud:
            break
        found = entry["release"]
    return found


def since(release: str | None, first: str) -> bool:
    """Whether a server of ``release`` is ``first`` or newer (an unknown release is not)."""
    return release is not None and version(release) >= version(first)
