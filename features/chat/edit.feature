Feature: Editing chat messages
  Capability edit-messages (Talk 19): "Whether messages can be edited (restricted to 24 hours after
  posting)" (docs/capabilities.md of Talk 21.1). PUT /chat/{token}/{messageId} answers "200 OK - When
  editing was successful" with "the new system message "You edited a message"", whose parent "is the
  object of the edited message with the new content"; "403 Forbidden When the message is not from the
  current user and the user not a moderator", "403 Forbidden When the conversation is read-only", "404 Not
  Found When the conversation or chat message could not be found for the participant", "405 Method Not
  Allowed When the message is not a normal chat message". An edited message carries `lastEditActorType`,
  `lastEditActorId`, `lastEditActorDisplayName` and `lastEditTimestamp` ("only available with
  `edit-messages` capability and when the message was actually edited") (docs/chat.md of Talk 21.1).
  "400 Bad Request The message is already older than 24 hours or another reason why editing is not okay":
  openapi.json of Talk 21.1 names one, "e.g. when the new message is empty"; a message older than 24 hours
  cannot be made within a run.

  Background:
    Given the owner has created a group conversation "team"
    And the moderator is a moderator of "team"
    And the user is a participant of "team"

  @capability:edit-messages @fault:v4-edit-not-saved @fault:v4-edit-without-last-edit
  Scenario: The author edits their message
    Given the user has posted "Helo" to "team"
    When the user edits the message "Helo" in "team" to "Hello"
    Then the response is 200 OK
    And the response is the system message "message_edited" with the edited message as its parent, edited by the user
    And the owner sees the message "Hello" edited by the user in the chat of "team"

  @capability:edit-messages @fault:v4-edit-by-moderator-refused
  Scenario: A moderator edits a participant's message
    Given the user has posted "Off topic" to "team"
    When the moderator edits the message "Off topic" in "team" to "(removed by a moderator)"
    Then the response is 200 OK
    And the owner sees the message "(removed by a moderator)" edited by the moderator in the chat of "team"

  @capability:edit-messages @fault:v4-edit-others
  Scenario: A participant cannot edit another's message
    Given the moderator has posted "Mine" to "team"
    When the user edits the message "Mine" in "team" to "Yours"
    Then the response is 403 Forbidden
    And the owner sees the message "Mine" in the chat of "team"

  @capability:edit-messages @capability:read-only-rooms @fault:v4-edit-in-read-only
  Scenario: A message cannot be edited in a read-only conversation
    Given the user has posted "Helo" to "team"
    And the owner has made "team" read-only
    When the user edits the message "Helo" in "team" to "Hello"
    Then the response is 403 Forbidden
    And the owner sees the message "Helo" in the chat of "team"

  @capability:edit-messages @capability:system-messages @fault:v4-edit-system-message
  Scenario: A system message cannot be edited
    When the owner edits the system message "conversation_created" in "team" to "Nothing happened"
    Then the response is 405 Method Not Allowed

  @capability:edit-messages @fault:v4-edit-unknown-message
  Scenario: A message of another conversation cannot be edited here
    Given the owner has created a group conversation "other"
    And the owner has posted "Elsewhere" to "other"
    When the owner edits the message "Elsewhere" of "other" in "team" to "Here"
    Then the response is 404 Not Found
    And the owner sees the message "Elsewhere" in the chat of "other"

  @capability:edit-messages @fault:v4-edit-empty-accepted
  Scenario: A message cannot be edited to nothing
    Given the user has posted "Helo" to "team"
    When the user edits the message "Helo" in "team" to " "
    Then the response is 400 Bad Request
    And the owner sees the message "Helo" in the chat of "team"
