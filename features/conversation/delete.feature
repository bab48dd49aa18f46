Feature: Deleting a conversation
  DELETE /room/{token} deletes the conversation for everybody; only moderators and the owner may
  (docs/conversation.md).

  Background:
    Given the owner has created a group conversation "team"
    And the moderator is a moderator of "team"
    And the user is a participant of "team"

  @fault:delete-not-saved
  Scenario: The owner deletes the conversation
    When the owner deletes "team"
    Then the response is 200 OK
    And "team" no longer exists for the user

  @fault:delete-not-saved @fault:moderators-are-plain-users
  Scenario: A moderator deletes the conversation
    When the moderator deletes "team"
    Then the response is 200 OK
    And "team" no longer exists for the owner

  @fault:delete-by-non-moderator
  Scenario: A user who is not a moderator cannot delete
    When the user deletes "team"
    Then the response is 403 Forbidden
    And the owner sees "team" named "team"

  @fault:strangers-get-403
  Scenario: A user who is not a participant cannot delete
    When the stranger deletes "team"
    Then the response is 404 Not Found
    And the owner sees "team" named "team"

  @fault:unknown-room-200
  Scenario: A conversation that does not exist cannot be deleted
    Then the owner gets 404 Not Found when deleting a conversation that does not exist

  @fault:self-joined-are-moderators
  Scenario: A user who joined a public conversation by its link cannot delete it
    Given the owner has created a public conversation "open"
    And the stranger has joined "open"
    When the stranger deletes "open"
    Then the response is 403 Forbidden
    And the owner sees "open" named "open"

  @fault:guests-are-moderators
  Scenario: A guest cannot delete
    Given the owner has created a public conversation "open"
    And the guest has joined "open"
    When the guest deletes "open"
    Then the response is 403 Forbidden
    And the owner sees "open" named "open"

  @fault:delete-one-to-one-allowed @theme:one-to-one
  Scenario: A one-to-one conversation cannot be deleted
    # docs/conversation.md of Talk 8.0: "400 Bad Request When the conversation is a one-to-one
    # conversation (Use [Remove yourself from a conversation] instead)". Earlier docs give no answer.
    Given the owner has created a one-to-one conversation "chat" with the user
    When the owner deletes "chat"
    Then the response is what the docs give when "the conversation is a one-to-one conversation"
    And the user sees "chat" in the conversation list
