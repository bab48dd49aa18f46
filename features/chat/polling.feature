Feature: Waiting for new chat messages
  GET /chat/{token} with lookIntoFuture=1 holds the request until a message newer than
  lastKnownMessageId arrives, or answers 304 Not Modified after `timeout` seconds (docs/chat.md; the
  Talk 3.2 API docs). Several actors posting at once lose nothing and get nothing twice.

  Background:
    Given the owner has created a group conversation "team"
    And the moderator is a participant of "team"
    And the user is a participant of "team"

  @fault:chat-poll-answers-at-once @fault:chat-poll-ignores-timeout @fault:chat-poll-sleeps-through
  Scenario: A long poll waits out its timeout, and a message posted meanwhile ends another at once
    Given the user is waiting for new messages in "team"
    When the owner waits 1 seconds for new messages in "team"
    Then the response is 304 Not Modified
    And the answer has no body
    And the server held the answer for about that long
    When the moderator posts "Are you there?" to "team" meanwhile
    Then the wait of the user ends promptly with "Are you there?"

  @fault:chat-poll-answers-at-once @fault:chat-poll-sleeps-through
  Scenario: A guest waiting in a public conversation gets a message posted meanwhile
    Given the owner has made "team" public
    And the guest has joined "team"
    And the guest is waiting for new messages in "team"
    When the owner waits 1 seconds for new messages in "team"
    Then the response is 304 Not Modified
    When the user posts "Welcome, guest" to "team" meanwhile
    Then the wait of the guest ends promptly with "Welcome, guest"

  @fault:chat-poll-skips-messages @fault:chat-last-known-repeated
  Scenario: Messages posted at the same time reach every listener once and in order
    Given the moderator listens to "team"
    And the user listens to "team"
    When the owner, the moderator and the user each post 10 messages to "team" at the same time
    Then every listener got every message posted to "team" exactly once, in order
    And the chat of "team" holds every message posted to it exactly once, in order
