Feature: Adding a participant
  POST /room/{token}/participants adds a user (or, with `source`, a group or an email) to a
  conversation; only moderators and the owner may (docs/participant.md; "Add a participant to a room"
  of the Talk 3.2 API docs).

  Background:
    Given the owner has created a group conversation "team"
    And the moderator is a moderator of "team"
    And the user is a participant of "team"

  @fault:add-not-saved @fault:moderators-are-plain-users
  Scenario: A moderator adds a user
    When the moderator adds the stranger to "team"
    Then the response is 200 OK
    And the participants of "team" hold the stranger as type 3
    And the stranger sees "team" in the conversation list

  @fault:add-by-non-moderator
  Scenario: A user who is not a moderator cannot add participants
    When the user adds the stranger to "team"
    Then the response is 403 Forbidden
    And the participants of "team" do not hold the stranger

  @fault:strangers-get-403
  Scenario: A user who is not a participant cannot add participants
    When the stranger adds the user to "team"
    Then the response is 404 Not Found
    And the owner gets 404 Not Found when adding the user to a conversation that does not exist

  @fault:guests-are-moderators
  Scenario: A guest cannot add participants
    Given the owner has created a public conversation "open"
    And the guest has joined "open"
    When the guest adds the stranger to "open"
    Then the response is 403 Forbidden
    And the participants of "open" do not hold the stranger

  @fault:add-unknown-user
  Scenario: Adding a user who does not exist
    When the owner adds a user who does not exist to "team"
    Then the response is 404 Not Found

  @capability:invite-groups-and-mails @fault:add-unknown-user
  Scenario: Adding a group that does not exist
    When the owner adds a group that does not exist to "team"
    Then the response is 404 Not Found

  @capability:invite-groups-and-mails @fault:add-unknown-source
  Scenario: An unknown source is refused
    When the owner adds the stranger to "team" from the source "nowhere"
    Then the response is 400 Bad Request
    And the participants of "team" do not hold the stranger

  @without-capability:locked-one-to-one-rooms @fault:one-to-one-add-keeps-type @theme:one-to-one
  Scenario: Adding a third user to a one-to-one conversation makes it a group conversation
    Given the owner has created a one-to-one conversation "chat" with the user
    When the owner adds the stranger to "chat"
    Then the response is 200 OK
    And the response gives the new conversation type group
    And the stranger sees "chat" as a group conversation
