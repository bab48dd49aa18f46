@theme:removal-and-promotion
Feature: Removing a participant
  DELETE /room/{token}/participants removes a user; only moderators and the owner may, and nobody
  removes the owner (docs/participant.md; "Delete a participant from a room" of the Talk 3.2 API docs).
  docs/participant.md of Talk 8.0 also refuses to remove a moderator: "400 Bad Request When the
  participant is a moderator or owner". Where two documented conditions hold at once, either answer
  conforms.

  Background:
    Given the owner has created a group conversation "team"
    And the moderator is a moderator of "team"
    And the user is a participant of "team"

  @fault:remove-not-saved
  Scenario: The owner removes a user
    When the owner removes the user from "team"
    Then the response is 200 OK
    And the user is no longer a participant of "team"
    And the user does not see "team" in the conversation list

  @fault:remove-by-non-moderator
  Scenario: A user who is not a moderator cannot remove anyone
    When the user removes the moderator from "team"
    Then the response is 403 Forbidden
    And the participants of "team" hold the moderator as type 2

  @fault:remove-owner-allowed
  Scenario: Nobody removes the owner
    When the moderator removes the owner from "team"
    Then the response is one the docs give when "the participant to remove is an owner" or when "the participant is a moderator or owner"
    And the participants of "team" hold the owner as type 1

  @fault:remove-moderator-allowed
  Scenario: A moderator is not removed
    When the owner removes the moderator from "team"
    Then the response is what the docs give when "the participant is a moderator or owner"
    And the participants of "team" hold the moderator as type 2

  @fault:remove-unknown-200
  Scenario: Removing someone who is not a participant
    When the owner removes the stranger from "team"
    Then the response is 404 Not Found

  @fault:strangers-get-403
  Scenario: A user who is not a participant cannot remove anyone
    When the stranger removes the user from "team"
    Then the response is 404 Not Found
    And the participants of "team" hold the user as type 3
    And the owner gets 404 Not Found when removing the user from a conversation that does not exist

  @fault:last-moderator-may-leave
  Scenario: The last moderator cannot remove themself while others stay
    Given the owner has created a group conversation "solo"
    And the user is a participant of "solo"
    When the owner removes the owner from "solo"
    Then the response is what the docs give when "there are no other moderators"
    And the participants of "solo" hold the owner as type 1
