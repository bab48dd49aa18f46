@capability:archived-conversations-v2 @profile:v4:archiving-came-with-api-v4
Feature: Archived conversations
  POST and DELETE /room/{token}/archive archive a conversation and unarchive it, for the user who asks:
  `isArchived` is the "Flag if the conversation is archived by the user (only available with
  `archived-conversations-v2` capability)" (docs/conversation.md of Talk 21.1); "Conversations can be marked
  as archived which will hide them from the conversation list by default" (docs/capabilities.md). The
  endpoints answer the conversation (openapi.json of Talk 21.1: "Conversation was archived").

  Background:
    Given the owner has created a group conversation "team"
    And the user is a participant of "team"

  @fault:v4-user-flag-not-saved @fault:v4-setter-answers-empty
  Scenario: A participant archives a conversation
    When the user archives "team"
    Then the response is 200 OK
    And the user sees "team" archived

  @fault:v4-user-flag-for-everybody
  Scenario: One user's archive is not another's
    When the user archives "team"
    Then the response is 200 OK
    And the owner sees "team" not archived

  @fault:v4-user-flag-not-cleared
  Scenario: A participant unarchives a conversation
    Given the user has archived "team"
    When the user unarchives "team"
    Then the response is 200 OK
    And the user sees "team" not archived
