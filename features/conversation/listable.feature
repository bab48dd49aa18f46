@capability:listable-rooms @profile:v4:listable-conversations-are-served-from-api-v3-on-which-the-v1-profile-leaves-out
Feature: Listable conversations and the open-conversation search
  PUT /room/{token}/listable "Open a conversation": `scope` is "The room listable scope" of docs/constants.md:
  "`0` Participants only", "`1` Regular users only, excluding users created with the Guests app", "`2`
  Everyone". "400 Bad Request When the conversation type does not support making it listable (only group
  and public conversation)"; "403 Forbidden When the current user is not a moderator/owner". GET
  /listed-room "Get open conversations" with a `searchTerm` finds the conversations a user may join without
  being a participant (docs/conversation.md of Talk 21.1). A scope outside 0, 1 and 2 is refused with 400
  (openapi.json of Talk 21.1: `scope` "enum": [0, 1, 2]; "400 Making room listable is not possible"). The suite has no user of the
  Guests app, so "everyone" and "regular users" are told apart only by what the room says.

  Background:
    Given the owner has created a group conversation "team"
    And the user is a participant of "team"

  @fault:v4-listable-not-saved
  Scenario: The owner opens a conversation to everyone
    When the owner sets the listable scope of "team" to "everyone"
    Then the response is 200 OK
    And the user sees "team" with the listable scope "everyone"

  @fault:v4-listable-not-saved
  Scenario: The owner opens a conversation opened to everyone to regular users only
    Given the owner has set the listable scope of "team" to "everyone"
    When the owner sets the listable scope of "team" to "regular users"
    Then the response is 200 OK
    And the user sees "team" with the listable scope "regular users"

  @fault:v4-listable-not-closed
  Scenario: The owner makes a listed conversation one for its participants only again
    Given the owner has set the listable scope of "team" to "regular users"
    When the owner sets the listable scope of "team" to "participants only"
    Then the response is 200 OK
    And the user sees "team" with the listable scope "participants only"

  @fault:v4-listed-rooms-hidden
  Scenario: A user who is not a participant finds a conversation opened to regular users
    Given the owner has set the listable scope of "team" to "regular users"
    When the stranger searches the open conversations for "team"
    Then the response is 200 OK
    And the open conversations found hold "team"

  @fault:v4-listed-rooms-hidden
  Scenario: A user who is not a participant finds a conversation opened to everyone
    Given the owner has set the listable scope of "team" to "everyone"
    When the stranger searches the open conversations for "team"
    Then the response is 200 OK
    And the open conversations found hold "team"

  @fault:v4-unlisted-rooms-listed
  Scenario: A conversation for its participants only is not found
    When the stranger searches the open conversations for "team"
    Then the response is 200 OK
    And the open conversations found do not hold "team"

  @fault:v4-listable-scope-unchecked
  Scenario: A scope the docs do not know is refused
    When the owner sets the listable scope of "team" to 3
    Then the response is 400 Bad Request
    And the owner sees "team" with the listable scope "participants only"

  @fault:v4-listable-by-non-moderator
  Scenario: A user who is not a moderator cannot open the conversation
    When the user sets the listable scope of "team" to "regular users"
    Then the response is 403 Forbidden
    And the owner sees "team" with the listable scope "participants only"

  @fault:v4-listable-any-type
  Scenario: A one-to-one conversation cannot be opened
    Given the owner has created a one-to-one conversation "chat" with the user
    When the owner sets the listable scope of "chat" to "regular users"
    Then the response is 400 Bad Request
    And the owner sees "chat" with the listable scope "participants only"
