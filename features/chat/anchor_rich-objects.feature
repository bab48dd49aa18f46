@theme:rich-objects @capability:rich-object-sharing
Feature: Sharing a rich object to the chat
  POST /chat/{token}/share (capability `rich-object-sharing`, Talk 11.1) posts a rich object, its type,
  id and JSON `metaData`, as a message: "201 Created", its data "the full message array of the new
  message"; "400 Bad Request In case the meta data is invalid" (the data OCP\RichObjectStrings\Definitions
  requires of the type, a `call`: `id`, `name`, `call-type`), "403 Forbidden When the conversation is
  read-only", "404 Not Found When the conversation could not be found for the participant", "412
  Precondition Failed When the lobby is active and the user is not a moderator", "413 Payload Too Large
  When the message was longer than the allowed limit" (docs/chat.md of Talk 11.3.6 and 21.1). The chat
  messages are Rich Object Strings: the message names the object by a placeholder whose parameter it is.

  Background:
    Given the owner has created a group conversation "team"
    And the user is a participant of "team"

  @fault:rich-object-not-shared
  Scenario: A participant shares a call to the chat and everyone reads it
    When the user shares the call "R4nd0mT0k3n" named "Another room" to "team"
    Then the response is 201 Created
    And the owner sees the call "R4nd0mT0k3n" named "Another room" shared by the user in the chat of "team"
    And the user sees the call "R4nd0mT0k3n" named "Another room" shared by the user in the chat of "team"

  @fault:rich-object-unchecked
  Scenario: A rich object without the data its type requires is refused
    When the owner shares the call "R4nd0mT0k3n" without its name to "team"
    Then the response is what the docs give when "the meta data is invalid"
    And the owner sees no share of the call "R4nd0mT0k3n" in the chat of "team"

  @fault:chat-open-to-strangers
  Scenario: A user who is not a participant cannot share
    When the stranger shares the call "R4nd0mT0k3n" named "Another room" to "team" with 404
    Then the owner sees no share of the call "R4nd0mT0k3n" in the chat of "team"

  @capability:read-only-rooms @fault:read-only-accepts-chat
  Scenario: Nothing is shared to a read-only conversation
    Given the owner has made "team" read-only
    When the owner shares the call "R4nd0mT0k3n" named "Another room" to "team" with 403
    Then the owner sees no share of the call "R4nd0mT0k3n" in the chat of "team"

  @capability:webinary-lobby @fault:lobby-ignored
  Scenario: The lobby keeps a plain member from sharing
    Given the owner has closed the lobby of "team"
    When the user shares the call "R4nd0mT0k3n" named "Another room" to "team" with 412
    Then the owner sees no share of the call "R4nd0mT0k3n" in the chat of "team"

  @fault:chat-max-length-unchecked
  Scenario: A rich object over the length limit is refused
    When the owner shares the call "R4nd0mT0k3n" with a name over the maximum length to "team"
    Then the response is what the docs give when "longer than the allowed limit"
    And the owner sees no share of the call "R4nd0mT0k3n" in the chat of "team"

  @theme:read-status @capability:chat-v2 @fault:rich-object-not-shared
  Scenario: A shared rich object counts as an unread message for the others
    Given the user has noted the unread messages of "team"
    When the owner shares the call "R4nd0mT0k3n" named "Another room" to "team" with 201
    Then the user has 1 more unread messages in "team"
