@theme:read-status
Feature: The last common read
  Capability chat-read-status (Talk 11.0): `X-Chat-Last-Common-Read`, the "ID of the last message read
  by every user that has read privacy set to public", comes with the answers of sending a message and
  of marking the chat read, and with the chat when `lastCommonReadId` was sent (docs/chat.md of Talk
  11.0). Every account of the suite keeps the default privacy, public.

  Background:
    Given the owner has created a group conversation "team"
    And the user is a participant of "team"

  @capability:chat-read-status @fault:common-read-header-missing @fault:common-read-wrong
  Scenario: The answers tell what every participant has read
    Given the owner has posted "One" to "team"
    And the owner has posted "Two" to "team"
    And the owner has marked "team" as read up to "One"
    When the user marks "team" as read up to "Two"
    Then the response is 200 OK
    And the last common read of the response is "One" in "team"
    When the user reads the chat of "team" asking for the last common read
    Then the response is 200 OK
    And the last common read of the response is "One" in "team"
    When the user sends "Three" to "team"
    Then the response is 201 Created
    And the response tells the last common read
