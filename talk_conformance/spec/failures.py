"""What a broken rule raises: the exceptions a step, the client and the contract share.

Apart from :mod:`talk_conformance.spec.contract` so that steps, which never import the contract (they
read it from the target), can raise and catch them.
"""

from __future__ import annotations


class RuleBroken(AssertionError):
    """The server broke a documented rule; ``request_id`` names the exchange that broke it."""

    def __init__(self, message: str, request_id: str | None = None):
        super().__init__(message)
        self.request_id = request_id


class ContractViolation(RuleBroken):
    """An answer broke openapi.yaml; the message lists every problem, one per line."""

    def __init__(self, problems: list[str], request_id: str | None = None):
        self.problems = list(problems)
        super().__init__("\n".join(self.problems), request_id)
