"""Every setting of talk-conformance, declared once: option, environment variable, default, help.

The CLI (``talk-conformance run`` / ``serve``) and the pytest plugin both build their options from
:data:`SETTINGS`; the README's table of settings lists the same entries (a test keeps it true).
A value given on the command line wins over the environment, which wins over the default. Parsers
raise :class:`SettingError` with a message that never repeats the value (it may hold a password).
"""

from __future__ import annotations

import os
import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit


class SettingError(ValueError):
    """A malformed setting; the message is the one line the user sees."""


def credentials(text: str) -> tuple[str, str]:
    """``USER:PASS`` -> (user, password)."""
    user, sep, password = text.partition(":")
    if not sep or not user:
        raise SettingError("expected USER:PASS")
    return user, password


def _number(text: str, cast, what: str, allowed, rule: str):
    try:
        value = cast(text)
    except ValueError:
        raise SettingError(f"expected {what}, got {text!r}") from None
    if not allowed(value):
        raise SettingError(f"{rule}, got {value}")
    return value


def positive_int(text: str) -> int:
    return _number(text, int, "a whole number", lambda v: v >= 1, "must be at least 1")


def non_negative_int(text: str) -> int:
    return _number(text, int, "a whole number", lambda v: v >= 0, "must not be negative")


def positive_float(text: str) -> float:
    return _number(text, float, "a number of seconds", lambda v: v > 0, "must be more than 0")


def base_url(text: str) -> str:
    """An http(s) URL with a host; anything else is malformed (not 'unreachable')."""
    try:
        parts = urlsplit(text.strip())
        parts.port  # noqa: B018  (raises on a malformed port)
    except ValueError:
        raise SettingError(f"{text!r} is not a valid URL") from None
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise SettingError(f"{text!r} is not an http:// or https:// URL with a host name")
    return text.strip().rstrip("/")


def release_name(text: str) -> str:
    if not re.fullmatch(r"talk-\d+(\.\d+)?", text):
        raise SettingError(f"{text!r} is not a release name (talk-7, talk-11, talk-22, ...)")
    return text


def report_dir(text: str) -> str:
    """A folder the reports can be written to, checked (and created) before the run: a run whose results
    cannot be kept must not run first and fail at the end."""
    import tempfile
    from pathlib import Path

    path = Path(text).expanduser()
    if path.exists() and not path.is_dir():
        raise SettingError(f"{text} names a file, not a folder for the reports")
    try:
        path.mkdir(parents=True, exist_ok=True)
        with tempfile.NamedTemporaryFile(dir=path, prefix=".talk-write-check-"):
            pass
    except OSError as exc:
        raise SettingError(f"the reports cannot be written to {text}: {exc.strerror or exc}") from None
    return text


def name_list(text: str) -> list[str]:
    return [item.strip() for item in text.split(",") if item.strip()]


@dataclass(frozen=True)
class Setting:
    dest: str
    flags: tuple[str, ...]
    help: str
    env: str | None = None
    default: Any = None
    metavar: str | None = None
    parse: Callable[[str], Any] | None = None
    repeat: bool = False  # may be given several times; the environment holds one value a line
    commands: tuple[str, ...] = ("run", "pytest")
    secret: bool = False  # passed to the pytest child through the environment, never on its command line
    flag: bool = False  # takes no value (an on/off switch)

    def from_env(self) -> Any:
        """The default as the environment sets it (parsed), or the declared default."""
        raw = os.environ.get(self.env) if self.env else None
        if raw is None or raw == "":
            return list(self.default or []) if self.repeat else self.default
        values = [line for line in raw.split("\n") if line] if self.repeat else [raw]
        try:
            parsed = [self.parse(v) if self.parse else v for v in values]
        except SettingError as exc:
            raise SettingError(f"{self.env}: {exc}") from None
        return parsed if self.repeat else parsed[0]

    def label(self) -> str:
        return self.flags[0] + (f" {self.metavar}" if self.metavar else "")


SETTINGS: tuple[Setting, ...] = (
    # --- the target (run and pytest) -----------------------------------------------------------
    Setting("base_url", ("--base-url",), env="TALK_BASE_URL", metavar="URL", parse=base_url,
            help="server root of the target (https://cloud.example.com); without it the embedded reference "
                 "server runs"),
    Setting("admin", ("--admin",), env="TALK_ADMIN", metavar="USER:PASS", parse=credentials, secret=True,
            help="admin account that provisions throwaway users and a group, deleted at the end"),
    Setting("user", ("--user",), env="TALK_USERS", metavar="USER:PASS", parse=credentials, repeat=True,
            secret=True,
            help="pre-made account instead of --admin, four times: owner, moderator, user, stranger "
                 "(environment: one USER:PASS a line)"),
    Setting("group", ("--group",), env="TALK_GROUP", metavar="ID",
            help="with --user: a group whose members are the moderator and the user accounts"),
    Setting("release", ("--release",), env="TALK_RELEASE", metavar="NAME", parse=release_name,
            help="without --base-url: the release the embedded reference server behaves as (default talk-22, "
                 "current Talk; talk-3.2 … talk-11 speak API v1, talk-12, talk-17, talk-22 API v4); a "
                 "--base-url server is judged by the release it advertises"),
    # --- what runs ------------------------------------------------------------------------------
    Setting("capability", ("--capability",), env="TALK_CAPABILITY", metavar="NAME", repeat=True,
            help="run only the scenarios tagged @capability:NAME (repeatable); an unknown name is refused, "
                 "naming the nearest known one"),
    Setting("fuzz_examples", ("--fuzz-examples",), env="TALK_FUZZ_EXAMPLES", default=10, metavar="N",
            parse=positive_int, help="schemathesis examples per fuzzed operation (default 10)"),
    Setting("expect_deviations", ("--expect-deviations",), env="TALK_EXPECT_DEVIATIONS", metavar="FILE",
            help="what the target is known to fail, as expected failures: a known-deviations.yaml file (every "
                 "entry's id), or deviation ids and scenario titles, one a line; exactly "
                 "'known-deviations.yaml' where no such file is means the suite's own list. A failure is "
                 "expected when every problem it reports cites an expected deviation; a listed title that "
                 "passes is flagged; entries nothing met are listed (console, summary.json "
                 "expectations.unmatched); an unreadable file: one line, exit 2"),
    Setting("request_timeout", ("--request-timeout",), env="TALK_REQUEST_TIMEOUT", default=30.0,
            metavar="SECONDS", parse=positive_float,
            help="seconds to wait for an answer, on top of any long-poll timeout a request asks for "
                 "(default 30)"),
    Setting("report_dir", ("--report-dir",), env="TALK_REPORT_DIR", metavar="DIR", parse=report_dir,
            help="write report.html, junit.xml and summary.json here, checked (and created) before the run "
                 "(talk-conformance run: default reports, and pytest's cache in DIR/.cache)"),
    # --- selection, as pytest has it (run passes them on; under pytest they are pytest's own) --------
    Setting("keyword", ("-k",), metavar="EXPR", commands=("run",),
            help="only the tests whose scenario title, feature name or file name matches EXPR (pytest's -k: "
                 "-k rename, -k 'rename and not one-to-one')"),
    Setting("markexpr", ("-m",), metavar="MARKEXPR", commands=("run",),
            help="only the tests whose marks match (pytest's -m): -m 'not fuzz' leaves fuzzing out"),
    Setting("last_failed", ("--lf", "--last-failed"), flag=True, commands=("run",),
            help="run only the tests that failed in the last run with the same --report-dir (its cache is "
                 "REPORT-DIR/.cache); all of them when none failed"),
    Setting("failed_first", ("--ff", "--failed-first"), flag=True, commands=("run",),
            help="run the tests that failed in the last run first, then the rest"),
    Setting("exitfirst", ("-x", "--exitfirst"), flag=True, commands=("run",),
            help="stop at the first failure or error; the reports say how many tests never ran"),
    Setting("maxfail", ("--maxfail",), metavar="N", parse=positive_int, commands=("run",),
            help="stop after N failures or errors; the reports say how many tests never ran"),
    Setting("jobs", ("--jobs", "-j"), env="TALK_JOBS", metavar="N", parse=positive_int, commands=("run",),
            help="worker processes (default: 4 against --base-url, whose answers take time; against the "
                 "embedded server, one more than the machine's cores, at most 4, or 1 on a machine with one core)"),
    # --- the reference server (serve) -----------------------------------------------------------
    Setting("host", ("--host",), default="127.0.0.1", commands=("serve",), help="address to listen on"),
    Setting("port", ("--port",), default=8080, parse=non_negative_int, metavar="PORT", commands=("serve",),
            help="port to listen on; 0 picks a free one (default 8080)"),
    Setting("db", ("--db",), default="talk-reference.sqlite", metavar="FILE", commands=("serve",),
            help="SQLite file, kept across restarts (default talk-reference.sqlite)"),
    Setting("serve_admin", ("--admin",), env="TALK_ADMIN", default=("admin", "admin"), metavar="USER:PASS",
            parse=credentials, commands=("serve",), help="the server's admin account (default admin:admin)"),
    Setting("capabilities", ("--capabilities",), metavar="A,B,...", parse=name_list, commands=("serve",),
            help="advertise (and implement) only these features, to emulate an older server"),
    Setting("profile", ("--release", "--profile"), metavar="NAME", commands=("serve",),
            help="behave as a given release: talk-3.2, talk-4, talk-5, talk-6, talk-7, talk-8, talk-9, talk-10 "
                 "or talk-11 (API v1), talk-12, talk-17 or talk-22 (API v4; the default) (its features, its "
                 "Nextcloud version, and its rules where the docs changed); --profile is the same option"),
    Setting("fault", ("--fault",), metavar="NAME", repeat=True, commands=("serve",),
            help="break one documented rule on purpose (repeatable); --fault list shows them"),
    Setting("latency", ("--latency",), default=0, metavar="MS", parse=non_negative_int, commands=("serve",),
            help="delay every answer by MS milliseconds, without blocking other requests (emulates a real "
                 "server's ~25 ms)"),
    Setting("login_cost", ("--login-cost",), default=0, metavar="MS", parse=non_negative_int,
            commands=("serve",),
            help="delay every request authenticated by a login password without a session cookie by MS "
                 "milliseconds (Nextcloud checks the password hash: ~450 ms); app passwords stay cheap"),
    Setting("throttle", ("--throttle",), default=0, metavar="N", parse=non_negative_int, commands=("serve",),
            help="answer the Nth request and every Nth after it 429 Too Many Requests with a Retry-After, as "
                 "Nextcloud's brute-force protection does (the same request sent again is let in; 1: every "
                 "request, always); 0: never (default 0)"),
    Setting("retry_after", ("--retry-after",), default=1, metavar="SECONDS", parse=non_negative_int,
            commands=("serve",), help="with --throttle: the Retry-After of its 429 answers (default 1)"),
)

# Read only by the project's own tests (listed in the README's table too).
TEST_ONLY_ENVIRONMENT = {
    "TALK_REQUIRE_BROWSER": "1: the HTML report test fails instead of skipping when no Chromium is installed",
}


def for_command(command: str) -> list[Setting]:
    return [s for s in SETTINGS if command in s.commands]


def by_dest(dest: str) -> Setting:
    return next(s for s in SETTINGS if s.dest == dest)


def default_jobs(*, embedded: bool) -> int:
    """Worker processes when --jobs is not given. A real server's answers take time (~25 ms), so four
    processes wait side by side. The embedded server answers in about a millisecond and shares the
    machine's cores with the suite: one worker more than there are cores (at most four) keeps them busy
    while a worker waits for an answer (on two cores, three workers run the main job ~5% faster than
    two); on a machine with one core, one worker."""
    if not embedded:
        return 4
    cores = os.cpu_count() or 1
    return min(cores + 1, 4) if cores > 1 else 1


# The README's table of settings is generated from SETTINGS (as Complement's gendoc does):
# `python -m talk_conformance.run.settings --write` rewrites it; tests/test_units.py fails while it differs.
TABLE_START = "<!-- settings table: generated from talk_conformance/run/settings.py -->"
TABLE_END = "<!-- end of settings table -->"


def _default_text(s: Setting) -> str:
    if s.default is None or s.flag:
        return ""
    if isinstance(s.default, tuple):
        return ":".join(s.default)
    return str(s.default)


def markdown_table() -> str:
    """Every setting as one row: option, environment variable, commands, default, help."""
    def cell(text: str) -> str:
        return text.replace("|", "\\|")

    rows = ["| option | environment | commands | default | what it does |", "|---|---|---|---|---|"]
    for s in SETTINGS:
        option = ", ".join(f"`{flag}" + (f" {s.metavar}`" if s.metavar else "`") for flag in s.flags)
        env = f"`{s.env}`" if s.env else ""
        rows.append(f"| {option} | {env} | {', '.join(s.commands)} | {cell(_default_text(s))} | {cell(s.help)} |")
    for env_name, what in TEST_ONLY_ENVIRONMENT.items():
        rows.append(f"|  | `{env_name}` | project tests |  | {cell(what)} |")
    return "\n".join(rows)


def readme_with_table(readme: str) -> str:
    """The README with its settings table replaced by the generated one."""
    head, start, rest = readme.partition(TABLE_START)
    _, end, tail = rest.partition(TABLE_END)
    if not start or not end:
        raise ValueError(f"the README lacks the markers {TABLE_START} ... {TABLE_END}")
    return f"{head}{TABLE_START}\n{markdown_table()}\n{TABLE_END}{tail}"


if __name__ == "__main__":
    import sys
    from pathlib import Path

    if sys.argv[1:] == ["--write"]:
        readme = Path(__file__).resolve().parents[2] / "README.md"
        readme.write_text(readme_with_table(readme.read_text()))
    else:
        print(markdown_table())
