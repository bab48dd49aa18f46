@theme:guest-boundary
Feature: The chat of a password-protected conversation
  Guests and users following the link of a public conversation give its password to join: "403
  Forbidden When the password is required and didn't match" (docs/participant.md; "Participant
  management" of the Talk 3.2 API docs), invited users need none. Who joined reads and writes the chat
  as every participant does; who was refused, or never joined, has not joined: the chat answers "404 Not
  Found When the conversation could not be found for the participant" (docs/chat.md).

  Background:
    Given the owner has created a public conversation "vault"
    And the owner has set the password of "vault" to "correct horse battery staple"
    And the user is a participant of "vault"

  @theme:self-joined @fault:self-joined-may-not-chat @fault:password-join-refused
  Scenario: A user who gives the password writes and reads the chat
    When the stranger joins "vault" with the password "correct horse battery staple" with 200
    And the stranger sends "Found the password" to "vault" with 201
    Then the messages of "vault" as the stranger sees them are:
      | actor        | message            |
      | the stranger | Found the password |

  @fault:password-join-refused @fault:chat-message-not-saved
  Scenario: A guest who gives the password writes and reads the chat
    When the guest joins "vault" with the password "correct horse battery staple" with 200
    And the guest sends "A guest with the password" to "vault" with 201
    Then the messages of "vault" as the guest sees them are:
      | actor     | message                   |
      | the guest | A guest with the password |

  @fault:refused-join-lets-in @fault:password-not-checked
  Scenario Outline: <who> refused for a wrong password neither writes in the chat nor reads it
    Given the owner has posted "Behind the password" to "vault"
    When <who> joins "vault" with the password "wrong guess" with 403
    And <who> sends "Let me in" to "vault" with 404
    And <who> reads the chat of "vault" with 404
    Then the owner does not see the message "Let me in" in the chat of "vault"

    Examples:
      | who          |
      | the guest    |
      | the stranger |

  @fault:outside-guests-get-401
  Scenario: A guest who has not joined neither writes in the chat nor reads it
    When the guest sends "Anybody home?" to "vault" with 404
    And the guest reads the chat of "vault" with 404
    Then the owner does not see the message "Anybody home?" in the chat of "vault"

  @fault:chat-message-not-saved
  Scenario: Everyone in a password-protected conversation reads what everyone else wrote
    Given the stranger has joined "vault" with the password "correct horse battery staple"
    And the guest has joined "vault" with the password "correct horse battery staple"
    When the owner sends "From the owner" to "vault" with 201
    And the user sends "From the user" to "vault" with 201
    And the stranger sends "From the stranger" to "vault" with 201
    And the guest sends "From the guest" to "vault" with 201
    Then the messages of "vault" as the user sees them are:
      | actor        | message           |
      | the guest    | From the guest    |
      | the stranger | From the stranger |
      | the user     | From the user     |
      | the owner    | From the owner    |
    And the messages of "vault" as the guest sees them are:
      | actor        | message           |
      | the guest    | From the guest    |
      | the stranger | From the stranger |
      | the user     | From the user     |
      | the owner    | From the owner    |
