"""A problem: one way an answer (or a server's behaviour) breaks a documented rule, as a value.

The contract, the envelope rules, the status checks of the steps and the fuzzer produce problems;
the outputs (console, JUnit, summary.json, report.html) render them to text with :meth:`Problem.render`
and group them by :meth:`Problem.rule`. Nothing reads a problem's text back.

Kinds (``kind``):

* ``undocumented-status``: the operation's docs do not list the status at all;
* ``status``: a scenario expected another documented status (``expected``: the statuses it accepts);
* ``schema``: the body breaks the response's JSON Schema (``keyword``: the JSON-Schema keyword,
  ``path``: where, ``actual``: the offending value, abbreviated);
* ``envelope``: the OCS envelope rules a schema cannot express;
* ``no-body``, ``unexpected-body``, ``not-json``: the body is missing, present where the docs give
  none, or not JSON;
* ``server-error``: a 5xx answer (the fuzzer);
* ``behaviour``: a scenario's own assertion about what the server did.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any

# Kinds that say the answer breaks openapi.yaml itself (the contract), not a scenario's expectation.
CONTRACT_KINDS = frozenset({"undocumented-status", "schema", "envelope", "no-body", "unexpected-body", "not-json",
                            "server-error"})


@dataclass(frozen=True)
class Problem:
    kind: str
    operation: str = ""  # operationId ("" when the problem is about no one operation)
    method: str = ""
    path: str = ""  # the path as the docs name it (/room/{token})
    status: int | None = None
    at: tuple[str | int, ...] = ()  # where in the body: the segments of a JSON pointer
    keyword: str = ""  # the JSON-Schema keyword a schema problem breaks
    expected: str = ""  # what the docs (or the scenario) want, in words
    actual: str | None = None  # what the server did (abbreviated); None when not quoted
    detail: str = ""  # the rest of the sentence, as the renderer says it
    deviations: tuple[str, ...] = ()  # ids of known deviations (known-deviations.yaml) that explain it
    step: str = ""  # for a behaviour problem: the step that found it
    extra: tuple[str, ...] = field(default=(), compare=False)  # lines that follow it (a curl line)

    # -- identity ------------------------------------------------------------------------------------

    @property
    def where(self) -> str:
        return f"{self.method} {self.path}".strip()

    @property
    def pointer(self) -> str:
        """The JSON pointer into the body (``/ocs/data/lastPing``)."""
        return "".join("/" + str(s).replace("~", "~0").replace("/", "~1") for s in self.at)

    @property
    def json_path(self) -> str:
        """jsonschema's path (``$.ocs.data[0].lastPing``), as the messages name it."""
        return "$" + "".join(f"[{s}]" if isinstance(s, int) else f".{s}" for s in self.at)

    @property
    def contract(self) -> bool:
        return self.kind in CONTRACT_KINDS

    def rule(self) -> tuple[str, ...]:
        """The rule broken, whatever the values: the same rule on the same operation is one broken rule,
        whichever scenarios (and list positions, and offending values) met it."""
        shape = "/".join("*" if isinstance(s, int) else str(s) for s in self.at)
        if self.kind == "behaviour":
            return (self.operation or self.where, self.kind, self.step or self.detail)
        if self.kind == "undocumented-status":
            return (self.operation or self.where, self.kind, str(self.status))
        return (self.operation or self.where, self.kind, self.keyword, shape, self.expected,
                "" if self.kind == "schema" else self.detail)

    def rule_text(self) -> str:
        """The rule in words, without the offending value: what groups failures and names a cause."""
        return self.render(values=False, notes=False)

    # -- rendering ------------------------------------------------------------------------------------

    def render(self, *, values: bool = True, notes: bool = True) -> str:
        kind, where, status = self.kind, self.where, self.status
        if kind == "undocumented-status":
            text = f"{where} answered {status}; the docs list {self.expected}"
        elif kind == "status":
            text = f"{where} answered {status}, the docs say {self.expected} {self.detail}"
        elif kind == "schema":
            text = f"{where} {status}: `{self.json_path}` {self.detail}"
            if values and self.actual is not None:
                text += f" (the value: {self.actual})"
        elif kind == "server-error":
            text = f"{where} answered {status}: a server error"
        elif kind == "behaviour":
            text = self.detail
        else:  # envelope, no-body, unexpected-body, not-json
            text = f"{where} {status}: {self.detail}" if where else self.detail
        if notes and self.deviations:
            text += _notes(self.deviations)
        return text

    # -- serialisation (xdist's reports and summary.json carry plain JSON) ---------------------------

    def to_json(self) -> dict[str, Any]:
        data = asdict(self)
        data["at"], data["deviations"], data["extra"] = list(self.at), list(self.deviations), list(self.extra)
        data["pointer"] = self.pointer
        data["text"] = self.render()
        return data

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> Problem:
        names = set(cls.__dataclass_fields__)
        values = {k: v for k, v in data.items() if k in names}
        for name in ("at", "deviations", "extra"):
            values[name] = tuple(values.get(name) or ())
        return cls(**values)


def _notes(ids: tuple[str, ...]) -> str:
    from talk_conformance.spec import deviations

    return deviations.explain(ids)


def render_all(problems: list[Problem] | tuple[Problem, ...]) -> str:
    """The problems one a line; a wrong status first, the body problems that follow from it introduced."""
    lines: list[str] = []
    for i, p in enumerate(problems):
        if i == 1 and problems[0].kind == "status" and p.kind != "status":
            lines.append("and the answer breaks the documents too:")
        lines.append(p.render())
        lines += list(p.extra)
    return "\n".join(lines)


class RuleBroken(AssertionError):
    """The server broke a documented rule: ``problems`` are the values, the message their rendering;
    ``request_id`` names the exchange that broke it. A step may raise it with a sentence of its own
    (a behaviour problem)."""

    def __init__(self, problems: list[Problem] | str, request_id: str | None = None):
        if isinstance(problems, str):
            problems = [behaviour(problems)]
        self.problems = list(problems)
        super().__init__(render_all(self.problems))
        self.request_id = request_id


class ContractViolation(RuleBroken):
    """An answer broke openapi.yaml; the message lists every problem, one per line."""


def behaviour(message: str, *, operation: str = "", method: str = "", path: str = "", status: int | None = None,
              step: str = "", deviation_ids=()) -> Problem:
    """A scenario's own assertion, as a problem."""
    return Problem("behaviour", operation=operation, method=method, path=path, status=status, detail=message,
                   step=step, deviations=tuple(deviation_ids))
