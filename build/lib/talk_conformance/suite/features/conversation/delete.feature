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
