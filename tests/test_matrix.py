"""Servers of every age, side by side: the suite against each named profile of the reference server,
the honest matrix (probes, "works, not advertised", beyond the docs), and the comparison page."""

from __future__ import annotations

import html
import json
import re

import pytest
from jsonschema import Draft202012Validator

from talk_conformance import ROOT, catalogue
from talk_conformance.output import compare
from talk_conformance.spec import profile as profiles
from talk_conformance.spec.capabilities import ABSENT_TAG_PREFIX
from talk_refserver.capabilities import (
    PROFILE_RELEASES,
    TALK_7_FEATURES,
    V4_PROFILE_RELEASES,
    profile_features,
    profile_options,
)
from tests.conftest import OLDEST, SuiteRun, run_inprocess, shared_run
from tests.test_refserver_support import InProcess
from tests.test_report import browser_dom

SCENARIOS = catalogue.load(ROOT / "features")
SUMMARY_SCHEMA = json.loads((ROOT / "schemas" / "summary.schema.json").read_text())
# Rules whose docs changed: where a release's docs give no answer, that release is not judged.
RELEASE_SKIPS = {
    "An empty name is refused": ("3.2", "4.0", "5.0", "6.0"),  # 400 for an empty name: the Talk 7.0 docs
    "A conversation of its own is associated with no object": ("3.2",),  # objectType came with Talk 4.0
    # Rules the docs of Talk 8.0 and later added (docs/conversation.md, docs/webinar.md).
    "A one-to-one conversation cannot be deleted": ("3.2", "4.0", "5.0", "6.0", "7.0"),
    "A one-to-one conversation cannot be made public": ("3.2", "4.0", "5.0", "6.0", "7.0"),
    "A one-to-one conversation cannot be made private": ("3.2", "4.0", "5.0", "6.0", "7.0"),
    "A public conversation needs a name": ("3.2", "4.0", "5.0", "6.0", "7.0"),
    # docs/participant.md of Talk 8.0: 400 for adding to a one-to-one (locked since Talk 6.0, no answer before)
    "A third user cannot be added to a locked one-to-one conversation": ("6.0", "7.0"),
    "A timer that is not a timestamp is refused": ("7.0",),  # older releases lack webinary-lobby
    "A user creates a group conversation from a group, naming the source of the invite":
        ("3.2", "4.0", "5.0", "6.0", "7.0", "8.0"),
    "Level 0 is invalid where the docs give the levels 1-3":
        ("3.2", "4.0", "8.0", "9.0", "10.0", "11.1", "12.0", "17.0", "22.0"),
    "A participant goes back to the default notification level": ("3.2", "4.0", "5.0", "6.0", "7.0"),
    "The count of active users is always 0": ("3.2", "4.0", "5.0", "6.0", "7.0", "8.0"),
    "The conversation carries the hash of the server's configuration":
        ("3.2", "4.0", "5.0", "6.0", "7.0", "8.0", "9.0"),
    "The conversation list carries the hash of the server's configuration":
        ("3.2", "4.0", "5.0", "6.0", "7.0", "8.0", "9.0"),
    # 403 for mentions in a read-only conversation: docs/chat.md from Talk 8.0 (3.2 to 5.0 lack read-only-rooms)
    "A read-only conversation gives no mention suggestions": ("6.0", "7.0"),
    # The parent of a reply: docs/chat.md from Talk 10.0 ("Parent data"); chat-replies came with 8.0
    "A reply carries the message it answers": ("8.0", "9.0"),
    "The parent of a reply has no parent of its own": ("8.0", "9.0"),
    "Several participants reply to the same message several times": ("8.0", "9.0"),
    "A reply to a reply carries the reply it answers": ("8.0", "9.0"),
    "A guest replies to a user, and a user to the guest": ("8.0", "9.0"),
    "Several participants reply to the same reply, its author too": ("8.0", "9.0"),
    "Reading forward from a message gives the later messages oldest first, a reply with its parent": ("8.0", "9.0"),
    # The sender's read marker moves: the code of Talk 9.0 on (no doc says; beyond the docs)
    "Sending moves the sender's read marker to the new message": ("7.0", "8.0"),
    "Sending a message leaves the sender nothing unread, as in the code of Talk 9.0 and later": ("7.0", "8.0"),
    # docs/participant.md and docs/call.md of Talk 8.0 and 10.0
    "A moderator demotes a guest moderator to a guest": ("3.2", "4.0", "5.0", "6.0", "7.0"),
    "A guest moderator passes the lobby, a plain guest does not": ("7.0",),  # older releases lack webinary-lobby
    "A moderator cannot demote themself": ("3.2", "4.0", "5.0", "6.0", "7.0"),
    "A moderator is not removed": ("3.2", "4.0", "5.0", "6.0", "7.0"),
    "A participant who has not joined the conversation cannot join its call": ("3.2", "4.0", "5.0", "6.0", "7.0"),
    "Nobody lists the call of a read-only conversation": ("6.0", "7.0"),  # read-only-rooms came with 6.0
    "Nobody leaves the call of a read-only conversation": ("6.0", "7.0"),
    "A guest does not see who is in the call of a read-only conversation": ("6.0", "7.0"),
    "A user who already has a session is told so when joining without forcing":
        ("3.2", "4.0", "5.0", "6.0", "7.0", "8.0", "9.0"),
    "A participant lists the participants with their status": ("3.2", "4.0", "5.0", "6.0", "7.0", "8.0", "9.0"),
    # Guests and the whole conversation among the mention suggestions, mentions in double quotes:
    # docs/chat.md from Talk 8.0
    "A guest is suggested with the name the guest chose": ("3.2", "4.0", "5.0", "6.0", "7.0"),
    "A participant of a group or public conversation may mention the whole conversation":
        ("3.2", "4.0", "5.0", "6.0", "7.0"),
    "A mention in double quotes is a mention too": ("3.2", "4.0", "5.0", "6.0", "7.0"),
    "The whole conversation is suggested under the name of the conversation": ("3.2", "4.0", "5.0", "6.0", "7.0"),
    # A password policy's 400: docs/conversation.md of Talk 21.1 (no v1 release's docs name one)
    "A password the policy refuses is not set": ("3.2", "4.0", "5.0", "6.0", "7.0", "8.0", "9.0", "10.0", "11.1"),
    # The actor type deleted_users: docs/constants.md of Talk 21.1 (the Talk 11.3 docs do not name it)
    "A deleted user's messages stay, by deleted_users":
        ("3.2", "4.0", "5.0", "6.0", "7.0", "8.0", "9.0", "10.0", "11.1", "12.0", "17.0"),
    "A deleted user's messages stay in a <kind> conversation, by deleted_users":
        ("3.2", "4.0", "5.0", "6.0", "7.0", "8.0", "9.0", "10.0", "11.1", "12.0", "17.0"),
}


def _needing_the_admin() -> set[str]:
    """Titles of the scenarios that make a user and delete it (steps/user_deletion.py): a run with pre-made
    accounts (--user) has no admin, and skips them saying so."""
    from pytest_bdd.parser import FeatureParser

    features, titles = ROOT / "features", set()
    for path in features.rglob("*.feature"):
        feature = FeatureParser(str(features), str(path.relative_to(features))).parse()
        background = [s.name for s in feature.background.steps] if feature.background else []
        for template in feature.scenarios.values():
            if NEWCOMER_STEP in background + [s.name for s in template.steps]:
                titles.add(template.name)
    return titles


NEWCOMER_STEP = "a newcomer has an account"
NEEDS_ADMIN = _needing_the_admin()
PREMADE_REASON = "the run uses pre-made accounts (--user)"
# The runs with pre-made accounts (tests/conftest.py's green and current runs).
PREMADE = ("talk-7", "talk-22")
RELEASES = {**PROFILE_RELEASES, **V4_PROFILE_RELEASES}  # every release profile of both API versions


def api_of(release: str) -> str:
    """The API version a server of ``release`` speaks (what it advertises decides)."""
    return profiles.for_features(frozenset(profile_features(release))).name


def only_for_other_api(scenario, api: str) -> bool:
    """A scenario tagged ``@profile:NAME`` for another API version than ``api``."""
    versions = {t.split(":")[1] for t in scenario.tags if t.startswith("profile:")}
    return bool(versions) and api not in versions


def _run(tmp_path, *args, features=None, advertised=None, faults=(), nextcloud=None):
    with InProcess(tmp_path / "server.sqlite", features=features, faults=list(faults), nextcloud=nextcloud) as server:
        if advertised is not None:  # advertise less than the server implements
            server.app.feature_list = tuple(advertised)
        return run_inprocess(server, tmp_path, *args)


# Runs conftest.py makes for other tests too: Talk 7 and Talk 22 (the green runs, the embedded default);
# the oldest run is Talk 3.2 lacking empty-group-room besides, as Talk 3.1 did; the newest v1 is Talk 11.
SHARED = {"talk-7": ("green_run", TALK_7_FEATURES), "talk-3.2": ("oldest_run", OLDEST),
          "talk-11": ("newest_run", profile_features("talk-11")),
          "talk-22": ("current_run", profile_features("talk-22"))}


def _profile_run(request, profile: str) -> tuple[SuiteRun, set[str]]:
    """The scenarios against the reference server as ``profile`` (run once for every test that asks),
    and the features that server advertised."""
    if profile in SHARED:
        fixture, features = SHARED[profile]
        return request.getfixturevalue(fixture), set(features)
    tmp_path_factory = request.getfixturevalue("tmp_path_factory")
    run = shared_run(tmp_path_factory, f"profile-{profile}",
                     lambda where: _run(where, "-m", "not fuzz", **profile_options(profile)))
    return run, set(profile_features(profile))


@pytest.mark.parametrize("profile", list(RELEASES))
def test_the_suite_passes_every_profile_skipping_exactly_what_it_lacks(profile, request):
    run, features = _profile_run(request, profile)
    summary = run.summary
    assert run.rc == 0, run.with_verdict("failed") | run.with_verdict("error")
    assert not list(Draft202012Validator(SUMMARY_SCHEMA).iter_errors(summary))
    release = RELEASES[profile]
    other_api = {s.title for s in SCENARIOS if only_for_other_api(s, api_of(profile))}
    lacking = {s.title for s in SCENARIOS if set(s.capabilities) - features}
    removed = {s.title for s in SCENARIOS
               if {t.removeprefix(ABSENT_TAG_PREFIX) for t in s.tags if t.startswith(ABSENT_TAG_PREFIX)} & features}
    later = {title for title, releases in RELEASE_SKIPS.items() if release in releases}
    # the newcomer step skips first, after the capability and API-version skips
    premade = NEEDS_ADMIN - lacking - other_api if profile in PREMADE else set()
    titles = {s.title for s in SCENARIOS}  # fuzzing's skips (the green run's) are not scenarios
    skipped = {t["name"].split(" [")[0]: t["message"] for t in summary["scenarios"]
               if t["verdict"] == "skipped" and t["name"].split(" [")[0] in titles}
    assert lacking | removed | later | other_api | premade <= set(skipped), \
        sorted((lacking | removed | later | other_api | premade) - set(skipped))
    for title, message in skipped.items():
        if title in premade:
            assert PREMADE_REASON in message, (title, message)
        elif title in other_api:
            assert message.startswith("only for API ") and f"the target speaks API {api_of(profile)}" in message
        elif title in lacking:
            missing = sorted({c for s in SCENARIOS if s.title == title for c in s.capabilities} - features)
            assert message.startswith("server does not advertise ") and all(c in message for c in missing), message
        elif title in removed:
            assert message.startswith("server advertises "), message
        else:  # a rule whose docs came later than this release: not judged here
            assert message.startswith(f"the docs of the server's release (Talk {release}) ") or \
                " is documented from Talk " in message, (title, message)
    rows = {r["capability"]: r for r in summary["capability_matrix"]["rows"]}
    for cap in {c for s in SCENARIOS if "beyond-the-docs" not in s.tags for c in s.capabilities}:
        assert rows[cap]["advertised"] is (cap in features)
        assert rows[cap]["works_not_advertised"] == 0, f"{cap}: a removed feature must really be gone"
        assert rows[cap]["failed"] == 0 and (cap in features or rows[cap]["passed"] == 0)


def test_an_endpoint_that_works_unadvertised_is_noted_not_failed(tmp_path):
    advertised = [f for f in TALK_7_FEATURES if f != "favorites"]
    run = _run(tmp_path, "-m", "not fuzz", "-k", "favorite or rename", advertised=advertised)
    assert run.rc == 0
    [row] = [r for r in run.summary["capability_matrix"]["rows"] if r["capability"] == "favorites"]
    assert row["advertised"] is False and row["failed"] == 0 and row["passed"] == 0
    works = {t["name"] for t in run.summary["scenarios"] if t.get("works_not_advertised")}
    # The favorites scenarios whose every answer was a success work here (where the route is really
    # gone, the profiles show none does; a refusal, such as a stranger's 404, is no proof).
    favorites = {s.title for s in SCENARIOS if "favorites" in s.capabilities}
    assert works == {"A participant adds a conversation to their favorites", "One user's favorite is not another's",
                     "A participant removes a conversation from their favorites"} < favorites
    assert row["works_not_advertised"] == len(works) and row["skipped"] == len(favorites)
    assert all(t["message"].startswith("works, not advertised: server does not advertise favorites")
               for t in run.summary["scenarios"] if t["name"] in works)


def test_a_check_beyond_the_docs_is_reported_not_failed(tmp_path):
    run = _run(tmp_path, "-m", "fault(name='password-not-removed')", faults=["password-not-removed"])
    assert run.rc == 0, "no document states it: the server is not failed for it"
    guarded = {s.title for s in SCENARIOS if "password-not-removed" in s.faults}
    assert "The owner removes the password" in guarded and all(
        "beyond-the-docs" in s.tags for s in SCENARIOS if s.title in guarded), "the fault guards beyond-the-docs checks"
    found = [t for t in run.summary["scenarios"] if t["name"] in guarded]
    assert len(found) == len(guarded), f"not run: {guarded - {t['name'] for t in found}}"
    for t in found:
        assert t["verdict"] == "expected" and t["beyond_docs"] and t["message"].startswith("beyond the docs"), t
    rows = {r["capability"]: r for r in run.summary["capability_matrix"]["rows"]}
    assert rows["(beyond the docs)"]["expected"] == len(guarded) and rows["(beyond the docs)"]["advertised"] is None
    assert all(r["failed"] == 0 for r in rows.values())


def test_advertised_but_broken_fails_in_its_row_with_a_link(tmp_path):
    run = _run(tmp_path, "-m", "not fuzz", "-k", "lobby", faults=["lobby-endpoint-missing"])
    assert run.rc == 1
    rows = {r["capability"]: r for r in run.summary["capability_matrix"]["rows"]}
    assert rows["webinary-lobby"]["advertised"] is True and rows["webinary-lobby"]["failed"] >= 1
    failures = rows["webinary-lobby"]["failures"]
    assert "The owner closes the lobby" in {f["name"] for f in failures}
    groups = run.summary["failure_groups"]
    assert all(any(f["id"] == s["id"] for s in groups[f["group"] - 1]["scenarios"]) for f in failures)
    page = (run.report_dir / "report.html").read_text()
    assert page.index('id="capabilities"') < page.index('id="failures"'), "the report leads with the matrix"
    assert f'href="#failure-{failures[0]["group"]}"' in page


@pytest.fixture
def three_reports(request, tmp_path):
    """The reference server as Talk 7, as Talk 5 (the profile runs above), and as Talk 7 storing
    favorites for everybody (the rows the page is checked on: favorites, the lobby, renaming)."""
    broken = _run(tmp_path, "-m", "not fuzz", "-k", "favorite or lobby or renames", faults=["favorite-for-everybody"])
    return [_profile_run(request, "talk-7")[0].report_dir, _profile_run(request, "talk-5")[0].report_dir,
            broken.report_dir]


def test_compare_page_shows_the_differences_in_a_browser(three_reports, tmp_path):
    output = tmp_path / "comparison.html"
    data = compare.write(three_reports, output)
    rows = {r["name"]: r for r in data["scenarios"]}
    one = rows["One user's favorite is not another's"]
    assert [c["verdict"] for c in one["cells"]] == ["passed", "passed", "failed"] and one["differs"]
    lobby = rows["The owner closes the lobby"]
    assert [c["verdict"] for c in lobby["cells"]] == ["passed", "skipped", "passed"] and lobby["differs"]
    assert not rows["The owner renames the conversation"]["differs"]
    caps = {r["name"]: r for r in data["capabilities"]}
    # The invalid-timer check is beyond the docs: it counts in that row, not the lobby's. On Talk 7 some
    # lobby rules are skipped (a guest moderator passes it from Talk 8.0's docs): passed and skipped, mixed.
    assert [c["verdict"] for c in caps["webinary-lobby"]["cells"]] == ["mixed", "skipped", "mixed"]
    assert [c["verdict"] for c in caps["favorites"]["cells"]] == ["passed", "passed", "failed"]
    assert [s["version"] for s in data["servers"]] == ["17.0.0", "15.0.0", "17.0.0"]
    dom = browser_dom(output)
    text = " ".join(html.unescape(re.sub(r"<[^>]+>", " ", dom)).split())
    assert "servers side by side" in text and "show only the rows that differ" in text
    for report in three_reports:
        assert json.loads((report / "summary.json").read_text())["target"]["base_url"] in text
    row = re.search(r'<tr class="differs">(?:(?!</tr>).)*One user\'s favorite is not another\'s(?:(?!</tr>).)*</tr>', dom, re.S)
    assert row and row.group(0).count('class="cell failed"') == 1 and row.group(0).count('class="cell passed"') == 2
    lobby_row = re.search(r'<tr class="differs">(?:(?!</tr>).)*The owner closes the lobby<(?:(?!</tr>).)*</tr>', dom, re.S)
    assert lobby_row and 'class="cell skipped"' in lobby_row.group(0)
    assert 'src=' not in dom and "<link" not in dom, "the page is self-contained"


def test_compare_refuses_what_is_not_a_report(tmp_path):
    with pytest.raises(compare.CompareError, match="holds no summary.json"):
        compare.write([tmp_path, tmp_path], tmp_path / "x.html")
