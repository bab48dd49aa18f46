"""The exchange stream: every request the suite makes, and its answer, goes to the subscribers.

The client (and the fuzzer, for the requests schemathesis sends) publishes each :class:`Exchange`;
the subscribers are the transcript of the running test, the statistics, the status coverage and,
last, the contract judge (which raises when an answer breaks the documents). Nothing here is
module-level state: the plugin makes one :class:`Stream` per process and subscribes what it needs.
"""

from __future__ import annotations

import itertools
import json
import threading
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from talk_conformance.run import masking

# Headers that say nothing about the exchange; left out of transcripts.
QUIET_HEADERS = frozenset({"user-agent", "accept-encoding", "connection", "date", "server", "content-length",
                           "keep-alive", "vary", "cache-control", "pragma", "expires"})
BODY_PREVIEW_CHARS = 4000
REQUEST_ID_HEADER = "X-Request-Id"


@dataclass
class Exchange:
    request_id: str
    actor: str
    operation: str | None  # the operationId; None for the harness's own calls
    method: str
    url: str
    request_headers: dict
    request_fields: Any
    status: int
    response_headers: dict
    body: Any  # parsed JSON, the text when it is not JSON, None when there is none
    text: str
    seconds: float
    judged: bool = True  # the contract judges it (the harness's provisioning and clean-up are not)
    source: str = "scenario"  # or "fuzz"
    problems: list = field(default_factory=list)  # what the contract judge found wrong (Problem values)
    # 429 Too Many Requests answers waited out before this answer (the request sent again each time),
    # and the seconds waited as their Retry-After asked; a 429 as the answer itself: the suite gave up.
    retries: int = 0
    waited: float = 0.0

    def render(self) -> str:
        """The masked transcript entry: request line, telling headers, fields; status, headers, body."""
        lines = [f"--> {self.actor}: {self.method} {self.url}"]
        lines += [f"    {k}: {v}" for k, v in self.request_headers.items() if k.lower() not in QUIET_HEADERS]
        if self.request_fields:
            lines.append("    " + json.dumps(self.request_fields, ensure_ascii=False))
        if self.retries:
            lines.append(f"    (throttled: answered 429 Too Many Requests {self.retries} time"
                         f"{'s' if self.retries != 1 else ''} first; sent again after {self.waited:g} s, "
                         "as its Retry-After asked)")
        lines.append(f"<-- {self.status} ({self.seconds * 1000:.0f} ms)")
        lines += [f"    {k}: {v}" for k, v in self.response_headers.items() if k.lower() not in QUIET_HEADERS]
        if self.text:
            lines.append("    " + self.text[:BODY_PREVIEW_CHARS])
        return masking.mask("\n".join(lines))


Subscriber = Callable[[Exchange], None]


class Stream:
    def __init__(self) -> None:
        self._subscribers: list[Subscriber] = []
        # Steps post from several threads at once, and the clean-up deletes side by side: each exchange
        # reaches the subscribers whole, one at a time (counters and transcripts lose nothing).
        self._lock = threading.Lock()

    def subscribe(self, subscriber: Subscriber) -> None:
        self._subscribers.append(subscriber)

    def publish(self, exchange: Exchange) -> None:
        # In order: recorders first, the judge last, so a broken answer is in the transcript it fails.
        with self._lock:
            for subscriber in self._subscribers:
                subscriber(exchange)


class RequestIds:
    """Ids unique within the run: the run's prefix, the process, a counter (``tcab12cd-gw1-17``)."""

    def __init__(self, prefix: str, process: str) -> None:
        self.prefix = f"{prefix}-{process}"
        self._next = itertools.count(1)

    def new(self) -> str:
        return f"{self.prefix}-{next(self._next)}"


@dataclass
class Transcript:
    """The exchanges of the running test; the plugin starts a new one for each test."""
    exchanges: list[Exchange] = field(default_factory=list)

    def __call__(self, exchange: Exchange) -> None:
        self.exchanges.append(exchange)

    def clear(self) -> None:
        self.exchanges.clear()

    def render(self) -> str:
        return "\n\n".join(e.render() for e in self.exchanges)


@dataclass
class Statistics:
    """Requests and the time spent inside them, for the benchmark's wall-time/HTTP-time ratio; and
    each request the server throttled (429 Too Many Requests) that was sent again after its Retry-After:
    the one place that knows them, so every output counts them alike."""
    requests: int = 0
    seconds: float = 0.0
    throttled: list[dict] = field(default_factory=list)

    def __call__(self, exchange: Exchange) -> None:
        self.requests += 1
        self.seconds += exchange.seconds
        if exchange.retries:
            self.throttled.append(throttled_entry(exchange))

    def drain_throttled(self) -> list[dict]:
        """The throttled requests since the last drain, as plain data (xdist ships it to the controller)."""
        out, self.throttled = self.throttled, []
        return out


def throttled_entry(exchange: Exchange) -> dict:
    return {"request_id": exchange.request_id, "actor": exchange.actor, "operation": exchange.operation,
            "method": exchange.method, "retries": exchange.retries, "waited_s": round(exchange.waited, 3),
            "gave_up": exchange.status == 429}


@dataclass
class Coverage:
    """Every (operationId, status) seen in a judged exchange: the documented codes the run provoked."""
    seen: Counter = field(default_factory=Counter)

    def __call__(self, exchange: Exchange) -> None:
        if exchange.judged and exchange.operation:
            self.seen[(exchange.operation, exchange.status)] += 1

    def drain(self) -> list[list]:
        """What was seen since the last drain, as plain data (xdist ships it to the controller)."""
        out = sorted([op, status] for op, status in self.seen)
        self.seen.clear()
        return out
