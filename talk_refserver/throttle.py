"""Throttling, as a real Nextcloud does it: its brute-force protection and rate limits answer
429 Too Many Requests with a ``Retry-After`` header, and a client is to wait that long and try again.

A setting, not a fault (throttling is documented Nextcloud behaviour): ``serve --throttle N`` answers
the Nth request, and every Nth after it, 429 with ``Retry-After: --retry-after`` seconds. The same
request sent again after its 429 (the same method, path, query, credentials, request id and body)
is let in, as a throttled client is once it waited; with ``--throttle 1`` nothing is ever let in (a
server that never stops throttling).
"""

from __future__ import annotations

import hashlib
import itertools
import threading
from collections import OrderedDict

from starlette.requests import Request

TOO_MANY_REQUESTS = 429
REMEMBERED = 4096  # throttled requests remembered until they come again


class Throttle:
    def __init__(self, every: int, retry_after_s: int = 1):
        if every < 0 or retry_after_s < 0:
            raise ValueError("throttling cannot be negative")
        self.every = every
        self.retry_after_s = retry_after_s
        self._count = itertools.count(1)
        self._waiting: OrderedDict[str, None] = OrderedDict()
        self._lock = threading.Lock()

    @property
    def on(self) -> bool:
        return self.every > 0

    async def refuses(self, request: Request) -> bool:
        """Whether this request is answered 429 (the caller answers it)."""
        if not self.on:
            return False
        body = await request.body()  # kept by the request: the handler reads it again
        headers = request.headers
        key = hashlib.sha256(b"\0".join(x.encode("utf-8", "replace") if isinstance(x, str) else x for x in (
            request.method, request.url.path, request.url.query, headers.get("authorization", ""),
            headers.get("cookie", ""), headers.get("x-request-id", ""), body))).hexdigest()
        with self._lock:
            if self.every > 1 and key in self._waiting:
                del self._waiting[key]
                return False
            if next(self._count) % self.every:
                return False
            self._waiting[key] = None
            while len(self._waiting) > REMEMBERED:
                self._waiting.popitem(last=False)
            return True

    @property
    def headers(self) -> dict:
        return {"Retry-After": str(self.retry_after_s)}
