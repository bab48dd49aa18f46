Feature: Reactions to chat messages
  Capability reactions (Talk 14): "Api reactions to chat message" (docs/capabilities.md of Talk 21.1).
  openapi.json of Talk 21.1 (docs/reaction.md is not among the transcribed pages): POST
  /reaction/{token}/{messageId} answers "201 Reaction added successfully" or "200 Reaction already
  existed", DELETE answers "200 Reaction deleted successfully", GET "200 Reactions returned", each the
  reactions of the message by emoji, and "404 Message not found"; the endpoints are open to guests. A
  message's `reactions` is "An array map with relation between reaction emoji and total count of
  reactions with this emoji", `reactionsSelf` "When the user reacted this is the list of emojis the user
  reacted with" (docs/chat.md of Talk 21.1).

  Background:
    Given the owner has created a group conversation "team"
    And the user is a participant of "team"

  @capability:reactions @fault:v4-reaction-not-saved
  Scenario: A participant reacts to another's message
    Given the owner has posted "Lunch?" to "team"
    When the user reacts with "👍" to "Lunch?" in "team"
    Then the response is 201 Created
    And the response lists the user once under "👍"
    And the owner sees "Lunch?" with 1 "👍" in the chat of "team"
    And the user sees their own "👍" on "Lunch?" in the chat of "team"
    When the owner asks for the reactions to "Lunch?" in "team"
    Then the response is 200 OK
    And the response lists the user once under "👍"

  @capability:reactions @fault:v4-reaction-twice
  Scenario: Reacting again with the same emoji counts once
    Given the owner has posted "Lunch?" to "team"
    And the user has reacted with "👍" to "Lunch?" in "team"
    When the user reacts with "👍" to "Lunch?" in "team"
    Then the response is 200 OK
    And the response lists the user once under "👍"
    And the owner sees "Lunch?" with 1 "👍" in the chat of "team"

  @capability:reactions @fault:v4-reaction-not-saved
  Scenario: The author reacts to their own message
    Given the user has posted "Done" to "team"
    When the user reacts with "🎉" to "Done" in "team"
    Then the response is 201 Created
    And the owner sees "Done" with 1 "🎉" in the chat of "team"

  @capability:reactions @fault:v4-reaction-not-deleted
  Scenario: A participant removes their reaction
    Given the owner has posted "Lunch?" to "team"
    And the user has reacted with "👍" to "Lunch?" in "team"
    When the user removes the reaction "👍" from "Lunch?" in "team"
    Then the response is 200 OK
    And the response lists nobody under "👍"
    And the owner sees "Lunch?" without reactions in the chat of "team"

  @capability:reactions @fault:v4-reaction-unknown-message
  Scenario: A message of another conversation cannot be reacted to here
    Given the owner has created a group conversation "other"
    And the owner has posted "Elsewhere" to "other"
    When the owner reacts with "👍" to "Elsewhere" of "other" in "team"
    Then the response is 404 Not Found
    And the owner sees "Elsewhere" without reactions in the chat of "other"

  @capability:reactions @fault:v4-reaction-guest-refused
  Scenario: A guest reacts to a message
    Given the owner has made "team" public
    And the guest has joined "team"
    And the owner has posted "Welcome" to "team"
    When the guest reacts with "👋" to "Welcome" in "team"
    Then the response is 201 Created
    And the response lists the guest once under "👋"
    And the owner sees "Welcome" with 1 "👋" in the chat of "team"
