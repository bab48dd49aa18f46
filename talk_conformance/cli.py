"""The `talk-conformance` command: `run` the suite, `serve` the reference server, `list` what the suite
checks, `cleanup` what interrupted runs left on a target, `compare` several runs' reports.

`run` is pytest with the suite's plugin: every check of the target (reachable, credentials, the API
profile) is the plugin's own, so `pytest --base-url ...` and `talk-conformance run` judge alike.
Exit codes: 0 nothing failed, 1 the server broke a documented rule, 2 the suite could not judge,
130/143 interrupted.
"""

from __future__ import annotations

import argparse
import json
import os
import signal
import subprocess
import sys
from pathlib import Path

from talk_conformance import ROOT, __version__
from talk_conformance.output import results
from talk_conformance.output.results import EXIT_COULD_NOT_JUDGE, EXIT_RULE_BROKEN, RunVerdict
from talk_conformance.run import embedded, settings


class _Parser(argparse.ArgumentParser):
    def error(self, message: str):
        # One clear line instead of argparse's usage block; a run still leaves reports saying why.
        if self.prog.endswith(" run"):
            _reports_for_refused_run(message)
        self.exit(EXIT_COULD_NOT_JUDGE, f"{self.prog}: {message} (see {self.prog} --help)\n")


def _type(setting: settings.Setting):
    def parse(text: str):
        try:
            return setting.parse(text) if setting.parse else text
        except settings.SettingError as exc:
            raise argparse.ArgumentTypeError(str(exc)) from None
    parse.__name__ = setting.dest
    return parse


def _add(parser: argparse.ArgumentParser, command: str) -> None:
    for s in settings.for_command(command):
        env = f" (environment: {s.env})" if s.env else ""
        if s.flag:
            parser.add_argument(*s.flags, dest=s.dest, action="store_true", default=None, help=s.help + env)
            continue
        parser.add_argument(*s.flags, dest=s.dest, type=_type(s), metavar=s.metavar, default=None,
                            action="append" if s.repeat else "store", help=s.help + env)


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(prog="talk-conformance", description=__doc__,
                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--version", action="version", version=f"talk-conformance {__version__}")
    sub = parser.add_subparsers(dest="command", required=True, parser_class=_Parser)
    run = sub.add_parser("run", help="run the conformance suite and write the reports",
                         description="Run the suite against --base-url, or the embedded reference server, and "
                                     "write report.html, junit.xml and summary.json. Exit 0: nothing failed; "
                                     "1: the server broke a documented rule; 2: the suite could not judge; "
                                     "130/143: interrupted with no rule found broken. -k, -m, --lf, --ff, -x and "
                                     "--maxfail select as in pytest; other arguments after -- go to pytest.")
    _add(run, "run")
    run.add_argument("pytest_args", nargs=argparse.REMAINDER, metavar="-- PYTEST ARGS")
    serve = sub.add_parser("serve", help="run the reference server",
                           description="The reference server: the documented API on SQLite.")
    _add(serve, "serve")
    listing = sub.add_parser("list", help="print the features, scenarios, tags and capabilities the suite has",
                             description="Every feature, scenario (with its tags), capability and fuzzed operation. "
                                         "It counts what `run` counts: a scenario once per row of its Examples "
                                         "tables, and each fuzzed operation.")
    listing.add_argument("--json", action="store_true", help="the same as JSON, for scripts")
    compare = sub.add_parser("compare", help="several runs' reports side by side on one HTML page",
                             description="Write one self-contained HTML page comparing the report directories "
                                         "(their summary.json): a column per server, a row per capability and per "
                                         "scenario, the rows that differ marked.")
    compare.add_argument("dirs", nargs="+", metavar="DIR", help="report directories of earlier runs")
    compare.add_argument("--output", "-o", default="comparison.html", metavar="FILE",
                         help="the page to write (default comparison.html)")
    cleanup = sub.add_parser("cleanup", help="remove the users and groups (and so their rooms) that earlier, "
                                             "interrupted runs left on a target")
    for dest in ("base_url", "admin"):
        s = settings.by_dest(dest)
        cleanup.add_argument(*s.flags, dest=dest, type=_type(s), metavar=s.metavar, default=None, help=s.help)
    return parser


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    try:
        if args.command == "serve":
            return serve(args)
        if args.command == "list":
            from talk_conformance import catalogue
            found = catalogue.load(ROOT / "features")
            print(json.dumps(catalogue.as_json(found), indent=2) if args.json else catalogue.render(found))
            return 0
        if args.command == "cleanup":
            return cleanup(args)
        if args.command == "compare":
            return compare(args)
        return run_suite(args)
    except settings.SettingError as exc:
        return _fail(str(exc))


def _fail(message: str) -> int:
    print(f"talk-conformance: {message}", file=sys.stderr)
    return EXIT_COULD_NOT_JUDGE


def _value(args, dest: str):
    """The option as given, else the environment, else the default (parsed)."""
    given = getattr(args, dest, None)
    return given if given not in (None, []) else settings.by_dest(dest).from_env()


def serve(args) -> int:
    # The one place the suite touches the reference server's code: starting it.
    from talk_conformance.run.embedded import READY_PREFIX
    from talk_refserver import faults, server

    chosen = args.fault or []
    if "list" in chosen:
        # Every API version's faults; those of the v4 rules only act on a v4 release (--release talk-22).
        v4 = faults.catalogue("v4")
        for name, what in sorted(faults.catalogue(None).items()):
            print(f"{name}: {what}" + (" (API v4: --release talk-12, talk-17 or talk-22)" if name in v4 else ""))
        return 0
    try:
        server.serve(host=_value(args, "host"), port=_value(args, "port"), db=_value(args, "db"),
                     admin=_value(args, "serve_admin"), capabilities=_value(args, "capabilities"),
                     profile=_value(args, "profile"), faults=frozenset(chosen), latency_ms=_value(args, "latency"),
                     login_cost_ms=_value(args, "login_cost"), throttle=_value(args, "throttle"),
                     retry_after_s=_value(args, "retry_after"),
                     on_ready=lambda url: print(READY_PREFIX + url, flush=True))
    except server.ServeError as exc:
        return _fail(str(exc))
    except KeyboardInterrupt:
        return 130
    return 0


def compare(args) -> int:
    from talk_conformance.output import compare as comparing

    try:
        found = comparing.write([Path(d) for d in args.dirs], Path(args.output))
    except comparing.CompareError as exc:
        return _fail(str(exc))
    print(f"talk-conformance: {len(found['servers'])} servers compared, {found['differences']} rows differ; "
          f"wrote {args.output}")
    return 0


def cleanup(args) -> int:
    from talk_conformance.run import provisioning

    base_url, admin = _value(args, "base_url"), _value(args, "admin")
    if not base_url or not admin:
        return _fail("cleanup needs --base-url URL and --admin USER:PASS")
    try:
        provisioner = provisioning.Provisioner(provisioning.harness_wire(base_url), admin)
        provisioner.check_admin()
        users, groups = provisioner.leftovers()
        removed = [u for u in users if provisioner.delete_user(u)] + [g for g in groups if provisioner.delete_group(g)]
    except provisioning.SetupError as exc:
        return _fail(str(exc))
    except provisioning.client.TargetUnreachable as exc:
        return _fail(provisioning.unreachable(base_url, exc, 30.0))
    print(f"talk-conformance: removed {len(removed)} users and groups of earlier runs"
          + (": " + ", ".join(removed) if removed else ""))
    return 0


def _reports_for_refused_run(message: str) -> None:
    """A run refused before it started still leaves reports saying why (CI uploads reports/)."""
    from talk_conformance.output import report

    report_dir = os.environ.get("TALK_REPORT_DIR") or "reports"
    argv = sys.argv
    if "--report-dir" in argv[:-1]:
        report_dir = argv[argv.index("--report-dir") + 1]
    try:
        report.could_not_judge(Path(report_dir), message)
    except OSError:
        pass  # the folder itself is what is wrong: the one line on stderr says so


def pytest_command(args) -> tuple[list[str], dict[str, str]]:
    """The pytest child's command line and environment: secrets travel in the environment only."""
    report_dir = str(Path(_value(args, "report_dir") or "reports").resolve())
    # pytest's cache (what --lf and --ff read) is kept beside the reports: a re-run finds it there.
    cmd = [sys.executable, "-m", "pytest", str(ROOT / "features"), "--report-dir", report_dir,
           "-o", f"cache_dir={Path(report_dir) / '.cache'}", "--no-header", "-rN"]
    env = dict(os.environ)
    for s in settings.for_command("pytest"):
        given = getattr(args, s.dest, None)
        if given in (None, []) or s.dest == "report_dir":
            continue
        values = given if s.repeat else [given]
        if s.secret:
            assert s.env, "a secret setting travels in its environment variable"
            env[s.env] = "\n".join(":".join(v) if isinstance(v, tuple) else str(v) for v in values)
        else:
            for v in values:
                cmd += [s.flags[0], str(v)]
    for s in SELECTION:
        given = getattr(args, s.dest, None)
        if given:
            cmd += [s.flags[0]] if s.flag else [s.flags[0], str(given)]
    if not _value(args, "base_url"):
        # The embedded server boots while pytest starts up (talk_conformance/plugin/boot.py).
        cmd += ["-p", "talk_conformance.plugin.boot"]
        env[embedded.BOOT_ENV] = _value(args, "release") or embedded.DEFAULT_RELEASE
    jobs = _value(args, "jobs") or settings.default_jobs(embedded=not _value(args, "base_url"))
    if jobs > 1:
        # worksteal: an idle worker takes queued scenarios from a busy one, so no process waits out
        # another's long tail (long polls, paging, the stateful fuzz test) at the end.
        cmd += ["-n", str(jobs), "--dist", "worksteal"]
    extra = args.pytest_args[1:] if args.pytest_args[:1] == ["--"] else args.pytest_args
    return cmd + extra, env


SELECTION = [s for s in settings.SETTINGS if s.dest in ("keyword", "markexpr", "last_failed", "failed_first",
                                                        "exitfirst", "maxfail")]


def check_before_run(args) -> None:
    """Local mistakes, caught before anything runs (SettingError: one line, exit 2)."""
    settings.report_dir(str(_value(args, "report_dir") or "reports"))
    wanted = _value(args, "capability") or []
    if wanted:
        from talk_conformance import catalogue

        problem = catalogue.unknown_capability(wanted, catalogue.capabilities(catalogue.load(ROOT / "features")))
        if problem:
            raise settings.SettingError(problem)


def _described(doc: dict) -> str:
    return doc["target"].get("description") or doc["target"].get("base_url") or "no target"


def run_suite(args) -> int:
    try:
        check_before_run(args)
    except settings.SettingError as exc:
        _reports_for_refused_run(str(exc))
        return _fail(str(exc))
    expectations = _value(args, "expect_deviations")
    if expectations:
        from talk_conformance.spec import deviations
        try:
            deviations.read_expectations(expectations)
        except deviations.ExpectationsError as exc:
            _reports_for_refused_run(str(exc))
            return _fail(str(exc))
        # The child runs in the suite's directory: name the file as the user's directory sees it.
        args.expect_deviations = str(deviations.expectations_path(expectations).resolve())
    cmd, env = pytest_command(args)
    report_dir = Path(cmd[cmd.index("--report-dir") + 1])
    summary = report_dir / "summary.json"
    summary.unlink(missing_ok=True)
    # Its own session, so a terminal's Ctrl-C reaches the child once: forwarded by us, not twice.
    child = subprocess.Popen(cmd, cwd=ROOT, env=env, start_new_session=True)

    def forward(signum, frame):
        child.send_signal(signum)  # the child cleans up, writes its reports, exits 130 or 143

    for sig in (signal.SIGINT, signal.SIGTERM):
        signal.signal(sig, forward)
    rc = child.wait()
    if not summary.exists():
        return rc if rc in (130, 143) else EXIT_COULD_NOT_JUDGE if rc else 0
    doc = json.loads(summary.read_text())
    t = doc["totals"]
    never = f", {doc['not_run']} never ran" if doc.get("not_run") else ""
    print(f"talk-conformance: {doc['verdict_line']} ({_described(doc)}): {t['passed']} passed, {t['failed']} failed, "
          f"{t['skipped']} skipped, {t['expected']} expected failures, {t['error']} errors{never}; "
          f"reports in {report_dir}", flush=True)
    if doc.get("causes"):
        print(f"talk-conformance: {results.headline(doc['causes'], t['failed'])}", flush=True)
    if doc["verdict"] == RunVerdict.NOT_CONFORMANT:
        return EXIT_RULE_BROKEN  # whatever stopped the run: a rule was found broken
    if rc in (130, 143):
        return rc
    return RunVerdict(doc["verdict"]).exit_code
