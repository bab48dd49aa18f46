@profile:v4:reactions-edits-context-and-call-flags-come-with-api-v4 @capability:webinary-lobby
Feature: The lobby holds back reactions, edits, a message's context and the call flags
  "Precondition Failed When the lobby is active and the user is not a moderator" (docs/chat.md of Talk
  21.1: editing a message, getting a message's context; docs/call.md: updating the call flags); the
  reaction endpoints carry the same middleware (openapi.json of Talk 21.1, RequireModeratorOrNoLobby).

  Background:
    Given the owner has created a group conversation "team"
    And the user is a participant of "team"
    And the owner has posted "Agenda" to "team"

  @capability:reactions @fault:v4-lobby-ignored
  Scenario: A user held in the lobby cannot react
    Given the owner has closed the lobby of "team"
    When the user reacts with "👍" to "Agenda" in "team"
    Then the response is 412 Precondition Failed
    And the owner sees "Agenda" without reactions in the chat of "team"

  @capability:reactions @fault:v4-lobby-ignored
  Scenario: A user held in the lobby cannot take a reaction back
    Given the user has reacted with "👍" to "Agenda" in "team"
    And the owner has closed the lobby of "team"
    When the user removes the reaction "👍" from "Agenda" in "team"
    Then the response is 412 Precondition Failed
    And the owner sees "Agenda" with 1 "👍" in the chat of "team"

  @capability:reactions @fault:v4-lobby-ignored
  Scenario: A user held in the lobby cannot read the reactions
    Given the owner has closed the lobby of "team"
    When the user asks for the reactions to "Agenda" in "team"
    Then the response is 412 Precondition Failed

  @capability:edit-messages @fault:v4-lobby-ignored
  Scenario: A user held in the lobby cannot edit their message
    Given the user has posted "Draft" to "team"
    And the owner has closed the lobby of "team"
    When the user edits the message "Draft" in "team" to "Final"
    Then the response is 412 Precondition Failed
    And the owner sees the message "Draft" in the chat of "team"

  @capability:chat-get-context @fault:v4-lobby-ignored
  Scenario: A user held in the lobby cannot read a message's context
    Given the owner has closed the lobby of "team"
    When the user asks for the context of "Agenda" in "team"
    Then the response is 412 Precondition Failed

  @fault:v4-lobby-ignored
  Scenario: A user held in the lobby cannot update their call flags
    Given the owner has closed the lobby of "team"
    When the user updates their call flags in "team" to 3
    Then the response is 412 Precondition Failed
