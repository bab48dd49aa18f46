"""Mention autocomplete (docs/chat.md "Get mention autocomplete suggestions" of each release): who is
suggested to a participant, and how; the whole conversation (`@all`, source `calls`) is the v4
moderation module's, as mention-permissions decides it."""

from __future__ import annotations

from talk_refserver import crypto, messages
from talk_refserver import membership as m
from talk_refserver.chat import CHAT_PARTICIPANT
from talk_refserver.faults import fault
from talk_refserver.guards import LOBBY
from talk_refserver.ocs import OcsError
from talk_refserver.routing import Ctx, op

MENTION_LIMIT = 20

MENTIONS_OFFER_STRANGERS = fault(
    "mentions-offer-strangers", "mention suggestions include users who are not participants of the conversation")
MENTION_LIMIT_IGNORED = fault(
    "mention-limit-ignored", "mention suggestions ignore limit, as real Talk 11 servers do (docs: honoured)")
MENTIONS_OFFER_CALLER = fault(
    "mentions-offer-caller", "the caller is among their own mention suggestions (Talk's code leaves them out)")
MENTIONS_SEARCH_IGNORED = fault(
    "mentions-search-ignored", "mention suggestions ignore `search`: every participant is offered, whatever matches")
MENTIONS_WITHOUT_GUESTS = fault(
    "mentions-without-guests", "guests are never suggested (docs/chat.md from Talk 8.0: source `guests`)", since="8.0")
MENTIONS_GUEST_LABEL_GUEST = fault(
    "mentions-guest-label-guest", "a guest's suggestion is labelled 'Guest', not with the name the guest chose "
    "(docs/chat.md from Talk 8.0: `label` the display name)", since="8.0")
# Depth of issue 19 (spreed's chat/mentions.feature): every participant, whatever their type, is suggested.
MENTIONS_WITHOUT_OWNERS = fault(
    "mentions-without-owners", "owners are never suggested (so neither partner of a one-to-one conversation is); "
    "docs: the participants matching the search")
MENTIONS_WITHOUT_SELF_JOINED = fault(
    "mentions-without-self-joined", "users who joined a public conversation by its link are never suggested; docs: "
    "the participants matching the search")
MENTIONS_IN_READ_ONLY = fault(
    "mentions-in-read-only", "a read-only conversation still gives mention suggestions, 200 (docs from Talk 8.0: 403)",
    since="8.0")


@op("getMentionSuggestions", api=("v1", "v4"), guard=(CHAT_PARTICIPANT, LOBBY))
def get_mention_suggestions(ctx: Ctx):
    # docs/chat.md from Talk 8.0: 403 in a read-only conversation (Talk 7's docs give none).
    if ctx.since("8.0") and ctx.room["read_only"] == 1 and not ctx.faults.active(MENTIONS_IN_READ_ONLY):
        raise OcsError(403)
    search = "" if ctx.faults.active(MENTIONS_SEARCH_IGNORED) else ctx.params.str("search").lower()
    limit = ctx.params.int("limit", MENTION_LIMIT)
    participants = ctx.repo.participants.of_room(ctx.room["id"])
    if ctx.faults.active(MENTIONS_OFFER_STRANGERS):
        uids = ctx.repo.users.search("", 0, 0)
    else:
        left_out = {m.OWNER} if ctx.faults.active(MENTIONS_WITHOUT_OWNERS) else set()
        if ctx.faults.active(MENTIONS_WITHOUT_SELF_JOINED):
            left_out.add(m.SELF_JOINED)
        uids = [p["user_id"] for p in participants if p["user_id"] and p["participant_type"] not in left_out]
    from talk_refserver.v4 import moderation  # `@all`: source `calls` (docs/chat.md from Talk 8.0)

    found = moderation.everyone_suggestion(ctx, search)
    for uid in sorted(set(uids)):
        if uid == ctx.caller.user_id and not ctx.faults.active(MENTIONS_OFFER_CALLER):
            continue  # nobody mentions themself
        label = messages.display_name(ctx, uid) or uid
        if search in uid.lower() or search in label.lower():
            found.append({"id": uid, "label": label, "source": "users"})
            if "federation-v1" in ctx.features:
                # docs/chat.md of Talk 21.1: "mentionId ... Only available with federation-v1 capability";
                # a local user is mentioned by their id.
                found[-1]["mentionId"] = uid
    if ctx.since("8.0") and not ctx.faults.active(MENTIONS_WITHOUT_GUESTS):
        found += _guest_suggestions(ctx, participants, search)
    return found if ctx.faults.active(MENTION_LIMIT_IGNORED) else found[:max(0, limit)]


def _guest_suggestions(ctx: Ctx, participants: list[dict], search: str) -> list[dict]:
    """The guests with a session, as `guest/<actorId>` labelled with the name they chose ("Guest" without
    one): docs/chat.md of Talk 8.0 (source `guests`, ids quoted as `@"guest/random-string"`)."""
    found = []
    for p in participants:
        if p["user_id"] or not p["guest_cookie"] or p["session_id"] == "0":
            continue
        if p["guest_cookie"] == ctx.caller.cookie and not ctx.faults.active(MENTIONS_OFFER_CALLER):
            continue
        actor_id = messages.guest_actor_id(ctx, p)
        name = messages.guest_name(ctx, crypto.sha1(p["session_id"])) or messages.guest_name(ctx, actor_id)
        label = "Guest" if ctx.faults.active(MENTIONS_GUEST_LABEL_GUEST) or not name else name
        if search in label.lower() or search in actor_id:
            found.append({"id": f"guest/{actor_id}", "label": label, "source": "guests"})
            if "federation-v1" in ctx.features:
                found[-1]["mentionId"] = f"guest/{actor_id}"
    return found
