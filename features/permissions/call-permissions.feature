@profile:v4:permissions-and-call-flags-come-with-api-v4
Feature: Who may start and join a call, and the call flags
  docs/constants.md of Talk 21.1, "Attendee permissions": `2` "Start call", `4` "Join call"; an attendee
  without permission 2 cannot start a call (403 on real servers: openapi-v4.yaml, joinCall), one with
  permission 4 joins a call going on. PUT /call/{token} updates the call flags: "400 Bad Request When the
  user is not in the call", "400 Bad Request When the flags do not contain "in call"" (docs/call.md).

  Background:
    Given the owner has created a group conversation "team"
    And the user is a participant of "team"
    And the user has joined "team"

  @capability:conversation-permissions @fault:v4-call-without-start-permission
  Scenario: An attendee without the permission to start a call cannot start one
    Given the owner has set the permissions of the user in "team" to 132
    When the user joins the call of "team"
    Then the response is 403 Forbidden
    And the user is not in the call of "team"

  @capability:conversation-permissions @fault:v4-join-call-needs-start-permission
  Scenario: An attendee who may join a call joins one going on
    Given the owner has set the permissions of the user in "team" to 132
    And the owner has joined "team"
    And the owner has joined the call of "team"
    When the user joins the call of "team"
    Then the response is 200 OK
    And the user is in the call of "team"

  @fault:v4-call-flags-unchecked
  Scenario: Someone not in the call cannot update their call flags
    When the user updates their call flags in "team" to 3
    Then the response is what the docs give when "the user is not in the call"
    And the user is not in the call of "team"

  @fault:v4-call-flags-unchecked
  Scenario: Call flags without "in call" are refused
    Given the user has joined the call of "team"
    When the user updates their call flags in "team" to 2
    Then the response is what the docs give when "the flags do not contain "in call""
