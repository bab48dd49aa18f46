@capability:favorites
Feature: Favorite conversations
  POST and DELETE /room/{token}/favorite add a conversation to the caller's favorites and remove it;
  `isFavorite` is the "Flag if the conversation is favorited by the user": each user has their own.
  "404 Not Found When the conversation could not be found for the participant or the participant is a
  guest" (docs/conversation.md of Talk 7.0); from Talk 8.0 "401 Unauthorized When the participant is a
  guest" (docs/conversation.md of Talk 8.0).

  Background:
    Given the owner has created a public conversation "team"
    And the user is a participant of "team"

  @fault:favorite-not-stored
  Scenario: A participant adds a conversation to their favorites
    When the user adds "team" to the favorites
    Then the response is 200 OK
    And the user sees "team" as a favorite

  @fault:favorite-for-everybody
  Scenario: One user's favorite is not another's
    When the user adds "team" to the favorites
    Then the response is 200 OK
    And the owner does not see "team" as a favorite

  @fault:unfavorite-not-stored
  Scenario: A participant removes a conversation from their favorites
    Given the user has added "team" to the favorites
    When the user removes "team" from the favorites
    Then the response is 200 OK
    And the user does not see "team" as a favorite

  @fault:settings-strangers-403
  Scenario: A user who is not a participant cannot add a favorite
    When the stranger adds "team" to the favorites
    Then the response is 404 Not Found

  @fault:unknown-room-200
  Scenario: A conversation that does not exist cannot be a favorite
    When the owner adds a conversation that does not exist to the favorites
    Then the response is 404 Not Found

  @fault:settings-guests-401 @fault:settings-guests-404
  Scenario: A guest cannot add a favorite
    Given the guest has joined "team"
    When the guest adds "team" to the favorites
    Then the response is what the docs give when "the participant is a guest"

  @fault:settings-guests-401 @fault:settings-guests-404
  Scenario: A guest cannot remove a favorite
    Given the guest has joined "team"
    When the guest removes "team" from the favorites
    Then the response is what the docs give when "the participant is a guest"
