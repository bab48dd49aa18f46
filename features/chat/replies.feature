@theme:reply-threading
Feature: Replies
  Capability chat-replies (Talk 8.0): "Normal chat messages can now be replied to. Check the
  `isReplyable` parameter on the message object", a bool on every message, "True if the user can post
  a reply to this message" (docs/chat.md and docs/capabilities.md of Talk 8.0); replyTo is refused for
  system and command messages. A reply carries its `parent`: the full message, on which "`parent` will
  never be set" (docs/chat.md of Talk 10.0, "Parent data").

  Background:
    Given the owner has created a group conversation "team"
    And the user is a participant of "team"

  @capability:chat-replies @capability:system-messages @fault:replyable-missing @fault:system-message-replyable
  Scenario: A chat message can be replied to, a system message cannot
    Given the owner has posted "Who is in?" to "team"
    When the user reads the chat of "team"
    Then the response is 200 OK
    And "Who is in?" can be replied to
    And the system message "conversation_created" cannot be replied to

  @capability:chat-replies @fault:reply-without-parent
  Scenario: A reply carries the message it answers
    Given the owner has posted "Who is in?" to "team"
    When the user replies "Me" to "Who is in?" in "team"
    Then the response is 201 Created
    And the response is a reply to "Who is in?" in "team"
    And the owner sees "Me" as a reply to "Who is in?" in the chat of "team"

  @capability:chat-replies @fault:parent-nested
  Scenario: The parent of a reply has no parent of its own
    Given the owner has posted "Who is in?" to "team"
    And the user has replied "Me" to "Who is in?" in "team"
    When the owner replies "Good" to "Me" in "team"
    Then the response is 201 Created
    And the response is a reply to "Me" in "team"
    And the parent of the response has no parent
