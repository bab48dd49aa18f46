"""The one HTTP client: actors, OCS headers, envelope unwrap, contract check, transcript.

Users authenticate with HTTP Basic and keep one ``requests.Session`` for the whole run (a real
Nextcloud checks the password hash on every cookie-less request, ~450 ms). Guests are cookie sessions
of their own. Every exchange is written to the current transcript (secrets masked) and, unless the
caller is the harness itself, judged against openapi.yaml as it arrives, so no step checks a shape.
"""

from __future__ import annotations

import json
import time
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any

import requests

from talk_conformance import api, contract, envelope, secrets

OCS_HEADERS = {"OCS-APIRequest": "true", "Accept": "application/json"}
# Long enough for a slow staging server, short enough that a hung one fails the run quickly.
TIMEOUT_S = 30
BODY_PREVIEW_CHARS = 4000


class TargetUnreachable(RuntimeError):
    """The target did not answer at all: the suite cannot judge it (an error, never a failure)."""


@dataclass
class Exchange:
    actor: str
    method: str
    url: str
    request_headers: dict
    request_fields: Any
    status: int
    response_headers: dict
    response_text: str
    seconds: float

    def render(self) -> str:
        lines = [f"--> {self.actor}: {self.method} {self.url}"]
        lines += [f"    {k}: {v}" for k, v in self.request_headers.items()]
        if self.request_fields:
            lines.append("    " + json.dumps(self.request_fields, ensure_ascii=False))
        lines.append(f"<-- {self.status} ({self.seconds * 1000:.0f} ms)")
        lines += [f"    {k}: {v}" for k, v in self.response_headers.items()]
        if self.response_text:
            lines.append("    " + self.response_text)
        return secrets.mask("\n".join(lines))


@dataclass
class Transcript:
    exchanges: list[Exchange] = field(default_factory=list)

    def render(self) -> str:
        return "\n\n".join(e.render() for e in self.exchanges)


@dataclass
class Stats:
    """Time spent inside HTTP calls, for the benchmark's wall-time/HTTP-time ratio."""
    requests: int = 0
    seconds: float = 0.0


@contextmanager
def timed():
    """Count one HTTP call and the time spent inside it (also for calls made by schemathesis)."""
    started = time.perf_counter()
    try:
        yield
    finally:
        stats.requests += 1
        stats.seconds += time.perf_counter() - started


# The plugin points this at a fresh transcript for every test; the harness's own calls land in a
# throwaway one.
current = Transcript()
stats = Stats()
# Every (METHOD, documented path, status) the suite saw: the coverage of documented status codes.
seen_statuses: set[tuple[str, str, int]] = set()


@dataclass
class Reply:
    method: str
    endpoint: str
    status: int
    body: Any
    headers: dict

    @property
    def data(self) -> Any:
        return envelope.unwrap(self.body).data

    @property
    def meta(self) -> dict:
        return envelope.unwrap(self.body).meta


@dataclass
class Account:
    user_id: str
    password: str
    display_name: str = ""

    def __post_init__(self) -> None:
        secrets.register(self.password)


class Actor:
    """Someone who talks to the target: a user (Basic auth), a guest (cookie session) or nobody."""

    def __init__(self, base_url: str, name: str, account: Account | None = None, *, validate: bool = True,
                 features: frozenset[str] | None = None):
        self.base_url = base_url.rstrip("/")
        # What the target advertises decides which capability fields its answers must carry.
        self.features = features
        self.name = name
        self.account = account
        self.validate = validate
        self.session = requests.Session()
        if account is not None:
            self.session.auth = (account.user_id, account.password)
        self.session.headers.update(OCS_HEADERS)

    def __repr__(self) -> str:
        return f"Actor({self.name!r})"

    def request(self, method: str, endpoint: str, *, data: dict | None = None,
                headers: dict | None = None, **path_params: str) -> Reply:
        """Call ``endpoint`` as documented (``/room/{token}``), filling path parameters by name.

        GET sends ``data`` as the query string, every other verb as a form body, as the docs and
        the official Behat suite do.
        """
        for name, value in (data or {}).items():
            if str(name).lower() in secrets.SECRET_FIELDS:
                secrets.register(str(value))
        template = api.url_path(endpoint)
        url = self.base_url + template.format(**path_params)
        is_get = method.upper() == "GET"
        params = {"format": "json", **((data or {}) if is_get else {})}
        body = None if is_get else data
        started = time.perf_counter()
        try:
            with timed():
                response = self.session.request(method, url, params=params, data=body, headers=headers,
                                                timeout=TIMEOUT_S, allow_redirects=False)
        except requests.RequestException as exc:
            raise TargetUnreachable(f"{method} {url}: the target did not answer ({type(exc).__name__})") from None
        elapsed = time.perf_counter() - started

        parsed = parse_body(response)
        sent_headers = {**self.session.headers, **(headers or {})}
        if self.session.auth:
            sent_headers["Authorization"] = secrets.MASK
        current.exchanges.append(Exchange(
            actor=self.name, method=method.upper(), url=response.url,
            request_headers=secrets.mask_headers(sent_headers), request_fields=secrets.mask_fields(data),
            status=response.status_code, response_headers=secrets.mask_headers(response.headers),
            response_text=response.text[:BODY_PREVIEW_CHARS], seconds=elapsed,
        ))
        reply = Reply(method=method.upper(), endpoint=endpoint, status=response.status_code,
                      body=parsed, headers=dict(response.headers))
        if self.validate:
            seen_statuses.add((reply.method, template, reply.status))
            contract.check(reply.method, template, reply.status, parsed, self.features)
        return reply


def parse_body(response: requests.Response) -> Any:
    """The parsed JSON body, None when there is none, the text when it is not JSON."""
    if not response.content:
        return None
    try:
        return response.json()
    except ValueError:
        return response.text
