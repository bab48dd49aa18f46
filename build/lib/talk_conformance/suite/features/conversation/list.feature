Feature: Listing the user's conversations
  GET /room lists the conversations the user takes part in (docs/conversation.md).

  @fault:room-list-leaks @fault:room-list-missing @fault:room-shape
  Scenario: The list holds the conversations the user takes part in, and no others
    Given the owner has created a group conversation "team"
    And the user is a participant of "team"
    When the user lists the conversations
    Then the response is 200 OK
    And the user sees "team" in the conversation list
    And the stranger does not see "team" in the conversation list

  @fault:anonymous-room-list
  Scenario: Someone not logged in cannot list conversations
    When someone not logged in lists the conversations
    Then the response is 401 Unauthorized
