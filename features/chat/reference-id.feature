@theme:reference-ids
Feature: Reference ids
  Capability chat-reference-id (Talk 9.0): a message may be sent with `referenceId`, "A reference
  string to be able to identify the message again in a "get messages" request, should be a random
  sha256", and every message carries the `referenceId` "that was given while posting the message"
  (docs/chat.md of Talk 9.0). Real servers of 9.0.0 to 11.3.3 keep its first 40 characters only
  (known deviation reference-id-cut-to-40).

  Background:
    Given the owner has created a group conversation "team"
    And the user is a participant of "team"

  @capability:chat-reference-id @fault:reference-id-dropped @fault:reference-id-cut-to-40
  Scenario: A message keeps the reference id it was sent with
    When the user sends "Tracked" to "team" with a sha256 reference id
    Then the response is 201 Created
    And the response has that reference id
    And the owner sees "Tracked" with that reference id in the chat of "team"
