@profile:v4:these-settings-come-with-api-v4
Feature: Call notifications, message expiration and recording consent
  docs/conversation.md of Talk 21.1. "Set notification level for calls" (capability `notification-calls`):
  `level` "The call notification level for the user (See Participant call notification levels)", 0 off and
  1 on (docs/constants.md), "400 Bad Request When the given level is invalid". "Set message expiration"
  (capability `message-expiration`): `seconds` "The messages expiration in seconds. If is zero, messages will
  not be deleted automatically.", "400 Bad Request Invalid value", "403 Forbidden When the current user is not
  a moderator, owner or guest moderator". "Set recording consent" (capability `recording-consent`):
  `recordingConsent` "Only `0` and `1` from the constants are allowed here", "400 Bad Request When the consent
  value is invalid", "403 Forbidden When the current user is not a moderator/owner". The conversation's
  `notificationCalls`, `messageExpiration` and `recordingConsent` tell the setting (docs/conversation.md).

  Background:
    Given the owner has created a group conversation "team"
    And the user is a participant of "team"

  @capability:notification-calls @fault:v4-settings-not-saved
  Scenario: A participant turns off the call notifications
    When the user sets the call notifications of "team" to 0
    Then the response is 200 OK
    And the user sees the call notifications of "team" as 0

  @capability:notification-calls @fault:v4-setting-values-unchecked
  Scenario: An unknown call notification level is refused
    When the user sets the call notifications of "team" to 7
    Then the response is 400 Bad Request
    And the user sees the call notifications of "team" as 1

  @capability:message-expiration @fault:v4-settings-not-saved
  Scenario: A moderator sets the message expiration
    When the owner sets the message expiration of "team" to 3600 seconds
    Then the response is 200 OK
    And the user sees the message expiration of "team" as 3600 seconds

  @capability:message-expiration @fault:v4-setting-values-unchecked
  Scenario: A negative message expiration is refused
    When the owner sets the message expiration of "team" to -5 seconds
    Then the response is 400 Bad Request
    And the user sees the message expiration of "team" as 0 seconds

  @capability:message-expiration @fault:v4-settings-by-non-moderator
  Scenario: A plain participant cannot set the message expiration
    When the user sets the message expiration of "team" to 3600 seconds
    Then the response is 403 Forbidden
    And the owner sees the message expiration of "team" as 0 seconds

  @capability:recording-consent @fault:v4-settings-not-saved
  Scenario: A moderator requires recording consent
    Given the server lets moderators require recording consent
    When the owner sets the recording consent of "team" to 1
    Then the response is 200 OK
    And the user sees the recording consent of "team" as 1

  @capability:recording-consent @fault:v4-setting-values-unchecked
  Scenario: An unknown recording consent is refused
    When the owner sets the recording consent of "team" to 5
    Then the response is 400 Bad Request
    And the user sees the recording consent of "team" as 0

  @capability:recording-consent @fault:v4-settings-by-non-moderator
  Scenario: A plain participant cannot require recording consent
    When the user sets the recording consent of "team" to 1
    Then the response is 403 Forbidden
    And the owner sees the recording consent of "team" as 0
