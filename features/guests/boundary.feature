@theme:guest-boundary
Feature: Guests outside the conversations they are in
  A guest is known by the session cookie it joined a public conversation with; without that, or in a
  group or one-to-one conversation a guest cannot join, the conversation is not found for them. The chat
  and the call answer "404 Not Found When the conversation could not be found for the participant"
  (docs/chat.md, docs/call.md; "Chat" and "Call management" of the Talk 3.2 API docs), and docs/call.md
  of Talk 8.0 adds "404 Not Found When the user did not join the conversation before". A guest who has
  joined reads and writes the chat as any participant does.

  Background:
    Given the owner has created a public conversation "open"

  @fault:outside-guests-get-401
  Scenario: A guest who has not joined a public conversation neither writes nor reads its chat
    When the guest sends "Anybody home?" to "open" with 404
    And the guest reads the chat of "open" with 404
    Then the owner does not see the message "Anybody home?" in the chat of "open"

  @fault:outside-guests-get-401
  Scenario: A guest who has not joined a public conversation neither joins nor lists its call
    Given the owner has joined "open"
    And the owner has joined the call of "open"
    When the guest joins the call of "open" with 404
    And the guest lists the participants in the call of "open" with 404
    Then the call of "open" holds the owner

  @fault:outside-guests-get-401
  Scenario: A second guest is not let in by the first guest's session
    Given the guest has joined "open"
    When the second guest sends "Me too" to "open" with 404
    And the second guest reads the chat of "open" with 404
    And the guest sends "Only me" to "open" with 201

  @fault:outside-guests-get-401
  Scenario: A guest finds no chat and no call in a group conversation
    Given the owner has created a group conversation "team"
    When the guest sends "Hello team" to "team" with 404
    And the guest reads the chat of "team" with 404
    And the guest joins the call of "team" with 404
    And the guest lists the participants in the call of "team" with 404

  @fault:outside-guests-get-401 @theme:one-to-one
  Scenario: A guest finds no chat and no call in a one-to-one conversation
    Given the owner has created a one-to-one conversation "chat" with the user
    When the guest sends "Hello you two" to "chat" with 404
    And the guest reads the chat of "chat" with 404
    And the guest joins the call of "chat" with 404

  @fault:chat-message-not-saved
  Scenario: Everyone in a public conversation reads what everyone else wrote, guests included
    Given the user is a participant of "open"
    And the guest has joined "open"
    When the owner sends "From the owner" to "open" with 201
    And the user sends "From the user" to "open" with 201
    And the guest sends "From the guest" to "open" with 201
    Then the messages of "open" as the user sees them are:
      | actor     | message        |
      | the guest | From the guest |
      | the user  | From the user  |
      | the owner | From the owner |
    And the messages of "open" as the guest sees them are:
      | actor     | message        |
      | the guest | From the guest |
      | the user  | From the user  |
      | the owner | From the owner |
