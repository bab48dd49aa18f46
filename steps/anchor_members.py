"""Steps of the conversation members' anchor scenarios (features/conversation/anchor_conversation-members.feature):
adding the run's test group (its members: the moderator and the user) to a conversation."""

from __future__ import annotations

from steps.common import World, action


@action('{actor:Actor} adds the test group to "{label}"')
def adds_test_group(world: World, actor: str, label: str):
    world.act(actor, "addParticipant", room=label, newParticipant=world.target.group_id, source="groups")
