Feature: Who is in a conversation: what Talk's own suite checks of its members
  Scenarios of Talk's integration suite (conversation/one-to-one.feature, remove-self.feature,
  join-leave.feature, delete-user.feature) that ours did not check yet, in the rooms they use.
  docs/participant.md: "404 Not Found When the conversation could not be found for the participant"; a
  one-to-one conversation is its two users' (docs/constants.md: type 1 "one to one").
  capabilities.md, `locked-one-to-one-rooms` (Talk 6.0): "One-to-one conversations are now locked to the
  users. [...] If the other participant posts a new chat message or starts a call, the left-participant
  will be re-added": the one who left is out, the partner keeps the conversation.
  "Leave a conversation (not available for call and chat anymore)" ends the session only; "Remove
  yourself from a conversation" leaves it for good (docs/participant.md).

  Background:
    Given the owner has created a one-to-one conversation "chat" with the user

  @theme:one-to-one @fault:stranger-sees-room
  Scenario: A user who is not invited cannot see a one-to-one conversation
    When the stranger gets "chat" with 404
    Then the stranger does not see "chat" in the conversation list

  @theme:one-to-one @capability:locked-one-to-one-rooms @fault:one-to-one-leave-deletes
  Scenario: A member who leaves a one-to-one conversation is no longer in it, the partner still is
    When the user removes themself from "chat" with 200
    Then the user does not see "chat" in the conversation list
    And the owner sees "chat" as a one-to-one conversation
    And the participants of "chat" do not hold the user

  @theme:one-to-one @fault:promote-absent-200
  Scenario: Promoting or demoting someone who is not in a one-to-one conversation
    When the owner promotes the stranger in "chat" with 404
    And the owner demotes the stranger in "chat" with 404
    Then the participants of "chat" do not hold the stranger

  @theme:one-to-one @fault:leave-keeps-session
  Scenario: A member leaves a one-to-one conversation and stays in it
    Given the user has joined "chat"
    When the user leaves "chat" with 200
    Then the user has no session in "chat"
    And the participants of "chat" hold the user as type 1

  @theme:removal-and-promotion @fault:remove-self-not-saved
  Scenario: The owner alone in a conversation removes themself
    Given the owner has created a public conversation "solo"
    When the owner removes themself from "solo" with 200
    Then the owner does not see "solo" in the conversation list

  @theme:user-deletion @fault:v4-deleted-user-keeps-authorship
  Scenario Outline: A deleted user's messages stay in a <kind> conversation, by deleted_users
    Given a newcomer has an account
    And the owner and the newcomer share a <kind> conversation "gone"
    And the newcomer has posted "Goodbye" to "gone"
    When the admin deletes the newcomer
    Then "Goodbye" in "gone" is by a deleted user as the owner sees it

    Examples:
      | kind       |
      | one-to-one |
      | public     |

  # RoomController::addParticipantToRoom of the v4 releases: "existing users with USER_SELF_JOINED will get
  # converted to regular USER participants" (Talk's suite: conversation/add-participant.feature). No doc
  # says; the code of the v1 releases was not read.
  @beyond-the-docs @profile:v4:only-the-code-of-the-v4-releases-was-read @theme:self-joined @fault:v4-added-self-joined-stays
  Scenario: A user who joined by the link and is then added becomes a normal user
    Given the owner has created a public conversation "open"
    And the stranger has joined "open"
    When the owner adds the stranger to "open" with 200
    Then the participants of "open" hold the stranger as type 3

  # docs/participant.md: "`newParticipant` | User, group, email or circle to add", "`source` | Source of the
  # participant(s)" (from Talk 5.0, `invite-groups-and-mails`): a group's users become participants.
  @capability:invite-groups-and-mails @fault:add-group-adds-nobody
  Scenario: The owner adds a group, whose users become participants
    Given the owner has created a public conversation "open"
    When the owner adds the test group to "open" with 200
    Then the participants of "open" hold the user as type 3
    And the participants of "open" hold the moderator as type 3
    And the user sees "open" in the conversation list

  # RoomController::removeParticipantFromRoom (v1) and removeAttendeeFromRoom (v4) hand a user naming themself
  # to "Remove yourself" (Talk's suite: conversation/remove-participant.feature); the docs refuse removing an
  # owner (403; from Talk 8.0 also 400) and say nothing of naming oneself.
  @beyond-the-docs @theme:removal-and-promotion @fault:remove-self-not-saved
  Scenario: Naming themself, the owner leaves a conversation a moderator stays in
    Given the owner has created a group conversation "team"
    And the moderator is a moderator of "team"
    When the owner removes the owner from "team" with 200
    Then the owner does not see "team" in the conversation list
    And the participants of "team" hold the moderator as type 2

  @beyond-the-docs @theme:removal-and-promotion @fault:remove-self-not-saved
  Scenario: Naming themself, the owner alone in a conversation leaves it
    Given the owner has created a public conversation "solo"
    When the owner removes the owner from "solo" with 200
    Then the owner does not see "solo" in the conversation list

  # The same conversion when the user comes with a group (RoomController::addParticipantToRoom of the v4
  # releases; Talk's suite: conversation/add-participant.feature, group-participants.feature). No doc says.
  @beyond-the-docs @profile:v4:only-the-code-of-the-v4-releases-was-read @capability:invite-groups-and-mails @theme:self-joined @fault:v4-added-self-joined-stays
  Scenario: A user who joined by the link and is then added with their group becomes a normal user
    Given the owner has created a public conversation "open"
    And the user has joined "open"
    When the owner adds the test group to "open" with 200
    Then the participants of "open" hold the user as type 3
    And the participants of "open" hold the moderator as type 3
