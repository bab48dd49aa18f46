@profile:v4:the-users-only-endpoints-come-with-api-v4
Feature: Endpoints for users only refuse guests
  The endpoints below are for logged-in users: "401 Unauthorized When the participant is a guest"
  (docs/conversation.md of Talk 21.1, "Set notification level for calls"), "401 Unauthorized When the user is
  not logged in" ("Get "Note-to-self" conversation"); archiving, marking important or sensitive, opening the
  list of open conversations and setting read-only carry no `#[PublicPage]` (openapi.json and the controllers of
  Talk 21.1), so Nextcloud answers a guest 401 before the conversation's own rules.

  Background:
    Given the owner has created a public conversation "open"
    And the guest has joined "open"

  @capability:archived-conversations-v2 @fault:v4-user-endpoints-404-for-guests
  Scenario: A guest cannot archive a conversation
    When the guest archives "open"
    Then the response is 401 Unauthorized

  @capability:archived-conversations-v2 @fault:v4-user-endpoints-404-for-guests
  Scenario: A guest cannot unarchive a conversation
    When the guest unarchives "open"
    Then the response is 401 Unauthorized

  @capability:important-conversations @fault:v4-user-endpoints-404-for-guests
  Scenario: A guest cannot mark a conversation as important
    When the guest marks "open" as important
    Then the response is 401 Unauthorized

  @capability:important-conversations @fault:v4-user-endpoints-404-for-guests
  Scenario: A guest cannot mark a conversation as unimportant
    When the guest marks "open" as unimportant
    Then the response is 401 Unauthorized

  @capability:sensitive-conversations @fault:v4-user-endpoints-404-for-guests
  Scenario: A guest cannot mark a conversation as sensitive
    When the guest marks "open" as sensitive
    Then the response is 401 Unauthorized

  @capability:sensitive-conversations @fault:v4-user-endpoints-404-for-guests
  Scenario: A guest cannot mark a conversation as insensitive
    When the guest marks "open" as insensitive
    Then the response is 401 Unauthorized

  @capability:note-to-self @fault:v4-user-endpoints-404-for-guests
  Scenario: A guest has no note-to-self conversation
    When the guest gets their note-to-self conversation
    Then the response is 401 Unauthorized

  @capability:listable-rooms @fault:v4-user-endpoints-404-for-guests
  Scenario: A guest cannot search the open conversations
    When the guest searches the open conversations for "open"
    Then the response is 401 Unauthorized

  @capability:read-only-rooms @fault:v4-user-endpoints-404-for-guests
  Scenario: A guest cannot make a conversation read-only
    When the guest makes "open" read-only
    Then the response is 401 Unauthorized
    And the owner sees "open" as read-write

  @capability:notification-calls @fault:v4-user-endpoints-404-for-guests
  Scenario: A guest cannot set the call notifications
    When the guest sets the call notifications of "open" to 0
    Then the response is 401 Unauthorized
