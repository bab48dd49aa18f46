@capability:guest-display-names
Feature: Guests set their display name
  POST /guest/{token}/name sets the name a guest is shown with; logged-in users cannot
  (docs/participant.md "Set display name as a guest"; "Guests" of the Talk 3.2 API docs). From Talk
  8.0 "403 Forbidden When the current user is not a guest" and "404 Not Found When the conversation
  could not be found for the participant": a user who is not a participant meets both.

  Background:
    Given the owner has created a public conversation "open"

  @fault:guest-name-not-saved
  Scenario: A guest sets their name
    Given the guest has joined "open"
    When the guest sets their guest name in "open" to "Visitor"
    Then the response is 200 OK
    And the participants of "open" hold the guest named "Visitor"

  @fault:guest-name-while-logged-in
  Scenario: A logged-in user cannot set a guest name
    Given the user is a participant of "open"
    And the user has joined "open"
    When the user sets their guest name in "open" to "Visitor"
    Then the response is 403 Forbidden

  @fault:guest-name-while-logged-in
  Scenario: A logged-in user who is not a participant cannot set a guest name
    When the stranger sets their guest name in "open" to "Visitor"
    Then the response is one the docs give when "the user is logged in" or when "the current user is not a guest" or when "the conversation could not be found for the participant"

  @fault:guest-name-without-session
  Scenario: A guest who has not joined the conversation cannot set a name
    When the guest sets the guest name in "open" without having joined it
    Then the response is 404 Not Found
    And the guest gets 404 Not Found when setting a guest name in a conversation that does not exist
