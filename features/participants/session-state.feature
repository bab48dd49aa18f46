@profile:v4:session-states-come-with-api-v4 @capability:session-state
Feature: Session state
  PUT /room/{token}/participants/state (docs/participant.md of Talk 21.1, capability `session-state`:
  "Sessions can mark themselves as inactive, so the participant receives notifications again"): `state` is
  one of the "Session states" of docs/constants.md, 0 inactive and 1 active; "400 Bad Request When the
  provided state is invalid (see constants list)". The docs give no data for its 200.

  Background:
    Given the owner has created a group conversation "team"
    And the user is a participant of "team"
    And the user has joined "team"

  @fault:v4-session-inactive-refused
  Scenario: A participant marks their session inactive, then active again
    When the user sets their session state in "team" to 0
    Then the response is 200 OK
    When the user sets their session state in "team" to 1
    Then the response is 200 OK

  @fault:v4-setting-values-unchecked
  Scenario: An unknown session state is refused
    When the user sets their session state in "team" to 2
    Then the response is 400 Bad Request
