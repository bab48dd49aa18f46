"""Documented rules the server can break on purpose, to prove that a scenario can fail.

A fault is declared once, at module level beside the rule it breaks::

    RENAME_BY_NON_MODERATOR = fault("rename-by-non-moderator", "plain participants may rename (docs: 403)")

and tested at the one place that enforces that rule (``ctx.faults.active(RENAME_BY_NON_MODERATOR)``,
or a guard's ``unless=``), so switching it on changes that rule and nothing else. The catalogue is
whatever the server's modules declared: there is no second list to keep in step.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Fault:
    name: str
    breaks: str  # what the server does wrong while the fault is on
    # The release from which on the docs give the rule it breaks: its guards are proven against the
    # newest release's server (tests/test_faults.py), since older ones are not judged by that rule.
    since: str | None = None
    # The API version whose rule it breaks: the v1 suite's scenarios guard the v1 faults; the v4 ones
    # wait for the v4 profile's scenarios (the reference server's own tests prove them meanwhile).
    api: str = "v1"


_DECLARED: dict[str, Fault] = {}


def fault(name: str, breaks: str, *, since: str | None = None, api: str = "v1") -> Fault:
    if name in _DECLARED:
        raise ValueError(f"fault {name} is declared twice")
    _DECLARED[name] = Fault(name, breaks, since, api)
    return _DECLARED[name]


def releases(api: str | None = "v1") -> dict[str, str]:
    """The faults that break a rule of a later release: name -> the release its rule came with."""
    catalogue()
    return {f.name: f.since for f in _DECLARED.values() if f.since and api in (None, f.api)}


def catalogue(api: str | None = "v1") -> dict[str, str]:
    """The faults of one API version's rules (``None``: of every version): name -> what it breaks."""
    # Faults live in the modules whose rules they break; loading the app loads all of them.
    from talk_refserver import app  # noqa: F401

    return {f.name: f.breaks for f in _DECLARED.values() if api in (None, f.api)}


class UnknownFault(ValueError):
    pass


class Faults:
    """The faults switched on for one server instance."""

    def __init__(self, names=()):
        known = catalogue(None)
        unknown = sorted(set(names) - set(known))
        if unknown:
            raise UnknownFault(f"unknown fault {', '.join(unknown)}")
        self.names = frozenset(names)

    def active(self, which: Fault | None) -> bool:
        if which is None:
            return False
        # Only declared faults: a check site with a typo'd stand-in must not silently do nothing.
        assert _DECLARED.get(which.name) is which, which
        return which.name in self.names
