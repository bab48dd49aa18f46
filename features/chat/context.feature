@profile:v4:the-context-comes-with-api-v4 @capability:chat-get-context
Feature: A message's context
  GET /chat/{token}/{messageId}/context (docs/chat.md of Talk 21.1, capability `chat-get-context`, Talk 19):
  "Get the context of a message": the messages around it, up to `limit` "Number of chat messages to receive
  into each direction (50 by default, 100 at most)", with the message itself, newest first.

  Background:
    Given the owner has created a group conversation "team"
    And the user is a participant of "team"
    And the owner has posted "one" to "team"
    And the owner has posted "two" to "team"
    And the owner has posted "three" to "team"

  @fault:v4-context-without-message
  Scenario: A participant reads the messages around a message
    When the user asks for the context of "two" in "team"
    Then the response is 200 OK
    And the response holds "three", "two" and "one" of "team", newest first
