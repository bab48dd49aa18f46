Feature: Clearing the chat history
  Capability clear-history (Talk 12.1): "Whether chat API has the endpoint so moderators can clear the
  complete history of a chat" (docs/capabilities.md of Talk 21.1). DELETE /chat/{token} answers "200 OK -
  When deleting was successful" with "the new system message "You cleared the history of the
  conversation"" (`history_cleared`), "403 Forbidden When the user is not a moderator", "404 Not Found When
  the conversation could not be found for the participant", and the header `X-Chat-Last-Common-Read` (with
  `chat-read-status`) (docs/chat.md of Talk 21.1).

  Background:
    Given the owner has created a group conversation "team"
    And the moderator is a moderator of "team"
    And the user is a participant of "team"

  @capability:clear-history @fault:v4-clear-keeps-messages
  Scenario: A moderator clears the history
    Given the owner has posted "One" to "team"
    And the user has posted "Two" to "team"
    When the moderator clears the history of "team"
    Then the response is 200 OK
    And the response is the system message "history_cleared" by the moderator
    And the user sees none of the messages posted before in the chat of "team"

  @capability:clear-history @capability:chat-read-status @fault:v4-clear-without-common-read
  Scenario: Clearing the history tells the last common read
    Given the owner has posted "One" to "team"
    When the owner clears the history of "team"
    Then the response is 200 OK
    And the response tells the last common read

  @capability:clear-history @fault:v4-clear-by-non-moderator
  Scenario: A participant who is not a moderator cannot clear the history
    Given the owner has posted "Keep" to "team"
    When the user clears the history of "team"
    Then the response is 403 Forbidden
    And the owner sees the message "Keep" in the chat of "team"
