@theme:message-deletion
Feature: Deleting chat messages
  Capability delete-messages (Talk 11.1): DELETE /chat/{token}/{messageId} answers "200 OK - When
  deleting was successful" with the system message "message_deleted", whose parent "is the object of
  the deleted message with the replaced text", `messageType` `comment_deleted`; "403 Forbidden When the
  message is not from the current user and the user not a moderator", "404 Not Found When the
  conversation or chat message could not be found for the participant", "405 Method Not Allowed When the
  message is not a normal chat message" (docs/chat.md of Talk 11.3.6). The docs list no status for
  guests; real servers answer them 401 (known deviation delete-message-guest-401).

  Background:
    Given the owner has created a group conversation "team"
    And the moderator is a moderator of "team"
    And the user is a participant of "team"

  @capability:delete-messages @fault:delete-not-deleted @fault:delete-answer-without-parent
  Scenario: The author deletes their message
    Given the user has posted "Oops" to "team"
    When the user deletes the message "Oops" in "team"
    Then the response is 200 OK
    And the response is the system message "message_deleted" with the deleted message as its parent
    And the owner sees "Oops" deleted in the chat of "team"

  @capability:delete-messages @fault:delete-by-moderator-refused
  Scenario: A moderator deletes a participant's message
    Given the user has posted "Off topic" to "team"
    When the moderator deletes the message "Off topic" in "team"
    Then the response is 200 OK
    And the owner sees "Off topic" deleted in the chat of "team"

  @capability:delete-messages @fault:delete-others-messages
  Scenario: A participant cannot delete another's message
    Given the moderator has posted "Mine" to "team"
    When the user deletes the message "Mine" in "team"
    Then the response is 403 Forbidden
    And the owner sees the message "Mine" in the chat of "team"

  @capability:delete-messages @capability:system-messages @fault:delete-system-message
  Scenario: A system message cannot be deleted
    When the owner deletes the system message "conversation_created" in "team"
    Then the response is 405 Method Not Allowed

  @capability:delete-messages @fault:delete-unknown-message-200
  Scenario: A message of another conversation cannot be deleted here
    Given the owner has created a group conversation "other"
    And the owner has posted "Elsewhere" to "other"
    When the owner deletes the message "Elsewhere" of "other" in "team"
    Then the response is 404 Not Found

  @capability:delete-messages @fault:delete-message-guest-401
  Scenario: A guest deletes their own message
    Given the owner has made "team" public
    And the guest has joined "team"
    And the guest has posted "Sorry, wrong room" to "team"
    When the guest deletes the message "Sorry, wrong room" in "team"
    Then the response is 200 OK
