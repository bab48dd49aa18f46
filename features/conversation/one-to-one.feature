@theme:one-to-one
Feature: One-to-one conversations: their two owners and their lock
  A one-to-one conversation holds its creator and the invited user, both owners (docs/constants.md: type
  1 "owner"; the Talk 3.2 API docs: "`1` "one to one""). capabilities.md, `locked-one-to-one-rooms`
  (Talk 6.0): "One-to-one conversations are now locked to the users. Neither guests nor other
  participants can be added [...] If the other participant posts a new chat message or starts a call,
  the left-participant will be re-added." docs/participant.md of Talk 8.0 answers adding to a one-to-one
  "400 Bad Request When the conversation is a one-to-one conversation"; removing the partner, an owner,
  is "403 Forbidden When the participant to remove is an owner" (from Talk 8.0 also "400 Bad Request When
  the participant is a moderator or owner"); promoting or demoting an owner is the wrong participant type.

  Background:
    Given the owner has created a one-to-one conversation "chat" with the user

  @fault:one-to-one-invitee-missing
  Scenario: Both members of a one-to-one conversation are owners
    Then "chat" has these participants:
      | actor     | participantType |
      | the owner | OWNER           |
      | the user  | OWNER           |

  @fault:one-to-one-partner-removable
  Scenario: The partner of a one-to-one conversation cannot be removed
    When the owner removes the user from "chat"
    Then the response is one the docs give when "the participant to remove is an owner" or when "the participant is a moderator or owner"
    And the participants of "chat" hold the user as type 1

  @fault:promote-owner-allowed
  Scenario: The partner of a one-to-one conversation cannot be promoted
    When the owner promotes the user in "chat"
    Then the response is one the docs give when "the participant to promote is not a normal user" or when "the participant to remove is an owner"
    And the participants of "chat" hold the user as type 1

  @fault:demote-owner-allowed
  Scenario: The partner of a one-to-one conversation cannot be demoted
    When the owner demotes the user in "chat"
    Then the response is what the docs give when "the participant to demote is not a moderator"
    And the participants of "chat" hold the user as type 1

  @capability:locked-one-to-one-rooms @fault:one-to-one-add-allowed
  Scenario: A third user cannot be added to a locked one-to-one conversation
    When the owner adds the stranger to "chat"
    Then the response is what the docs give when "the conversation is a one-to-one conversation"
    And the participants of "chat" do not hold the stranger
    And the owner sees "chat" as a one-to-one conversation

  @beyond-the-docs @profile:v4:only-the-v4-docs-list-403-for-creating @fault:v4-one-to-one-with-yourself
  Scenario: Nobody starts a one-to-one conversation with themself
    # RoomController::createOneToOneRoom answers 403 (Talk's Behat conversation-1/one-to-one.feature).
    # openapi.json of Talk 21.1 lists 403 for creating ("Missing permissions", error `invite`) but says
    # not when; the v1 docs give creating no 403 at all.
    When the owner creates a one-to-one conversation "self" with the owner
    Then the response is 403 Forbidden

  @capability:locked-one-to-one-rooms @fault:one-to-one-left-stays-out
  Scenario: A chat message of the partner brings back the member who left
    When the user removes themself from "chat" with 200
    And the owner sends "Are you still there?" to "chat" with 201
    Then the user sees "chat" in the conversation list
    And the participants of "chat" hold the user as type 1

  @capability:locked-one-to-one-rooms @fault:one-to-one-left-stays-out
  Scenario: A call of the partner brings back the member who left
    Given the owner has joined "chat"
    When the user removes themself from "chat" with 200
    And the owner joins the call of "chat" with 200
    Then the user sees "chat" in the conversation list
    And the participants of "chat" hold the user as type 1

  @capability:locked-one-to-one-rooms @fault:one-to-one-duplicated
  Scenario: Asking again for a one-to-one conversation the partner left returns the same conversation
    When the user removes themself from "chat" with 200
    And the owner creates a one-to-one conversation "again" with the user with 200
    Then the response is the conversation "chat"
