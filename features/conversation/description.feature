@capability:room-description @profile:v4:the-description-is-served-from-api-v3-on-which-the-v1-profile-leaves-out
Feature: The description of a conversation
  PUT /room/{token}/description "Set description for a conversation": `description` is the "New
  description for the conversation (limited to 2.000 characters, was 500 before Talk 21)". "400 Bad Request
  When the description is too long"; "400 Bad Request When the conversation is a one to one conversation";
  "403 Forbidden When the current user is not a moderator/owner". Every participant reads it in the
  conversation: "`description` | string | Description of the conversation (can also be empty)"
  (docs/conversation.md of Talk 21.1).

  Background:
    Given the owner has created a group conversation "team"
    And the moderator is a moderator of "team"
    And the user is a participant of "team"

  @fault:v4-description-not-saved
  Scenario: The owner sets the description, and every participant reads it
    When the owner sets the description of "team" to "Where the team talks"
    Then the response is 200 OK
    And the user sees "team" with the description "Where the team talks"

  @fault:v4-description-not-saved
  Scenario: A moderator sets the description
    When the moderator sets the description of "team" to "Moderated talk"
    Then the response is 200 OK
    And the owner sees "team" with the description "Moderated talk"

  @fault:v4-description-by-non-moderator
  Scenario: A user who is not a moderator cannot set the description
    When the user sets the description of "team" to "Hijacked"
    Then the response is 403 Forbidden
    And the owner sees "team" without a description

  # 500 characters before Talk 21, 2.000 from it on: the server's release decides.
  @fault:v4-description-limit-500
  Scenario: The longest description the docs allow is allowed
    When the owner sets the description of "team" to the longest description the docs allow
    Then the response is 200 OK
    And the user sees "team" with the longest description the docs allow

  @fault:v4-description-length-unchecked
  Scenario: A description one character longer than the docs allow is too long
    When the owner sets the description of "team" to one character more than the docs allow
    Then the response is what the docs give when "the description is too long"
    And the owner sees "team" without a description

  @fault:v4-description-one-to-one
  Scenario: A one-to-one conversation has no description
    Given the owner has created a one-to-one conversation "chat" with the user
    When the owner sets the description of "chat" to "Private"
    Then the response is what the docs give when "the conversation is a one to one conversation"
    And the owner sees "chat" without a description
