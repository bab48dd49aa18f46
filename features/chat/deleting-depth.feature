@theme:message-deletion
Feature: Deleting chat messages: who may delete what, and what everyone sees after
  Capability delete-messages (Talk 11.1): "403 Forbidden When the message is not from the current user
  and the user not a moderator", "404 Not Found When the conversation or chat message could not be found
  for the participant"; the answer's parent "is the object of the deleted message with the replaced text
  "Message deleted by you"", `messageType` `comment_deleted` ("Currently known types are `comment`,
  `comment_deleted`, `system` and `command`"). The parent of a reply to a deleted message: "When
  deleted": `id` and "`deleted` `true` when the parent is deleted" (docs/chat.md of Talk 11.3.6,
  "Parent data").

  Background:
    Given the owner has created a group conversation "team"
    And the moderator is a moderator of "team"
    And the user is a participant of "team"

  @capability:delete-messages @fault:delete-others-messages @fault:delete-by-moderator-refused
  Scenario Outline: Who may delete whose message
    Given <author> has posted "Note" to "team"
    When <deleter> deletes the message "Note" in "team" with <status>
    Then the message "Note" of "team" is <state>

    Examples:
      | author        | deleter       | status | state         |
      | the user      | the owner     | 200    | deleted       |
      | the owner     | the moderator | 200    | deleted       |
      | the user      | the moderator | 200    | deleted       |
      | the moderator | the user      | 403    | still there   |
      | the owner     | the user      | 403    | still there   |

  @capability:delete-messages @fault:delete-not-deleted
  Scenario: The one who deleted a message sees it deleted by them, the others see it deleted
    Given the user has posted "Oops" to "team"
    When the moderator deletes the message "Oops" in "team"
    Then the response is 200 OK
    And the messages of "team" as the moderator sees them are:
      | actor    | message                | messageType     |
      | the user | Message deleted by you | comment_deleted |
    And the messages of "team" as the user sees them are:
      | actor    | messageType     |
      | the user | comment_deleted |
    And the user sees "Oops" deleted in the chat of "team"

  @capability:delete-messages @capability:chat-replies @fault:deleted-parent-not-flagged @fault:delete-not-deleted
  Scenario: A reply to a deleted message tells that its parent is deleted
    Given the user has posted "Who is in?" to "team"
    And the owner has replied "Me" to "Who is in?" in "team"
    When the user deletes the message "Who is in?" in "team"
    Then the response is 200 OK
    And the owner sees "Me" as a reply to the deleted "Who is in?" in the chat of "team"
    And the user sees "Me" as a reply to the deleted "Who is in?" in the chat of "team"

  @capability:delete-messages @fault:delete-not-deleted
  Scenario: Each partner of a one-to-one conversation deletes their own message
    Given the owner has created a one-to-one conversation "pair" with the user
    And the owner has posted "Mine" to "pair"
    And the user has posted "Yours" to "pair"
    When the owner deletes the message "Mine" in "pair"
    Then the response is 200 OK
    When the user deletes the message "Yours" in "pair"
    Then the response is 200 OK
    And the user sees "Mine" deleted in the chat of "pair"
    And the owner sees "Yours" deleted in the chat of "pair"

  # Both partners are owners of a one-to-one conversation; Talk 11.1's code still lets each delete only
  # their own messages (ChatController::deleteMessage); the docs speak only of moderators.
  @capability:delete-messages @beyond-the-docs @fault:delete-partner-message-in-one-to-one
  Scenario: A partner of a one-to-one conversation cannot delete the other's message
    Given the owner has created a one-to-one conversation "pair" with the user
    And the user has posted "Yours" to "pair"
    When the owner deletes the message "Yours" in "pair" with 403
    Then the owner sees the message "Yours" in the chat of "pair"

  @capability:delete-messages @fault:delete-by-moderator-refused
  Scenario: A moderator deletes a guest's message in a public conversation
    Given the owner has made "team" public
    And the guest has joined "team"
    And the guest has posted "Spam" to "team"
    When the moderator deletes the message "Spam" in "team" with 200
    Then the guest sees "Spam" deleted in the chat of "team"

  @capability:delete-messages @fault:chat-open-to-strangers
  Scenario: A user who is not a participant cannot delete a message
    Given the owner has posted "Private" to "team"
    When the stranger deletes the message "Private" in "team" with 404
    Then the owner sees the message "Private" in the chat of "team"
