"""The `talk-conformance` command: `serve` the reference server, `run` the suite."""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
from pathlib import Path

from talk_conformance import ROOT


def parse_credentials(text: str) -> tuple[str, str]:
    """``USER:PASS`` -> (user, password); the message never repeats the text, which holds a password."""
    user, sep, password = text.partition(":")
    if not sep or not user:
        raise argparse.ArgumentTypeError("expected USER:PASS")
    return user, password


class _Parser(argparse.ArgumentParser):
    def error(self, message: str):
        # One clear line instead of argparse's usage block.
        self.exit(2, f"{self.prog}: {message} (see {self.prog} --help)\n")


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(prog="talk-conformance", description=__doc__)
    sub = parser.add_subparsers(dest="command", required=True, parser_class=_Parser)

    run = sub.add_parser("run", help="run the conformance suite and write the reports",
                         description="Run the suite against --base-url, or the embedded reference server. "
                                     "Exit 0: nothing failed; 1: the server broke a documented rule; "
                                     "2: the suite could not judge (unreachable target, refused credentials).")
    run.add_argument("--base-url", default=os.environ.get("TALK_BASE_URL"), metavar="URL")
    run.add_argument("--admin", type=parse_credentials, default=None, metavar="USER:PASS")
    run.add_argument("--user", type=parse_credentials, action="append", default=[], metavar="USER:PASS")
    run.add_argument("--group", default=None, metavar="ID")
    run.add_argument("--report-dir", default="reports", metavar="DIR")
    run.add_argument("--fuzz-examples", type=int, default=None, metavar="N")
    run.add_argument("--jobs", "-j", type=int, default=None, metavar="N",
                     help="worker processes (default: 2 against --base-url, whose answers take time; 1 against "
                          "the embedded server, which answers in ~2 ms so extra processes only add start-up)")
    run.add_argument("pytest_args", nargs=argparse.REMAINDER, metavar="-- PYTEST ARGS")

    serve = sub.add_parser("serve", help="run the reference server")
    serve.add_argument("--host", default="127.0.0.1")
    serve.add_argument("--port", type=int, default=8080, help="0 picks a free port")
    serve.add_argument("--db", default="talk-reference.sqlite", help="SQLite file (kept across restarts)")
    serve.add_argument("--admin", type=parse_credentials, default=os.environ.get("TALK_ADMIN", "admin:admin"),
                       metavar="USER:PASS", help="the admin account (env TALK_ADMIN; default admin:admin)")
    serve.add_argument("--capabilities", default=None, metavar="A,B,...",
                       help="advertise (and implement) only these features")
    serve.add_argument("--fault", action="append", default=[], metavar="NAME",
                       help="break one documented rule on purpose (repeatable); --fault list shows them")
    return parser


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    if args.command == "serve":
        from talk_conformance import embedded
        from talk_refserver import faults, server

        if "list" in args.fault:
            for name, what in sorted(faults.catalogue().items()):
                print(f"{name}: {what}")
            return 0
        caps = None if args.capabilities is None else [c for c in args.capabilities.split(",") if c]
        try:
            server.serve(host=args.host, port=args.port, db=args.db, admin=args.admin, capabilities=caps,
                         faults=frozenset(args.fault),
                         on_ready=lambda url: print(embedded.READY_PREFIX + url, flush=True))
        except server.ServeError as exc:
            print(f"talk-conformance: {exc}", file=sys.stderr)
            return 2
        return 0
    return run_suite(args)


def _fail(message: str) -> int:
    print(f"talk-conformance: {message}", file=sys.stderr)
    return 2


def preflight(args) -> str | None:
    """Check the target in one request or two, so a bad URL or password is one line, not 100 errors."""
    from talk_conformance import target

    admin = args.admin or (parse_credentials(os.environ["TALK_ADMIN"]) if os.environ.get("TALK_ADMIN") else None)
    if not (admin or args.user):
        return "give --admin USER:PASS (to provision throwaway users) or --user USER:PASS four times and --group ID"
    try:
        target.read_capabilities(args.base_url)
        if admin:
            target.Provisioner(args.base_url, admin).check_admin()
        else:
            target.read_capabilities(args.base_url, target.client.Account(*args.user[0]))
    except target.SetupError as exc:
        return str(exc)
    except target.client.TargetUnreachable:
        return f"the target {args.base_url} is unreachable"
    return None


def run_suite(args) -> int:
    if args.base_url:
        problem = preflight(args)
        if problem:
            return _fail(problem)
    report_dir = Path(args.report_dir).resolve()
    cmd = [sys.executable, "-m", "pytest", str(ROOT / "features"), "--report-dir", str(report_dir),
           "-p", "no:cacheprovider", "-q", "--no-header", "-rN"]
    jobs = args.jobs if args.jobs is not None else (2 if args.base_url else 1)
    if jobs > 1:
        cmd += ["-n", str(jobs)]
    # Credentials go through the environment: a command line is visible to every process on the host.
    env = dict(os.environ)
    if args.base_url:
        env["TALK_BASE_URL"] = args.base_url
    if args.admin:
        env["TALK_ADMIN"] = ":".join(args.admin)
    if args.user:
        env["TALK_USERS"] = "\n".join(":".join(u) for u in args.user)
    if args.group:
        env["TALK_GROUP"] = args.group
    if args.fuzz_examples is not None:
        cmd += ["--fuzz-examples", str(args.fuzz_examples)]
    extra = args.pytest_args[1:] if args.pytest_args[:1] == ["--"] else args.pytest_args
    summary = report_dir / "summary.json"
    summary.unlink(missing_ok=True)
    rc = subprocess.call(cmd + extra, cwd=ROOT, env=env)
    if not summary.exists():
        return 2 if rc else 0
    totals = json.loads(summary.read_text())["totals"]
    print(f"talk-conformance: {totals['passed']} passed, {totals['failed']} failed, "
          f"{totals['skipped']} skipped, {totals['error']} error; reports in {report_dir}")
    if totals["failed"]:
        return 1
    if totals["error"] or rc not in (0, 1):
        return 2
    return 0
