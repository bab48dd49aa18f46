Feature: Reading the chat history
  GET /chat/{token} with lookIntoFuture=0 answers the newest messages first, 100 by default and 200
  at most; X-Chat-Last-Given is the lastKnownMessageId of the next page, and 304 Not Modified (no
  body) says there is nothing older (docs/chat.md; the Talk 3.2 API docs).

  Background:
    Given the owner has created a group conversation "team"
    And the user is a participant of "team"

  @fault:chat-limit-uncapped @fault:chat-history-oldest-first @fault:chat-limit-default-all
  @fault:chat-last-given-missing @fault:chat-last-known-repeated @fault:chat-empty-200
  Scenario: Paging through a long history returns every message once, newest first
    Given the owner has posted 250 messages to "team"
    When the user reads the chat of "team" with a limit of 500
    Then the response is 200 OK
    And the answer holds at most 200 messages, newest first
    When the user pages through the chat of "team"
    Then the first page holds 100 messages
    And every message posted to "team" came back exactly once, newest first
    And the paging ended with 304 Not Modified and no body

  @fault:chat-empty-200
  Scenario: Nothing older than the oldest message
    Given the owner has posted "The first words" to "team"
    When the user reads the chat of "team" before its oldest message
    Then the response is 304 Not Modified
    And the answer has no body

  @fault:chat-open-to-strangers
  Scenario: A user who is not a participant cannot read the chat
    When the stranger reads the chat of "team"
    Then the response is 404 Not Found

  @fault:chat-unknown-room-200
  Scenario: The chat of a conversation that does not exist cannot be read
    When the user reads the chat of a conversation that does not exist
    Then the response is 404 Not Found
