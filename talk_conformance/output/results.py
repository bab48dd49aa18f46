"""The types of a run's results: a test's verdict, the run's verdict, and a test's outcome.

* :class:`Verdict`: what one test's outcome means (passed, failed, skipped, expected, error), with
  its rank (the worst of a test's phases is its verdict) and its order in the outputs;
* :class:`RunVerdict`: what the run found (conformant, not-conformant, could-not-judge), with its
  exit code;
* :class:`Outcome`: one test's outcome, one serialised object on its pytest report (``talk_outcome``),
  the ``scenarios`` entries of summary.json (``schemas/summary.schema.json``, ``$defs/test``);
* :func:`causes`: the broken rules of a run: the same rule on the same operation, whichever
  scenarios met it, grouped by the problems' fields (:meth:`Problem.rule`), never by their text.
"""

from __future__ import annotations

import enum
import json
from dataclasses import asdict, dataclass, field
from typing import Any

from talk_conformance.spec.problem import Problem


class Verdict(str, enum.Enum):  # noqa: UP042  (str() must stay the member name, as the outputs expect)
    """A test's verdict; the order of the members is the order the outputs list them."""

    PASSED = "passed"
    FAILED = "failed"
    SKIPPED = "skipped"
    EXPECTED = "expected"
    ERROR = "error"

    @property
    def rank(self) -> int:
        """The worst of a test's phases (set-up, call, teardown) is its verdict."""
        return _RANK[self]

    @property
    def severity(self) -> int:
        """For a comparison of runs: a failure first, then what could not be judged, ..., a pass last."""
        return _SEVERITY[self]

    @classmethod
    def of(cls, value: str | Verdict) -> Verdict:
        return cls(value)

    def __str__(self) -> str:
        return self.value


_RANK = {Verdict.PASSED: 0, Verdict.SKIPPED: 1, Verdict.EXPECTED: 2, Verdict.FAILED: 3, Verdict.ERROR: 4}
_SEVERITY = {Verdict.FAILED: 0, Verdict.ERROR: 1, Verdict.EXPECTED: 2, Verdict.SKIPPED: 3, Verdict.PASSED: 4}
VERDICTS = tuple(v.value for v in Verdict)  # as the outputs list them
BY_SEVERITY = tuple(v.value for v in sorted(Verdict, key=lambda v: v.severity))


class RunVerdict(str, enum.Enum):  # noqa: UP042
    """What a run found; the process's exit status says it."""

    CONFORMANT = "conformant"
    NOT_CONFORMANT = "not-conformant"
    COULD_NOT_JUDGE = "could-not-judge"

    @property
    def exit_code(self) -> int:
        return {RunVerdict.CONFORMANT: 0, RunVerdict.NOT_CONFORMANT: 1, RunVerdict.COULD_NOT_JUDGE: 2}[self]

    def __str__(self) -> str:
        return self.value


EXIT_RULE_BROKEN = RunVerdict.NOT_CONFORMANT.exit_code
EXIT_COULD_NOT_JUDGE = RunVerdict.COULD_NOT_JUDGE.exit_code


@dataclass
class Outcome:
    """One test's outcome (one phase on a pytest report; the worst phase in summary.json)."""

    id: str
    feature: str
    name: str
    capabilities: list[str] = field(default_factory=list)
    verdict: str = Verdict.PASSED.value
    message: str = ""
    cause: str = ""
    problems: list[dict] = field(default_factory=list)  # Problem.to_json() of each problem it reports
    steps: list[dict] = field(default_factory=list)
    exchanges: list[dict] = field(default_factory=list)
    duration: float = 0.0
    beyond_docs: bool = False
    works_not_advertised: bool = False
    location: str = ""
    docs: str = ""
    without_capabilities: list[str] = field(default_factory=list)
    operation: str | None = None
    fuzz_seed: int | str | None = None
    # Only on the report (not in summary.json): the HTTP traffic and statuses of this phase.
    http_requests: int = 0
    http_seconds: float = 0.0
    http_throttled: list[dict] = field(default_factory=list)  # requests answered 429 and sent again
    coverage: list[list[Any]] = field(default_factory=list)

    REPORT_ONLY = ("http_requests", "http_seconds", "http_throttled", "coverage")

    def to_json(self) -> dict[str, Any]:
        return asdict(self)

    def summary_entry(self) -> dict[str, Any]:
        return {k: v for k, v in asdict(self).items() if k not in self.REPORT_ONLY}

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> Outcome:
        names = set(cls.__dataclass_fields__) - {"REPORT_ONLY"}
        return cls(**{k: v for k, v in data.items() if k in names})

    def to_report(self) -> str:
        """The outcome as a pytest report carries it to xdist's controller: one JSON string. execnet, xdist's
        transport, cannot send an int below -2**31 (its worker dies, and the run with it), and a fuzzed
        request holds any number; one string is also far cheaper to send than a tree of small objects."""
        return json.dumps(self.to_json(), ensure_ascii=False)

    @classmethod
    def from_report(cls, carried: str) -> Outcome:
        return cls.from_json(json.loads(carried))

    def problem_values(self) -> list[Problem]:
        return [Problem.from_json(p) for p in self.problems]


def problems_of(test: dict) -> list[Problem]:
    return [Problem.from_json(p) for p in test.get("problems") or []]


def cause_of(problems: list[Problem], fallback: str = "") -> str:
    """A failure's cause in words: its first problem's rule, without values or list positions."""
    if not problems:
        return fallback
    first = problems[0]
    text = first.rule_text()
    return _generic_positions(first, text)


def _generic_positions(p: Problem, text: str) -> str:
    """``$.ocs.data[3]`` -> ``$.ocs.data[*]``: positions vary between scenarios, the rule does not."""
    if p.kind != "schema" or not any(isinstance(s, int) for s in p.at):
        return text
    generic = "$" + "".join("[*]" if isinstance(s, int) else f".{s}" for s in p.at)
    return text.replace(f"`{p.json_path}`", f"`{generic}`", 1)


def group_key(test: dict) -> tuple:
    """What failures group by: the verdict and the first problem's rule (its fields), or, for a failure
    with no problem value (the suite could not judge), its message."""
    problems = problems_of(test)
    if problems:
        return (test["verdict"], problems[0].rule())
    return (test["verdict"], test.get("cause") or test.get("message") or "")


def causes(tests: list[dict]) -> list[dict]:
    """The documented rules the run found broken: one entry per rule (operation and rule), naming
    every scenario that met it; the rules a scenario broke count once each, whatever its other problems.
    Expected failures and the checks beyond the docs are not counted; neither is what the suite could
    not judge."""
    found: dict[tuple, dict] = {}
    for t in tests:
        if t["verdict"] != Verdict.FAILED.value:
            continue
        for p in problems_of(t):
            entry = found.setdefault(p.rule(), {
                "operation": p.operation or p.where, "kind": p.kind, "rule": cause_of([p]),
                "pointer": _generic_pointer(p), "expected": p.expected, "actual": p.actual,
                "deviations": list(p.deviations), "scenarios": []})
            if t["id"] not in [s["id"] for s in entry["scenarios"]]:
                entry["scenarios"].append({"feature": t["feature"], "name": t["name"], "id": t["id"]})
    return sorted(found.values(), key=lambda c: (-len(c["scenarios"]), c["operation"], c["rule"]))


def _generic_pointer(p: Problem) -> str:
    return "".join("/*" if isinstance(s, int) else "/" + str(s).replace("~", "~0").replace("/", "~1") for s in p.at)


def headline(causes_found: list[dict], failed_scenarios: int) -> str:
    """"N documented rules broken, in M scenarios"."""
    rules = len(causes_found)
    return (f"{rules} documented rule{'s' if rules != 1 else ''} broken, "
            f"in {failed_scenarios} scenario{'s' if failed_scenarios != 1 else ''}")
