@without-capability:no-ping
Feature: Pinging a call
  POST /call/{token}/ping keeps the call alive ("Send ping to keep the call alive" of the Talk 3.2 API
  docs). Talk 4.0 removed it and announced that with the capability `no-ping`: these scenarios run
  only on servers that do not advertise it.

  Background:
    Given the owner has created a group conversation "team"
    And the user is a participant of "team"
    And the user has joined "team"

  @fault:ping-removed
  Scenario: A participant in the call pings it
    Given the user has joined the call of "team"
    When the user pings the call of "team"
    Then the response is 200 OK
    And the user is in the call of "team"

  @fault:ping-outside-room
  Scenario: A user who is not a participant cannot ping the call
    When the stranger pings the call of "team"
    Then the response is 404 Not Found
    And the owner gets 404 Not Found when pinging the call of a conversation that does not exist
