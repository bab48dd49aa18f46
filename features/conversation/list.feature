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

  @fault:talk-hash-missing @fault:talk-hash-unstable
  Scenario: The conversation list carries the hash of the server's configuration
    # docs/conversation.md of Talk 10.0: "`X-Nextcloud-Talk-Hash` | string | Sha1 value over some config".
    Given the owner has created a group conversation "team"
    When the owner lists the conversations
    Then the response is 200 OK
    And the response carries the configuration hash, the same as another request gets
