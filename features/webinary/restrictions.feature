Feature: What read-only and the lobby forbid
  capabilities.md: read-only "means people can not do calls or write chat messages". docs/webinary.md:
  while the lobby is on "Only moderators can start/join a call" and "Only moderators can read and write
  chat messages". The statuses are those of docs/chat.md and docs/call.md of later releases, for the v1
  API: "403 Forbidden When the conversation is read-only", "412 Precondition Failed When the lobby is
  active and the user is not a moderator". docs/chat.md of Talk 8.0 gives mention suggestions 403 in a
  read-only conversation too; deleting a message (Talk 11.1) is refused by both (docs/chat.md of Talk
  11.3.6).

  Background:
    Given the owner has created a public conversation "room"
    And the moderator is a moderator of "room"
    And the user is a participant of "room"
    And the user has joined "room"
    And the moderator has joined "room"

  @capability:read-only-rooms @fault:read-only-accepts-chat
  Scenario: Nobody writes in a read-only conversation
    Given the owner has made "room" read-only
    When the moderator tries to send a message to "room"
    Then the response is 403 Forbidden

  @capability:read-only-rooms @fault:read-only-accepts-calls
  Scenario: Nobody starts a call in a read-only conversation
    Given the owner has made "room" read-only
    When the user tries to join the call of "room"
    Then the response is 403 Forbidden

  @capability:read-only-rooms @fault:read-only-hides-chat
  Scenario: A read-only conversation can still be read
    Given the owner has made "room" read-only
    When the user tries to read the chat of "room"
    Then the response is 200 OK

  @capability:webinary-lobby @fault:lobby-ignored
  Scenario: A user held in the lobby cannot read the chat
    Given the owner has closed the lobby of "room"
    When the user tries to read the chat of "room"
    Then the response is 412 Precondition Failed

  @capability:webinary-lobby @fault:lobby-ignored
  Scenario: A user held in the lobby cannot write in the chat
    Given the owner has closed the lobby of "room"
    When the user tries to send a message to "room"
    Then the response is 412 Precondition Failed

  @capability:webinary-lobby @fault:lobby-ignored
  Scenario: A user held in the lobby cannot join the call
    Given the owner has closed the lobby of "room"
    When the user tries to join the call of "room"
    Then the response is 412 Precondition Failed

  @capability:webinary-lobby @fault:lobby-holds-moderators
  Scenario: A moderator writes in the chat while the lobby is on
    Given the owner has closed the lobby of "room"
    When the moderator tries to send a message to "room"
    Then the response is 201 Created

  @capability:webinary-lobby @fault:lobby-holds-moderators
  Scenario: A moderator joins the call while the lobby is on
    Given the owner has closed the lobby of "room"
    When the moderator tries to join the call of "room"
    Then the response is 200 OK

  @capability:webinary-lobby @fault:lobby-ignored
  Scenario: A user held in the lobby gets no mention suggestions
    Given the owner has closed the lobby of "room"
    When the user tries to ask for mention suggestions in "room"
    Then the response is 412 Precondition Failed

  @capability:webinary-lobby @fault:lobby-ignored
  Scenario: A user held in the lobby cannot see who is in the call
    Given the owner has closed the lobby of "room"
    When the user tries to list who is in the call of "room"
    Then the response is 412 Precondition Failed

  @capability:webinary-lobby @fault:lobby-ignored
  Scenario: A user held in the lobby cannot leave a call either
    Given the owner has closed the lobby of "room"
    When the user tries to leave the call of "room"
    Then the response is 412 Precondition Failed


  @capability:read-only-rooms @fault:mentions-in-read-only
  Scenario: A read-only conversation gives no mention suggestions
    Given the owner has made "room" read-only
    When the user tries to ask for mention suggestions in "room"
    Then the response is what the docs give when "the conversation is read-only"

  @capability:delete-messages @fault:delete-in-read-only
  Scenario: Nobody deletes a message in a read-only conversation
    Given the owner has posted "Locked in" to "room"
    And the owner has made "room" read-only
    When the owner deletes the message "Locked in" in "room"
    Then the response is 403 Forbidden

  @capability:delete-messages @fault:lobby-ignored
  Scenario: A user held in the lobby cannot delete their message
    Given the user has posted "Before the lobby" to "room"
    And the owner has closed the lobby of "room"
    When the user deletes the message "Before the lobby" in "room"
    Then the response is 412 Precondition Failed
