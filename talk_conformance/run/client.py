"""The one HTTP client: actors who call operations, and what they get back.

An actor calls an operation by its operationId; the API profile turns it into method, path and
parameters. Every exchange is published to the run's exchange stream (transcript, statistics,
coverage and the contract judge subscribe there), with a request id the server operator can find
in the server's logs.

Users keep one HTTP session for the whole run and authenticate with an app password when the
server gave one: a real Nextcloud checks the login password's hash on every request that has no
session cookie (~450 ms), an app password costs nothing extra. Guests are cookie sessions.
"""

from __future__ import annotations

import email.utils
import ipaddress
import socket
import time
from collections.abc import Callable
from dataclasses import dataclass
from http.client import RemoteDisconnected
from typing import Any
from urllib.parse import urlencode, urlsplit

import requests
from requests.adapters import HTTPAdapter
from requests.cookies import extract_cookies_to_jar, get_cookie_header
from urllib3.exceptions import ProtocolError
from urllib3.util.retry import Retry

from talk_conformance.run import masking
from talk_conformance.run.exchange import REQUEST_ID_HEADER, Exchange, RequestIds, Stream
from talk_conformance.spec import envelope
from talk_conformance.spec.problem import ContractViolation, Problem
from talk_conformance.spec.profile import Operation, Profile

OCS_HEADERS = {"OCS-APIRequest": "true", "Accept": "application/json"}
# Framework-level errors (no route, bad token) answer XML unless ?format=json.
OCS_QUERY = {"format": "json"}


class TargetUnreachable(RuntimeError):
    """The target did not answer at all: the suite cannot judge it (an error, never a failure)."""


class Throttled(TargetUnreachable):
    """The target kept answering 429 Too Many Requests after every wait it asked for: the suite could
    not judge (an error, never a failure: throttling is documented Nextcloud behaviour)."""


# A 429 Too Many Requests (Nextcloud's brute-force protection and rate limits) is no answer to judge:
# the request is sent again after the wait the server's Retry-After asks for (seconds or an HTTP date),
# at most THROTTLE_WAIT_CAP_S each time, THROTTLE_TRIES times in all, then the suite gives up.
TOO_MANY_REQUESTS = 429
THROTTLE_TRIES = 4
THROTTLE_WAIT_CAP_S = 30.0
THROTTLE_WAIT_DEFAULT_S = 1.0  # a 429 without (or with an unreadable) Retry-After


def retry_after(value: str | None, now: float | None = None) -> float:
    """Seconds to wait for a ``Retry-After`` value (delay-seconds or an HTTP date), within
    0 .. THROTTLE_WAIT_CAP_S; THROTTLE_WAIT_DEFAULT_S when there is none or it cannot be read."""
    if value is None or not value.strip():
        return THROTTLE_WAIT_DEFAULT_S
    text = value.strip()
    try:
        seconds = float(text)
    except ValueError:
        try:
            when = email.utils.parsedate_to_datetime(text)
        except (TypeError, ValueError):
            return THROTTLE_WAIT_DEFAULT_S
        if when is None or when.tzinfo is None:
            return THROTTLE_WAIT_DEFAULT_S
        seconds = when.timestamp() - (time.time() if now is None else now)
    if seconds != seconds:  # NaN
        return THROTTLE_WAIT_DEFAULT_S
    return min(max(seconds, 0.0), THROTTLE_WAIT_CAP_S)


@dataclass
class Throttling:
    """What sending one request took beyond its answer: the 429s waited out before it."""
    retries: int = 0
    waited: float = 0.0

    @property
    def gave_up(self) -> bool:
        return self.retries >= THROTTLE_TRIES - 1


def send_patiently(send: Callable[[], Any], sleep: Callable[[float], None] = time.sleep) -> tuple[Any, Throttling]:
    """``send()`` once, and again after each 429 Too Many Requests as its Retry-After asks, up to
    THROTTLE_TRIES tries: the last answer (still a 429 when the server never let the request in) and
    how many retries and seconds of waiting it took."""
    throttling = Throttling()
    while True:
        response = send()
        if response.status_code != TOO_MANY_REQUESTS or throttling.gave_up:
            return response, throttling
        # schemathesis' responses keep each header as a list of values, under its lower-case name
        value = next((v for k, v in response.headers.items() if k.lower() == "retry-after"), None)
        wait = retry_after(value[0] if isinstance(value, list) and value else value or None)
        close = getattr(response, "close", None)
        if close is not None:
            close()
        sleep(wait)
        throttling.retries += 1
        throttling.waited += wait


def throttled_message(method: str, url: str, throttling: Throttling) -> str:
    return (f"{method} {url} was throttled: the server answered 429 Too Many Requests {throttling.retries + 1} "
            f"times in a row ({throttling.waited:g} s waited as its Retry-After asked); the suite could not "
            "judge (brute-force protection or a rate limit: run against a dedicated test server, or allow "
            "the suite's address)")


def why_unreachable(exc: requests.RequestException) -> str:
    """One phrase: refused, name not resolved, timed out, TLS, or what requests said."""
    if isinstance(exc, requests.Timeout):
        return "it did not answer in time (timed out)"
    if isinstance(exc, requests.exceptions.SSLError):
        return "the TLS handshake failed"
    text = repr(exc)
    chain = exc.__context__ or exc.__cause__
    while chain is not None:
        if isinstance(chain, socket.gaierror):
            return "its host name does not resolve"
        if isinstance(chain, ConnectionRefusedError):
            return "the connection was refused"
        chain = chain.__context__ or chain.__cause__
    if "NameResolution" in text or "Name or service not known" in text or "getaddrinfo" in text:
        return "its host name does not resolve"
    if "Connection refused" in text or "ConnectionRefused" in text:
        return "the connection was refused"
    return f"the connection failed ({type(exc).__name__})"


@dataclass
class Account:
    user_id: str
    password: str
    display_name: str = ""
    app_password: str | None = None  # used instead of the login password when the server gave one

    def __post_init__(self) -> None:
        masking.register(self.password)
        masking.register(self.app_password)

    @property
    def auth(self) -> tuple[str, str]:
        return self.user_id, self.app_password or self.password


@dataclass
class Reply:
    operation: Operation
    status: int
    body: Any
    headers: dict
    request_id: str
    problems: list[Problem]  # how the answer breaks the documents (empty when it does not)
    reported: bool = False  # the problems were raised (or recorded for the end of the scenario) already
    # The action under test, whose status no step has checked yet: a scenario skipped before the check
    # does not judge its answer.
    awaiting_status: bool = False

    def raise_problems(self) -> None:
        """Raise the answer's problems, once: a :class:`ContractViolation` unless there are none or they
        were raised (or recorded) already."""
        if self.problems and not self.reported:
            self.reported = True
            raise ContractViolation(self.problems, self.request_id)

    def take_problems(self) -> list[Problem]:
        """The problems not raised yet, marked as reported: for a scenario that records them and goes on."""
        if self.reported:
            return []
        self.reported = True
        return list(self.problems)

    @property
    def method(self) -> str:
        return self.operation.method

    @property
    def title(self) -> str:
        return self.operation.title

    @property
    def data(self) -> Any:
        """The envelope's data; an answer that is no envelope raises its problems (that explains it)."""
        try:
            return envelope.unwrap(self.body).data
        except envelope.NotAnEnvelope:
            self.raise_problems()
            raise

    @property
    def meta(self) -> dict:
        return envelope.unwrap(self.body).meta


def form(fields: dict) -> str:
    """Fields as a query string or form body, the way requests encodes them: a list is the name once per
    value, a None value is left out, every other value is its text in UTF-8."""
    return urlencode([(name, item) for name, value in fields.items()
                      for item in (value if isinstance(value, (list, tuple)) else [value]) if item is not None])


def prepare(method: str, url: str, query: dict, body: dict | None, headers: dict,
            auth: Any = None) -> requests.PreparedRequest:
    """The request requests would prepare for these fields (query string, form body), with the fields
    encoded here: requests' own encoder checks each argument against typing Protocols, which is slow."""
    prepared = requests.PreparedRequest()
    if body:
        headers = {**headers, "Content-Type": "application/x-www-form-urlencoded"}
    prepared.prepare(method=method, url=f"{url}?{form(query)}" if query else url, params="",
                     data=form(body) if body else None, headers=headers, auth=auth)
    return prepared


def parse_body(response: requests.Response) -> Any:
    """The parsed JSON body, None when there is none, the text when it is not JSON."""
    if not response.content:
        return None
    try:
        return response.json()
    except ValueError:
        return response.text


def _closed_unanswered(error: Exception) -> bool:
    cause = error.args[1] if isinstance(error, ProtocolError) and len(error.args) > 1 else error
    return isinstance(cause, (RemoteDisconnected, ConnectionResetError, BrokenPipeError))


class RetryDroppedConnection(Retry):
    """Sends a request once more when the server closed the connection without a word of answer.

    Servers close kept-alive connections that stay idle for a few seconds (Apache and uvicorn after
    5 s). When one does so in the instant the client reuses the connection, the request never reached
    the application: without a second try, an actor idle for about that long would make the run
    "could not judge", or stop its clean-up. Anything else (a timeout, a refused connection, a second
    silent close) fails as it did: the server may have acted on it, or is really gone."""

    def increment(self, method=None, url=None, response=None, error=None, _pool=None, _stacktrace=None):
        if error is not None and self.total and _closed_unanswered(error):
            return super().increment(method, url, response, error, _pool, _stacktrace)
        return NO_RETRY.increment(method, url, response, error, _pool, _stacktrace)


# A 429's Retry-After is honoured by send_patiently, which counts and reports it: urllib3 must leave it
# alone (by default it would retry it itself, unseen, or fail the request as "unreachable").
NO_RETRY = Retry(0, read=False, respect_retry_after_header=False)  # requests' own default, 429s aside
ONE_MORE_TRY_IF_DROPPED = RetryDroppedConnection(total=1, connect=0, read=1, redirect=0, status=0, other=0,
                                                 allowed_methods=None, respect_retry_after_header=False)


def _on_this_machine(url: str) -> bool:
    host = (urlsplit(url).hostname or "").lower()
    if host == "localhost" or host.endswith(".localhost"):
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def new_session(base_url: str) -> requests.Session:
    """An HTTP session that reads the environment (proxies, CA bundle) once, here, instead of on every
    request: requests re-reads the whole environment per request otherwise (~0.3 ms each)."""
    session = requests.Session()
    adapter = HTTPAdapter(max_retries=ONE_MORE_TRY_IF_DROPPED)
    session.mount("http://", adapter)
    session.mount("https://", adapter)
    settings = session.merge_environment_settings(base_url, {}, None, None, None)
    # A server on this machine is never reached through a proxy: an HTTP_PROXY set for the outside world
    # (without a NO_PROXY that names localhost) would otherwise send the embedded server's traffic to it.
    if not _on_this_machine(base_url):
        session.proxies.update(settings["proxies"])
    session.cert = settings["cert"]
    # A CA bundle named by the environment is looked at on disk for every request: only where TLS is spoken.
    if any(url.startswith("https:") for url in (base_url, *session.proxies.values())):
        session.verify = settings["verify"]
    session.trust_env = False
    return session


@dataclass
class Wire:
    """What every actor of a process shares: where the target is, how to reach and report."""
    base_url: str
    profile: Profile
    stream: Stream
    ids: RequestIds
    timeout: float = 30.0


class Actor:
    """Someone who talks to the target: a user (Basic auth), a guest (cookie session) or nobody."""

    def __init__(self, wire: Wire, name: str, account: Account | None = None, *, judged: bool = True):
        self.wire = wire
        self.name = name
        self.account = account
        self.judged = judged
        self.session = new_session(wire.base_url)
        self.adapter = self.session.get_adapter(wire.base_url)
        if account is not None:
            self.session.auth = account.auth
        self.session.headers.update(OCS_HEADERS)

    def __repr__(self) -> str:
        return f"Actor({self.name!r})"

    def _send(self, method: str, url: str, query: dict, body: dict | None, headers: dict,
              timeout: float) -> requests.Response:
        """One request, prepared and handed to the session's transport adapter as Session.send would,
        with the session's headers, auth and cookie jar. Session.request first copies the jar and merges
        every setting into new objects, Session.send then re-reads them all, for settings that never
        change within a run: with :func:`prepare`, a quarter fewer function calls per request."""
        prepared = prepare(method, url, query, body, {**self.session.headers, **headers}, self.session.auth)
        jar = self.session.cookies
        if jar:  # a guest's session, or the login cookie of a user without an app password
            cookie = get_cookie_header(jar, prepared)
            if cookie:
                prepared.headers["Cookie"] = cookie
        verify = True if self.session.verify is None else self.session.verify
        response = self.adapter.send(prepared, timeout=timeout, verify=verify, cert=self.session.cert,
                                     proxies=self.session.proxies)
        if "set-cookie" in response.headers:
            extract_cookies_to_jar(jar, prepared, response.raw)
        response.content  # noqa: B018  (read now: the connection goes back to the pool)
        return response

    def close(self) -> None:
        self.session.close()

    def call(self, operation_id: str, *, headers: dict | None = None, defer_judgement: bool = False,
             **params: Any) -> Reply:
        """Call an operation with its documented parameters; GET sends them as the query string, other
        verbs as a form body, as the docs and the official Behat suite do.

        An answer that breaks the documents raises :class:`ContractViolation` at once, unless
        ``defer_judgement``: then the caller checks the status first and raises ``reply.problems``
        after (a wrong status explains the body problems that follow from it)."""
        op = self.wire.profile.operation(operation_id)
        for name, value in params.items():
            if name.lower() in masking.SECRET_FIELDS:
                masking.register(str(value))
        path, query, body = op.request(params)
        url = self.wire.base_url + path
        request_id = self.wire.ids.new()
        sent_headers = {**(headers or {}), REQUEST_ID_HEADER: request_id}
        # A long poll is held on purpose: the request may take that long on top of the usual wait.
        timeout = self.wire.timeout + op.wait_seconds(params)
        started = [0.0]

        def send() -> requests.Response:
            started[0] = time.perf_counter()
            return self._send(op.method, url, {**OCS_QUERY, **query}, body, sent_headers, timeout)
        try:
            # A 429 is sent again (the same request id) after the wait the server asks for.
            response, throttling = send_patiently(send)
        except requests.RequestException as exc:
            why = (f"it did not answer within {timeout:g} seconds (timed out; --request-timeout sets the limit)"
                   if isinstance(exc, requests.Timeout) else why_unreachable(exc))
            raise TargetUnreachable(f"{op.method} {url} got no answer: {why}") from None
        elapsed = time.perf_counter() - started[0]
        gave_up = response.status_code == TOO_MANY_REQUESTS
        parsed = parse_body(response)
        request_headers = {**self.session.headers, **sent_headers}
        if self.session.auth:
            request_headers["Authorization"] = masking.MASK
        # A 429 the suite gave up on is no answer of the API's: shown in the transcript, never judged.
        judged = self.judged and operation_id in self.wire.profile.operations and not gave_up
        exchange = Exchange(
            request_id=request_id, actor=self.name, operation=operation_id, method=op.method, url=response.url,
            request_headers=masking.mask_headers(request_headers), request_fields=masking.mask_fields(body),
            status=response.status_code, response_headers=masking.mask_headers(response.headers),
            body=parsed, text=response.text, seconds=elapsed, judged=judged,
            retries=throttling.retries, waited=throttling.waited,
        )
        self.wire.stream.publish(exchange)
        if gave_up:
            raise Throttled(throttled_message(op.method, url, throttling))
        reply = Reply(op, response.status_code, parsed, dict(response.headers), request_id, exchange.problems)
        if not defer_judgement:
            reply.raise_problems()
        return reply
