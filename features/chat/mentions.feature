@theme:mention-autocomplete
Feature: Mention suggestions
  GET /chat/{token}/mentions suggests participants of the conversation whose name matches `search`,
  at most `limit` (20 by default), each as {id, label, source}; 404 for a conversation the caller is
  not in (docs/chat.md; the Talk 3.2 API docs).

  Background:
    Given the owner has created a group conversation "team"
    And the moderator is a participant of "team"
    And the user is a participant of "team"

  @fault:mentions-offer-strangers
  Scenario: Participants are suggested, users outside the conversation are not
    When the owner asks "team" for mention suggestions matching the moderator and the user
    Then the response is 200 OK
    And the suggestions offer the moderator
    And the suggestions offer the user
    And the suggestions do not offer the stranger

  @fault:mentions-offer-strangers
  Scenario: A user outside the conversation is not suggested by name
    When the owner asks "team" for mention suggestions matching the stranger
    Then the response is 200 OK
    And the suggestions do not offer the stranger

  @fault:mention-limit-ignored
  Scenario: No more suggestions than the limit
    When the owner asks "team" for 1 mention suggestion matching the moderator and the user
    Then the response is 200 OK
    And the suggestions hold at most 1 entry

  @fault:chat-open-to-strangers
  Scenario: A user who is not a participant gets no suggestions
    When the stranger asks "team" for mention suggestions matching the user
    Then the response is 404 Not Found

  @fault:chat-unknown-room-200
  Scenario: A conversation that does not exist has no suggestions
    When the user asks a conversation that does not exist for mention suggestions
    Then the response is 404 Not Found
