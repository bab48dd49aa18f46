Feature: Chat message objects
  Each message has at least id, token, actorType, actorId, actorDisplayName, timestamp (seconds, UTC),
  message and messageParameters as a Rich Object String (a mention of a user becomes a placeholder
  with a parameter of type user), systemMessage (capability system-messages) and messageType (the
  Talk 7.0 docs); the server writes system messages (docs/chat.md).

  Background:
    Given the owner has created a group conversation "team"
    And the user is a participant of "team"

  @fault:chat-timestamp-milliseconds @fault:chat-message-not-saved
  Scenario: A message names its author, its conversation and its time
    Given the owner has posted "Good morning" to "team"
    Then the user sees "Good morning" by the owner in the chat of "team"

  @capability:chat-v2 @fault:mention-parameters-missing
  Scenario: A mention of a participant becomes a user placeholder
    When the owner sends a message mentioning the user to "team"
    Then the response is 201 Created
    And the user sees the mention of the user as a user placeholder in the chat of "team"

  @capability:system-messages @fault:system-messages-missing
  Scenario: A new conversation, an added participant and a new name write system messages
    When the owner renames "team" to "Renamed team"
    Then the response is 200 OK
    And the chat of "team" has the system message "conversation_created"
    And the chat of "team" has the system message "user_added" about the user
    And the chat of "team" has the system message "conversation_renamed"
