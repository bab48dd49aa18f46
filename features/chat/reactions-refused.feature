@capability:reactions
Feature: Reactions refused
  openapi.json of Talk 21.1: adding and deleting a reaction answer "400 Bad Request When the reaction is
  invalid"; a reaction is one emoji. The reaction endpoints require a writable conversation (capability
  `read-only-rooms`: "people can not do calls or write chat messages"; the endpoints carry
  RequireReadWriteConversation, 403).

  Background:
    Given the owner has created a group conversation "team"
    And the user is a participant of "team"
    And the owner has posted "Lunch?" to "team"

  @fault:v4-reaction-unchecked
  Scenario: Words are not a reaction
    When the user reacts with "not an emoji" to "Lunch?" in "team"
    Then the response is 400 Bad Request
    And the owner sees "Lunch?" without reactions in the chat of "team"

  @fault:v4-reaction-not-deleted
  Scenario: Words are not a reaction to take back
    # Never given, it is also a reaction that cannot be found: either documented answer conforms.
    When the user removes the reaction "not an emoji" from "Lunch?" in "team"
    Then the response is one the docs give when "the reaction is invalid" or when "reaction could not be found"

  @capability:read-only-rooms @fault:v4-reaction-in-read-only
  Scenario: Nobody reacts in a read-only conversation
    Given the owner has made "team" read-only
    When the user reacts with "👍" to "Lunch?" in "team"
    Then the response is 403 Forbidden
    And the owner sees "Lunch?" without reactions in the chat of "team"

  @capability:read-only-rooms @fault:v4-reaction-in-read-only
  Scenario: Nobody takes a reaction back in a read-only conversation
    Given the user has reacted with "👍" to "Lunch?" in "team"
    And the owner has made "team" read-only
    When the user removes the reaction "👍" from "Lunch?" in "team"
    Then the response is 403 Forbidden
    And the owner sees "Lunch?" with 1 "👍" in the chat of "team"
