@capability:note-to-self @profile:v4:note-to-self-came-with-api-v4
Feature: The note-to-self conversation
  GET /room/note-to-self: "The conversation is like a group conversation and the user is the owner", with
  limitations, among them "Can not open the conversations to users or guests". "If the conversation does
  not exist at the moment, it will be generated and the user added automatically" (docs/conversation.md of
  Talk 21.1); its type is "`6` Note to self" (docs/constants.md).

  @fault:v4-note-to-self-as-group @fault:v4-room-in-v1-shape
  Scenario: A user gets their note-to-self conversation, of which they are the owner
    When the user gets their note-to-self conversation
    Then the response is 200 OK
    And the response is a note-to-self conversation owned by the user

  @fault:v4-note-to-self-created-again
  Scenario: The note-to-self conversation is generated once
    When the user gets their note-to-self conversation
    Then the response is 200 OK
    And the user gets the same note-to-self conversation again

  @fault:v4-fresh-user-no-rooms
  Scenario: The user takes part in their note-to-self conversation
    When the user gets their note-to-self conversation
    Then the response is 200 OK
    And the user sees their note-to-self conversation in the conversation list

  @capability:listable-rooms @fault:v4-listable-any-type
  Scenario: The note-to-self conversation cannot be opened to other users
    Given the user has got their note-to-self conversation
    When the user sets the listable scope of "note to self" to "regular users"
    Then the response is 400 Bad Request
    And the user sees "note to self" with the listable scope "participants only"
