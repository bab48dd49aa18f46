Feature: Removing yourself from a conversation
  DELETE /room/{token}/participants/self leaves a conversation for good; the last moderator may not
  leave other users behind (docs/participant.md; "Remove yourself from a room" of the Talk 3.2 API docs).

  Background:
    Given the owner has created a group conversation "team"
    And the user is a participant of "team"

  @fault:remove-self-not-saved
  Scenario: A participant removes themself
    When the user removes themself from "team"
    Then the response is 200 OK
    And the user is no longer a participant of "team"

  @fault:last-moderator-may-leave
  Scenario: The last moderator cannot remove themself while other users stay
    When the owner removes themself from "team"
    Then the response is what the docs give when "there are no other moderators"
    And the participants of "team" hold the owner as type 1

  @fault:promote-not-saved
  Scenario: The owner may leave when a moderator stays
    Given the moderator is a moderator of "team"
    When the owner removes themself from "team"
    Then the response is 200 OK
    And the participants of "team" do not hold the owner

  @fault:remove-self-stranger-200
  Scenario: A user who is not a participant cannot remove themself
    When the stranger removes themself from "team"
    Then the response is 404 Not Found
    And the owner gets 404 Not Found when removing themself from a conversation that does not exist
