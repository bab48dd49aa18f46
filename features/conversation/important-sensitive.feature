@profile:v4:important-and-sensitive-came-with-api-v4
Feature: Important and sensitive conversations
  POST and DELETE /room/{token}/important and /room/{token}/sensitive mark a conversation as important or
  sensitive for the user who asks, and unmark it: "Whether important conversations are supported",
  "Whether sensitive conversations are supported" (docs/capabilities.md of Talk 21.1, Talk 21.1); the
  conversation's `isImportant` and `isSensitive` tell the user's choice, and the endpoints answer the
  conversation (openapi.json of Talk 21.1: "Conversation was marked as important").

  Background:
    Given the owner has created a group conversation "team"
    And the user is a participant of "team"

  @capability:important-conversations @fault:v4-user-flag-not-saved @fault:v4-setter-answers-empty
  Scenario: A participant marks a conversation as important
    When the user marks "team" as important
    Then the response is 200 OK
    And the user sees "team" as important

  @capability:important-conversations @fault:v4-user-flag-for-everybody
  Scenario: One user's important conversation is not another's
    When the user marks "team" as important
    Then the response is 200 OK
    And the owner does not see "team" as important

  @capability:important-conversations @fault:v4-user-flag-not-cleared
  Scenario: A participant marks a conversation as unimportant again
    Given the user has marked "team" as important
    When the user marks "team" as unimportant
    Then the response is 200 OK
    And the user does not see "team" as important

  @capability:sensitive-conversations @fault:v4-user-flag-not-saved @fault:v4-setter-answers-empty
  Scenario: A participant marks a conversation as sensitive
    When the user marks "team" as sensitive
    Then the response is 200 OK
    And the user sees "team" as sensitive

  @capability:sensitive-conversations @fault:v4-user-flag-for-everybody
  Scenario: One user's sensitive conversation is not another's
    When the user marks "team" as sensitive
    Then the response is 200 OK
    And the owner does not see "team" as sensitive

  @capability:sensitive-conversations @fault:v4-user-flag-not-cleared
  Scenario: A participant marks a conversation as insensitive again
    Given the user has marked "team" as sensitive
    When the user marks "team" as insensitive
    Then the response is 200 OK
    And the user does not see "team" as sensitive
