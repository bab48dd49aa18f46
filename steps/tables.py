"""Steps that compare a whole list with a data table whose header picks the columns compared
(CONTRIBUTING.md, "Step vocabulary"). Rows name people by the features' actor phrases; cells may
use named constants and placeholders for what the server makes up:

* participant types: OWNER 1, MODERATOR 2, USER 3, GUEST 4, USER_SELF_JOINED 5, GUEST_MODERATOR 6
  (docs/constants.md);
* ``ANY`` (the field is there, any value), ``SOME_SESSION`` / ``NO_SESSION`` (a session id or none:
  v1 ``sessionId`` is '0', v4 ``sessionIds`` is empty), ``EMPTY`` (''), ``null``, ``true``/``false``
  (also for a flag field as set or not: ``inCall`` is a bool in old releases, flags in later ones),
  whole numbers; anything else is a string.

Column ``parent`` (messages): the text of the message a reply answers, ``EMPTY`` for no reply.

Only what the run controls is compared: a conversation the scenario created holds only its people and
messages; mention suggestions are filtered to the run's accounts, guests and ``all``. How a person is
found in an answer is the target's dialect's (v1 userId / sessionId, v4 actorType / actorId / attendeeId).
"""

from __future__ import annotations

from pytest_bdd import given, then, when

from steps.common import World, is_guest, step
from talk_conformance.spec.dialect import Who

CONSTANTS = {"OWNER": 1, "MODERATOR": 2, "USER": 3, "GUEST": 4, "USER_SELF_JOINED": 5, "GUEST_MODERATOR": 6,
             "EMPTY": "", "null": None, "true": True, "false": False}
ANY, SOME_SESSION, NO_SESSION = "ANY", "SOME_SESSION", "NO_SESSION"
READERS = ("owner", "moderator", "user")


def cell(text: str):
    """A table cell as a value: a constant, a placeholder (kept as its name), a number or a string."""
    text = text.strip()
    if text in CONSTANTS:
        return CONSTANTS[text]
    if text.lstrip("-").isdigit():
        return int(text)
    return text


def same(expected, actual) -> bool:
    if expected == ANY:
        return True
    if expected in (SOME_SESSION, NO_SESSION):
        has = bool(actual) and actual != "0"
        return has if expected == SOME_SESSION else not has
    if isinstance(expected, bool) and isinstance(actual, int):
        return bool(actual) == expected  # a flag field (inCall) read as set or not
    return type(expected) is type(actual) and expected == actual if isinstance(expected, bool) else expected == actual


def rows(datatable: list[list[str]]) -> tuple[list[str], list[dict]]:
    header = [h.strip() for h in datatable[0]]
    assert header, "the table has no header row naming its columns"
    return header, [dict(zip(header, (cell(c) for c in line))) for line in datatable[1:]]


def _compare(what: str, row: dict, entry: dict) -> list[str]:
    wrong = []
    for column, expected in row.items():
        if column == "actor":
            continue
        if column == "parent":  # a reply's parent, by its text; EMPTY: the message is no reply
            parent = entry.get("parent") or {}
            got = parent.get("message", "") if isinstance(parent, dict) else ""
            if not same(expected, got):
                wrong.append(f"{what}: the parent is {got!r}, expected {expected!r}")
            continue
        key = column
        if column == "session":  # v1 sessionId, v4 sessionIds
            key = "sessionId" if "sessionId" in entry else "sessionIds"
        if key not in entry:
            wrong.append(f"{what}: the answer has no field {key!r}")
        elif not same(expected, entry[key]):
            wrong.append(f"{what}: {key} is {entry[key]!r}, expected {expected!r}")
    return wrong


def _role(world: World, phrase: str) -> str:
    from steps.common import ACTORS
    assert phrase in ACTORS, f"feature typo: {phrase!r} names no actor (one of {sorted(ACTORS)})"
    return ACTORS[phrase]


# --- participants ----------------------------------------------------------------------------

def _who(world: World, role: str, label: str) -> Who | None:
    """``role`` as the dialect matches them in a list; None for a guest who cannot read ``label``."""
    if not is_guest(role):
        return Who(user_id=world.account(role).user_id)
    reply = world.call(role, "getRoom", room=label)
    return world.who(role, label) if reply.status == 200 else None


def _participants(world: World, label: str) -> list[dict]:
    for role in READERS:
        reply = world.call(role, "listParticipants", room=label)
        if reply.status == 200:
            return list(reply.data)
    raise AssertionError(f"none of {READERS} can list the participants of {label!r}: {reply.status}")


@then(step('"{label}" has these participants:'))
def has_these_participants(world: World, label: str, datatable):
    """Exactly these participants (the conversation is the scenario's: all of them are its people)."""
    header, expected = rows(datatable)
    assert "actor" in header, "the participants table needs an 'actor' column"
    entries = _participants(world, label)
    left, wrong = list(entries), []
    for row in expected:
        who = _who(world, _role(world, row["actor"]), label)
        found = [e for e in left if who is not None and world.dialect.matches(e, who)]
        if not found:
            wrong.append(f"{row['actor']} is not a participant of {label!r}")
            continue
        left.remove(found[0])
        wrong += _compare(row["actor"], row, found[0])
    wrong += [f"{label!r} also lists a participant no row names: "
              f"{ {k: e.get(k) for k in ('userId', 'actorType', 'actorId', 'participantType') if k in e} }"
              for e in left]
    assert not wrong, "the participants differ from the table:\n  " + "\n  ".join(wrong)


# --- messages --------------------------------------------------------------------------------

def _history(world: World, role: str, label: str) -> list[dict]:
    reply = world.call(role, "receiveMessages", room=label, lookIntoFuture=0, setReadMarker=0, limit=200)
    assert reply.status in (200, 304), f"{role} cannot read the chat of {label!r}: {reply.title} answered {reply.status}"
    return list(reply.data) if reply.status == 200 else []


def _actor_of(world: World, role: str, label: str) -> tuple[str, str]:
    """(actorType, actorId) of ``role``'s messages in ``label``."""
    if not is_guest(role):
        return "users", world.account(role).user_id
    reply = world.call(role, "getRoom", room=label)
    assert reply.status == 200, f"{role} cannot read {label!r} to learn their actor id: {reply.status}"
    return "guests", world.dialect.guest_actor_id(reply.data)


def _compare_messages(world: World, label: str, messages: list[dict], datatable) -> None:
    _, expected = rows(datatable)
    seen = [(m.get("actorType"), m.get("actorId"), m.get("systemMessage"), m.get("message")) for m in messages]
    assert len(messages) == len(expected), \
        f"the chat of {label!r} holds {len(messages)} such messages (newest first), the table {len(expected)}: {seen}"
    wrong = []
    for n, (row, message) in enumerate(zip(expected, messages), 1):
        if "actor" in row:
            actor = _actor_of(world, _role(world, row["actor"]), label)
            if (message.get("actorType"), message.get("actorId")) != actor:
                wrong.append(f"row {n}: by {message.get('actorType')}/{message.get('actorId')}, expected {row['actor']}")
        wrong += _compare(f"row {n}", row, message)
    assert not wrong, f"the chat of {label!r} differs from the table (newest first):\n  " + "\n  ".join(wrong) \
        + f"\n  it holds {seen}"


def _system(message: dict) -> bool:
    return bool(message.get("systemMessage"))


@then(step('the messages of "{label}" as {actor:Actor} sees them are:'))
def messages_are(world: World, label: str, actor: str, datatable):
    """The comments (not the system messages), newest first as the API gives them. A ``parent`` column
    is judged from Talk 10.0 on (docs/chat.md, "Parent data")."""
    if "parent" in rows(datatable)[0]:
        from steps.chat import require_release
        require_release(world, "10.0", "The parent of a reply")
    _compare_messages(world, label, [m for m in _history(world, actor, label) if not _system(m)], datatable)


@then(step('the system messages of "{label}" as {actor:Actor} sees them are:'))
def system_messages_are(world: World, label: str, actor: str, datatable):
    """The system messages, newest first."""
    _compare_messages(world, label, [m for m in _history(world, actor, label) if _system(m)], datatable)


# --- what a step did not write -----------------------------------------------------------------

def _newest(world: World, label: str) -> tuple[str, int]:
    for role in READERS:
        reply = world.call(role, "receiveMessages", room=label, lookIntoFuture=0, setReadMarker=0, limit=1)
        if reply.status in (200, 304):
            return role, (reply.data[0]["id"] if reply.status == 200 and reply.data else 0)
    raise AssertionError(f"none of {READERS} can read the chat of {label!r}")


@given(step('the chat of "{label}" is marked'))
@when(step('the chat of "{label}" is marked'))
def chat_marked(world: World, label: str):
    """A point in the chat: "since it was marked" steps look at what came after it."""
    world.marks[label] = _newest(world, label)


@then(step('no system message was written in "{label}" since it was marked'))
def no_system_message_since(world: World, label: str):
    assert label in world.marks, f'mark the chat first: "Given the chat of "{label}" is marked"'
    reader, mark = world.marks[label]
    written = [m.get("systemMessage") for m in _history(world, reader, label) if m["id"] > mark and _system(m)]
    assert not written, f"system messages were written in {label!r} since it was marked: {written}"


# --- mention suggestions -----------------------------------------------------------------------

@then(step('the mention suggestions for "{search:Quoted}" in "{label}" are exactly:'))
@then(step('the mention suggestions for "{search:Quoted}" in "{label}" as {actor:Actor} sees them are exactly:'))
def suggestions_are(world: World, search: str, label: str, datatable, actor: str = "owner"):
    """Exactly these suggestions (any order) among those the run controls: its accounts, guests and
    ``all`` (compared only where a row names ``id`` all). Columns: ``actor`` (a user by id, a guest by ``guest/<actorId>``), and fields (id, label,
    source)."""
    reply = world.call(actor, "getMentionSuggestions", room=label, search=search)
    assert reply.status == 200, f"{actor} cannot get mention suggestions in {label!r}: {reply.status}"
    ours = {a.user_id for a in world.target.accounts.values()}
    _, expected = rows(datatable)
    # ``all`` (Talk 20's @all of API v4) is compared only where a row names it.
    everyone = any(row.get("id") == "all" for row in expected)
    left = [s for s in reply.data if (s.get("source") == "users" and s.get("id") in ours)
            or s.get("source") == "guests" or (everyone and s.get("id") == "all")]
    wrong = []
    for row in expected:
        found = list(left)
        if row.get("actor"):  # an empty actor cell: a row by its fields alone (the `all` entry)
            role = _role(world, row["actor"])
            kind, actor_id = _actor_of(world, role, label)
            ident = ("users", actor_id) if kind == "users" else ("guests", f"guest/{actor_id}")
            found = [s for s in found if (s.get("source"), s.get("id")) == ident]
        found = [s for s in found if not _compare("", row, s)]
        if not found:
            wrong.append(f"no suggestion is {row}")
        else:
            left.remove(found[0])
    wrong += [f"also suggested: {s}" for s in left]
    assert not wrong, f"the mention suggestions for {search!r} in {label!r} differ:\n  " + "\n  ".join(wrong)
