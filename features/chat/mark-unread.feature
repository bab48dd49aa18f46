@theme:read-status
Feature: Marking the chat unread
  Capability chat-unread (Talk 14): "Whether the API to mark a conversation as unread is available"
  (docs/capabilities.md of Talk 21.1). DELETE /chat/{token}/read answers "200 OK", "404 Not Found When the
  room could not be found for the participant, or the participant is a guest"; its data is "**Without**
  `federation-v1` capability empty", "**With** `federation-v1` capability" the conversation; its header
  `X-Chat-Last-Common-Read` is the "ID of the last message read by every user that has read privacy set to
  public" (with `chat-read-status`) (docs/chat.md of Talk 21.1). The last message becomes unread: the room's
  `unreadMessages` and `lastReadMessage` (docs/conversation.md) say so.

  Background:
    Given the owner has created a group conversation "team"
    And the user is a participant of "team"

  @capability:chat-unread @fault:v4-unread-not-marked
  Scenario: Marking the chat unread makes its last message unread
    Given the owner has posted "One" to "team"
    And the owner has posted "Two" to "team"
    And the user has marked "team" as read
    When the user marks "team" as unread
    Then the response is 200 OK
    And the response is "team" as the user sees it, where the docs give the conversation
    And the response has 1 unread messages
    And the user has 1 unread messages in "team"
    And the user has read "team" up to "One"

  @capability:chat-unread @capability:chat-read-status @fault:v4-unread-without-common-read
  Scenario: Marking the chat unread tells the last common read
    Given the owner has posted "One" to "team"
    And the user has marked "team" as read
    When the user marks "team" as unread
    Then the response is 200 OK
    And the response tells the last common read

  @capability:chat-unread @fault:v4-unread-by-guest
  Scenario: A guest cannot mark the chat unread
    Given the owner has made "team" public
    And the guest has joined "team"
    And the owner has posted "One" to "team"
    When the guest marks "team" as unread
    Then the response is 404 Not Found
