@capability:notification-levels
Feature: Notification levels
  POST /room/{token}/notify sets the caller's notification level, "one of `Participant::NOTIFY_*`
  (1-3)"; "400 Bad Request When the the given level is invalid"; "404 Not Found When the conversation
  could not be found for the participant or the participant is a guest"; `notificationLevel` is "The
  notification level for the user" (docs/conversation.md of Talk 7.0). From Talk 8.0 a guest gets "401
  Unauthorized When the participant is a guest" (docs/conversation.md of Talk 8.0).

  Background:
    Given the owner has created a public conversation "team"
    And the user is a participant of "team"

  @fault:notification-level-not-stored
  Scenario Outline: A participant sets a notification level
    When the user sets the notification level of "team" to <level>
    Then the response is 200 OK
    And the user sees the notification level of "team" as <level>

    Examples:
      | level |
      | 1     |
      | 3     |

  @fault:notification-level-for-everybody
  Scenario: One user's notification level is not another's
    Given the owner has set the notification level of "team" to 1
    When the user sets the notification level of "team" to 3
    Then the response is 200 OK
    And the owner does not see the notification level of "team" as 3

  @fault:notification-level-unchecked
  Scenario: A level above 3 is invalid
    When the user sets the notification level of "team" to 4
    Then the response is 400 Bad Request

  @fault:notification-level-unchecked
  Scenario: Level 0 is invalid where the docs give the levels 1-3
    # From Talk 8.0 the docs give `level` as "See Participant notification levels", which lists "`0`
    # Default (`1` for one-to-one conversations, `2` for other conversations)".
    When the user sets the notification level of "team" to 0
    Then the response is what the docs give when "the level is not one of 1-3"

  @fault:notification-level-default-refused
  Scenario: A participant goes back to the default notification level
    # docs/constants.md of Talk 8.0: "`0` Default (`1` for one-to-one conversations, `2` for other
    # conversations)".
    Given the user has set the notification level of "team" to 3
    When the user sets the notification level of "team" to the default
    Then the response is 200 OK
    And the user sees the notification level of "team" as 2

  @fault:settings-strangers-403
  Scenario: A user who is not a participant cannot set a notification level
    When the stranger sets the notification level of "team" to 1
    Then the response is 404 Not Found

  @fault:unknown-room-200
  Scenario: A conversation that does not exist has no notification level
    When the owner sets the notification level of a conversation that does not exist to 1
    Then the response is 404 Not Found

  @fault:settings-guests-401 @fault:settings-guests-404
  Scenario: A guest cannot set a notification level
    Given the guest has joined "team"
    When the guest sets the notification level of "team" to 1
    Then the response is what the docs give when "the participant is a guest"
