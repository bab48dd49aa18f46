@profile:v4:api-v4-names-attendees-by-attendeeId
Feature: Attendees named by their attendeeId
  In API v4 every participant has an `attendeeId` ("Unique attendee id", docs/participant.md of Talk
  21.1), and a moderator removes any attendee by it: DELETE /room/{token}/attendees with `attendeeId`
  ("Delete an attendee by id from a conversation").

  Background:
    Given the owner has created a group conversation "team"
    And the user is a participant of "team"

  @fault:v4-participant-without-attendee-id
  Scenario: The participant list gives each attendee their attendeeId
    When the owner lists the participants of "team"
    Then the response is 200 OK
    And every participant in the response has an attendeeId, the user the one "team" gives them

  @fault:v4-remove-by-user-id
  Scenario: The owner removes an attendee by their attendeeId
    When the owner removes the user from "team"
    Then the response is 200 OK
    And the user is no longer a participant of "team"
