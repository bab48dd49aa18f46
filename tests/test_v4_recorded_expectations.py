"""The scenarios' own expectations against a real Nextcloud 32 + Talk 22 (issue 17 item 7).

``test_v4_recordings.py`` judges each recorded answer by the v4 contract (status documented, shape
valid). This module judges the scenarios: each recorded exchange of
``../shared/reference/real-talk22-samples`` is matched with the scenario whose step makes the same
request in the same situation, and the status that step expects must be the one the real server
answered, or the difference must be a known deviation (known-deviations-v4.yaml) that the failure
message cites for a Talk 22 server. So a run against Talk 22 gives no failure the suite cannot explain.

The table below is that matching, kept as data: a row names the recording, the feature file, the
scenario, and (for a Then step that reads back) the step and the status it needs. Each v4 exchange
has a row, or a reason why no scenario makes that request.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from http import HTTPStatus

import pytest

from talk_conformance import ROOT
from tests.test_v4_recordings import contract, judged, recorded, recordings

FEATURES = ROOT / "features"


@dataclass(frozen=True)
class Row:
    file: str  # the recording's number (its name begins with it)
    feature: str  # under features/
    scenario: str  # its title
    step: str | None = None  # a Then step that reads back, with ``expect``; else the scenario's status step
    expect: int | None = None
    deviation: str | None = None  # where the real answer differs: the known deviation the failure cites


# Recording -> the scenario making the same request in the same situation.
ROWS = [
    Row("010", "conversation/list", "Someone not logged in cannot list conversations"),
    Row("011", "conversation/create", "A group conversation can be created without inviting a group"),
    Row("012", "conversation/create", "A group conversation can be created without inviting a group"),
    Row("013", "conversation/create", "A user creates a group conversation from a group, naming the source of the invite"),
    Row("014", "conversation/create", "A user creates a one-to-one conversation"),
    Row("015", "conversation/create", "Asking again for an existing one-to-one conversation returns it"),
    Row("016", "conversation/create", "An invalid conversation type is refused"),
    Row("018", "conversation/create", "Inviting a user who does not exist"),
    Row("019", "conversation/answers-v4", "A user's conversation list holds the changelog conversation"),
    Row("020", "conversation/get", "The conversation carries the hash of the server's configuration"),
    Row("021", "conversation/get", "A conversation that does not exist is not found"),
    Row("022", "conversation/get", "A user who is not a participant cannot get a group conversation"),
    Row("023", "conversation/rename", "The owner renames the conversation"),
    Row("024", "conversation/rename", "An empty name is refused"),
    Row("024", "conversation/answers-v4", "A refused rename names its reason"),
    Row("025", "conversation/description", "The owner sets the description, and every participant reads it"),
    Row("026", "participants/add", "A moderator adds a user"),
    Row("027", "participants/add", "A moderator adds a user"),
    Row("028", "participants/add", "Adding a user who does not exist"),
    Row("030", "participants/list", "A participant lists the participants"),
    Row("030", "participants/attendees", "The participant list gives each attendee their attendeeId"),
    Row("031", "conversation/rename", "Who may rename the conversation", step="When <actor> renames \"team\" to \"<name>\" with <status>", expect=403),  # the user's row
    Row("032", "participants/moderators", "A moderator promotes a user"),
    Row("033", "participants/list", "A participant lists the participants"),
    Row("034", "conversation/rename", "A moderator renames the conversation"),
    Row("035", "participants/moderators", "The owner demotes a moderator"),
    Row("036", "participants/moderators", "A moderator cannot demote themself"),
    Row("037", "participants/remove", "The owner removes a user"),
    Row("037", "participants/attendees", "The owner removes an attendee by their attendeeId"),
    Row("038", "participants/remove", "Removing someone who is not a participant"),
    Row("039", "participants/remove", "A user who is not a moderator cannot remove anyone"),
    Row("040", "conversation/read-only", "The owner makes a conversation read-only"),
    Row("041", "webinary/restrictions", "Nobody writes in a read-only conversation"),
    Row("042", "conversation/read-only", "The owner makes a read-only conversation read-write again"),
    Row("044", "conversation/favorites", "A participant adds a conversation to their favorites"),
    Row("045", "conversation/favorites", "A participant removes a conversation from their favorites"),
    Row("046", "conversation/notifications", "A participant sets a notification level"),
    Row("047", "conversation/notifications", "A level above 3 is invalid"),
    Row("049", "conversation/public", "The owner makes the conversation public"),
    Row("050", "conversation/public", "The owner makes the conversation public",
        'the user sees "team" as a public conversation', 200),
    Row("051", "conversation/public", "The owner makes a public conversation private again"),
    # docs/conversation.md of Talk 21.1: "403 Forbidden When the conversation is not a public conversation".
    Row("052", "conversation/password", "A password can only be set on a public conversation",
        deviation="set-password-not-public-400"),
    Row("053", "webinary/lobby", "The owner closes the lobby"),
    Row("054", "webinary/restrictions", "A user held in the lobby cannot read the chat"),
    Row("055", "webinary/lobby", "The owner opens the lobby again"),
    Row("056", "webinary/lobby", "The lobby keeps its timer"),
    Row("057", "webinary/lobby", "The owner opens the lobby again"),
    Row("058", "participants/join", "A participant joins the conversation"),
    Row("059", "participants/join", "A participant joins the conversation"),
    Row("060", "participants/join", "A user who is not a participant cannot join a group conversation"),
    Row("061", "participants/join", "A user who is not a participant cannot join a group conversation",
        "the owner gets 404 Not Found when joining a conversation that does not exist", 404),
    Row("062", "participants/join", "A participant joins the conversation",
        'the participants of "team" hold the user as type 3', 200),
    Row("063", "call/call", "A participant joins the call"),
    Row("064", "call/call", "The call lists those in the call, not everyone who joined the conversation"),
    Row("065", "call/call", "A participant joins the call", 'the owner sees a call in "team"', 200),
    Row("067", "call/call", "A participant leaves the call and stays in the conversation"),
    Row("068", "call/call", "A user who is not a participant cannot join the call"),
    Row("069", "chat/sending", "A participant sends a message"),
    Row("069", "chat/reference-id", "A message keeps the reference id it was sent with"),
    Row("070", "chat/replies", "A reply carries the message it answers"),
    Row("071", "chat/sending", "A blank message is refused"),
    Row("072", "chat/sending", "A user who is not a participant cannot send"),
    Row("073", "chat/sending", "A conversation that does not exist cannot be sent to"),
    Row("074", "chat/history", "Paging through a long history returns every message once, newest first"),
    Row("075", "chat/polling", "A long poll waits out its timeout, and a message posted meanwhile ends another at once"),
    Row("077", "chat/edit", "The author edits their message"),
    Row("078", "chat/deleting", "The author deletes their message"),
    Row("080", "chat/unread", "Marking the chat read leaves nothing unread"),
    Row("081", "chat/mentions", "Participants are suggested, users outside the conversation are not"),
    Row("082", "conversation/create", "A user creates a public conversation"),
    Row("084", "guests/guests", "A guest joins a public conversation"),
    Row("085", "guests/name", "A guest sets their name"),
    Row("086", "chat/sending", "A guest sends a message under the name they give"),
    Row("088", "conversation/get", "A guest gets a public conversation they joined"),
    Row("089", "conversation/rename", "A guest cannot rename"),
    Row("090", "conversation/list", "Someone not logged in cannot list conversations"),
    Row("091", "call/call", "A guest joins the call of a public conversation"),
    Row("093", "guests/guests", "A guest joins a public conversation",
        'the participants of "open" hold the guest as type 4', 200),
    Row("095", "guests/guests", "A guest cannot join a group conversation"),
    Row("096", "guests/guests", "A guest leaves the conversation"),
    Row("097", "conversation/password", "The owner sets a password"),
    Row("098", "conversation/password-policy", "A password the policy refuses is not set"),
    Row("099", "conversation/password", "The owner sets a password", 'the user sees "open" with a password', 200),
    Row("100", "conversation/password", "A guest must give the password to join"),
    Row("101", "conversation/password", "A guest who gives the password joins"),
    Row("102", "conversation/password", "The owner removes the password"),
    Row("103", "participants/join", "A user joins a public conversation by its link and becomes a participant of type 5"),
    Row("105", "conversation/listable", "A conversation for its participants only is not found"),
    Row("106", "participants/self", "A participant removes themself"),
    # carol had joined by the link (103) and left (104): a user who joined by the link and leaves is
    # no participant any more, so she is "a user who is not a participant".
    Row("107", "conversation/delete", "A user who is not a participant cannot delete"),
    Row("108", "conversation/delete", "The owner deletes the conversation"),
    Row("108", "conversation/answers-v4", "Deleting a conversation answers null"),
    Row("109", "conversation/get", "A conversation that does not exist is not found"),
    Row("110", "conversation/answers-v4", "A user's conversation list holds the changelog conversation"),
]

# v4 exchanges no scenario makes in that situation.
UNMATCHED = {
    "001": "the capabilities: the run reads them to skip @capability scenarios, no step judges them",
    "002": "the capabilities, unauthenticated",
    "017": "a group conversation with an empty name: the docs give 400 only for type 3 (create-public-empty-name-201)",
    "029": "adding a whole group to an existing conversation",
    "043": "a read-only state other than 0 and 1",
    "048": "the call notification level",
    "066": "updating the call flags of a participant in the call to flags with 'in call'",
    "076": "includeLastKnown",
    "079": "the context of a message",
    "083": "a guest reading a public conversation before joining it",
    "087": "a guest reading the chat history",
    "092": "a guest leaving the call",
    "094": "a guest sending without a session",
    "104": "a user who joined by the link leaving it",
}


def _scenario(feature: str, title: str) -> str:
    text = (FEATURES / f"{feature}.feature").read_text(encoding="utf-8")
    found = re.search(rf"^\s*Scenario(?: Outline)?: {re.escape(title)}\s*$(.*?)(?=^\s*(?:@|Scenario|Examples)|\Z)",
                      text, re.M | re.S)
    assert found, f"features/{feature}.feature has no scenario {title!r}"
    return found[1]


def _op_id(method: str, path: str) -> str:
    return next(i for i, key in contract().by_id.items() if key == (method, path))


def _expected(row: Row, op_id: str) -> list[int]:
    body = _scenario(row.feature, row.scenario)
    if row.step is not None:
        assert row.step in body, f"{row.scenario!r} has no step {row.step!r}"
        return [row.expect]
    then = re.search(r"^\s*Then the response is (.+)$", body, re.M)
    assert then, f"{row.scenario!r} checks no status"
    said = then[1].strip()
    if (plain := re.match(r"(\d{3}) ", said)) is not None:
        return [int(plain[1])]
    reasons = re.findall(r'when "([^"]+)"', said)
    assert reasons, f"{row.scenario!r}: cannot read {said!r}"
    return sorted({s for r in reasons for s in contract().statuses_for(op_id, r)})


@pytest.mark.parametrize("row", ROWS, ids=lambda r: f"{r.file}-{r.scenario[:40]}")
@recorded
def test_the_scenario_expects_what_talk_22_answered_or_cites_a_known_deviation(row):
    path = next(p for p in recordings() if p.name.startswith(row.file + "-"))
    exchange, op, _ = judged(path)
    assert not isinstance(op, str), f"{path.name}: {op}"
    op_id = _op_id(*op)
    expected = _expected(row, op_id)
    if exchange.status in expected:
        assert row.deviation is None, f"{path.name}: agrees with {row.scenario!r}; it names no deviation"
        return
    assert row.deviation, (f"{path.name}: Talk 22 answered {exchange.status} {HTTPStatus(exchange.status).phrase}, "
                           f"{row.scenario!r} expects {expected}, and no known deviation explains it")
    release = contract().release
    cited = [d.id for d in contract().deviations.for_status(op_id, exchange.status, expected[0], release)]
    assert row.deviation in cited, (f"{path.name}: the status check of {row.scenario!r} cites {cited} for "
                                    f"{exchange.status} on Talk {release}, not {row.deviation}")


@recorded
def test_every_v4_exchange_is_matched_with_a_scenario_or_says_why_not():
    matched = {r.file for r in ROWS}
    assert not matched & set(UNMATCHED), f"matched and unmatched: {sorted(matched & set(UNMATCHED))}"
    for path in recordings():
        exchange, op, _ = judged(path)
        number = path.name.split("-", 1)[0]
        if isinstance(op, str) or not number.isdigit():
            continue  # not a v4 operation, or a raw curl capture of an exchange numbered too
        assert number in matched or number in UNMATCHED, f"{path.name}: neither matched with a scenario nor said why not"
