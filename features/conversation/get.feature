Feature: Getting a single conversation
  GET /room/{token} returns one conversation, also for guests (docs/conversation.md).

  @fault:room-shape @fault:statuscode-mismatch
  Scenario: A participant gets the conversation
    Given the owner has created a group conversation "team"
    And the user is a participant of "team"
    When the user gets "team"
    Then the response is 200 OK
    And the user is a participant of "team" of type 3

  @fault:guest-cannot-get-room
  Scenario: A guest gets a public conversation they joined
    Given the owner has created a public conversation "open"
    And the guest has joined "open"
    When the guest gets "open"
    Then the response is 200 OK
    And the guest is a participant of "open" of type 4

  @fault:stranger-sees-room
  Scenario: A user who is not a participant cannot get a group conversation
    Given the owner has created a group conversation "team"
    When the stranger gets "team"
    Then the response is 404 Not Found

  @fault:stranger-sees-room
  Scenario: A guest cannot get a group conversation
    Given the owner has created a group conversation "team"
    When the guest gets "team"
    Then the response is 404 Not Found

  @fault:unknown-room-200
  Scenario: A conversation that does not exist is not found
    When the owner gets a conversation that does not exist
    Then the response is 404 Not Found

  # v1 only: docs/conversation.md of Talk 21.1 (API v4): "`count` | int | v1 | v2 | **Removed:** Count the
  # users on the [Get list of participants in a conversation] endpoint".
  @profile:v1 @fault:count-not-zero
  Scenario: The count of active users is always 0
    # docs/conversation.md of Talk 9.0, for the v1 API: "`count` | int | Deprecated: ~~Number of active
    # users~~ - always returns `0`".
    Given the owner has created a group conversation "team"
    And the user is a participant of "team"
    When the user joins "team"
    Then the response is 200 OK
    And the user sees the count of "team" as 0 in the answer, in the conversation list and in the conversation

  @fault:talk-hash-missing @fault:talk-hash-unstable
  Scenario: The conversation carries the hash of the server's configuration
    # docs/conversation.md of Talk 10.0: "`X-Nextcloud-Talk-Hash` | string | Sha1 value over some config.
    # When you receive a different value on subsequent requests, the capabilities and the signaling
    # settings should be refreshed."
    Given the owner has created a group conversation "team"
    When the owner gets "team"
    Then the response is 200 OK
    And the response carries the configuration hash, the same as another request gets
