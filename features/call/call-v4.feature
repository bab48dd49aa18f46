@profile:v4:call-flags-and-recording-consent-come-with-api-v4
Feature: Call flags and recording consent
  docs/call.md of Talk 21.1. PUT /call/{token} "Update call flags": `flags` "Flags what streams are provided
  by the participant (see constants list)" (docs/constants.md: 1 in call, 2 with audio, 4 with video, 8 with
  phone), "403 Forbidden When the conversation is read-only". POST /call/{token} "Join a call":
  `recordingConsent` "When the user ticked a checkbox and agreed with being recorded (Only needed when the
  `config => call => recording-consent` capability is set to `1` or the capability is `2` and the conversation
  `recordingConsent` value is `1`)", "400 Bad Request When recording consent is required but was not given".

  Background:
    Given the owner has created a group conversation "team"
    And the user is a participant of "team"
    And the user has joined "team"

  @fault:v4-call-flags-not-saved
  Scenario: A participant in the call updates their call flags
    Given the user has joined the call of "team"
    When the user updates their call flags in "team" to 3
    Then the response is 200 OK
    And the user sees "team" with the in-call flags 3

  @capability:read-only-rooms @fault:v4-call-flags-in-read-only
  Scenario: Nobody updates their call flags in a read-only conversation
    Given the user has joined the call of "team"
    And the owner has made "team" read-only
    When the user updates their call flags in "team" to 3
    Then the response is 403 Forbidden

  @capability:recording-consent @fault:v4-call-without-recording-consent
  Scenario: Nobody joins a call that requires recording consent without giving it
    Given the server lets moderators require recording consent
    And the owner has required recording consent in "team"
    When the user joins the call of "team"
    Then the response is 400 Bad Request
    And the user is not in the call of "team"
