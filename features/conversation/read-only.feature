@theme:read-only @capability:read-only-rooms
Feature: Read-only conversations
  PUT /room/{token}/read-only sets the state of a conversation, 0 read-write or 1 read-only; only
  moderators and the owner may, and only in group and public conversations (docs/conversation.md).
  capabilities.md: "Conversations can be in `read-only` mode which means people can not do calls or
  write chat messages." The room's `readOnly` is the state.

  Background:
    Given the owner has created a group conversation "team"
    And the moderator is a moderator of "team"
    And the user is a participant of "team"

  @fault:read-only-not-saved
  Scenario: The owner makes a conversation read-only
    When the owner makes "team" read-only
    Then the response is 200 OK
    And the user sees "team" as read-only

  @fault:moderators-are-plain-users @fault:read-only-not-saved
  Scenario: A moderator makes a conversation read-only
    When the moderator makes "team" read-only
    Then the response is 200 OK
    And the owner sees "team" as read-only

  @fault:read-only-stuck
  Scenario: The owner makes a read-only conversation read-write again
    Given the owner has made "team" read-only
    When the owner makes "team" read-write
    Then the response is 200 OK
    And the user sees "team" as read-write

  @fault:read-only-by-non-moderator
  Scenario: A user who is not a moderator cannot make a conversation read-only
    When the user makes "team" read-only
    Then the response is 403 Forbidden
    And the owner sees "team" as read-write

  @fault:strangers-get-403
  Scenario: A user who is not a participant cannot make a conversation read-only
    When the stranger makes "team" read-only
    Then the response is 404 Not Found
    And the owner sees "team" as read-write

  @fault:unknown-room-200
  Scenario: A conversation that does not exist cannot be made read-only
    When the owner makes a conversation that does not exist read-only
    Then the response is 404 Not Found

  @fault:read-only-on-one-to-one @theme:one-to-one
  Scenario: A one-to-one conversation does not support read-only
    Given the owner has created a one-to-one conversation "chat" with the user
    When the owner makes "chat" read-only
    # Both documented conditions hold: the type "does not support read-only" (400) and "the conversation
    # is not a public conversation" (403): either answer is the docs'.
    Then the response is one of the answers the docs give when "the conversation type does not support read-only" and when "the conversation is not a public conversation"
    And the owner sees "chat" as read-write
