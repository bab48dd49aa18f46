Feature: Listing the participants of a conversation
  GET /room/{token}/participants lists who takes part: userId, displayName, participantType, lastPing
  and sessionId for each (docs/participant.md; "Get list of participants in a room" of the Talk 3.2
  API docs). Only participants get the list; from Talk 8.0 not guests ("403 Forbidden When the
  participant is a guest", docs/participant.md of Talk 8.0), and from Talk 10.0 `includeStatus` adds
  the users' status.

  Background:
    Given the owner has created a group conversation "team"
    And the moderator is a moderator of "team"
    And the user is a participant of "team"

  @fault:promote-not-saved
  Scenario: A participant lists the participants
    When the user lists the participants of "team"
    Then the response is 200 OK
    And the participants of "team" hold the owner as type 1
    And the participants of "team" hold the moderator as type 2
    And the participants of "team" hold the user as type 3
    And the participants of "team" do not hold the stranger

  @fault:participant-list-for-strangers
  Scenario: A user who is not a participant cannot list the participants
    When the stranger lists the participants of "team"
    Then the response is 404 Not Found
    And the stranger gets 404 Not Found when listing the participants of a conversation that does not exist

  @fault:participant-list-guests-other-release
  Scenario: A guest asks for the participants of a public conversation they joined
    Given the owner has created a public conversation "open"
    And the guest has joined "open"
    When the guest lists the participants of "open"
    Then the response is what the docs give when "the participant is a guest"
    And the participants of "open" hold the guest as type 4

  @fault:include-status-refused
  Scenario: A participant lists the participants with their status
    When the user lists the participants of "team" with their status
    Then the response is 200 OK
    And the participants of "team" hold the user as type 3
    And the participants of "team" hold the owner as type 1
