@theme:lobby @capability:webinary-lobby
Feature: The lobby holds guests, lets guest moderators through, and keeps joining open
  docs/webinary.md: while the lobby is on "Only moderators can start/join a call" and "Only moderators
  can read and write chat messages"; "Normal users can only join the room". `lobbyState`: "if the
  participant is a moderator they can always join the conversation" (docs/conversation.md), and a guest
  moderator (participant type 6, docs/constants.md) is a moderator. Those held get "412 Precondition
  Failed When the lobby is active and the user is not a moderator" (docs/chat.md, docs/call.md). The
  password of a public conversation is asked of guests and users joining by the link as before
  (docs/participant.md).

  Background:
    Given the owner has created a public conversation "webinar"
    And the user is a participant of "webinar"
    And the user has joined "webinar"
    And the guest has joined "webinar"

  @fault:lobby-spares-guests
  Scenario: A guest held in the lobby neither writes nor reads the chat
    Given the owner has closed the lobby of "webinar"
    When the guest sends "Let me in" to "webinar" with 412
    And the guest reads the chat of "webinar" with 412
    Then the owner does not see the message "Let me in" in the chat of "webinar"

  @fault:lobby-spares-guests
  Scenario: A guest held in the lobby neither joins nor lists the call
    Given the owner has closed the lobby of "webinar"
    When the guest joins the call of "webinar" with 412
    And the guest lists the participants in the call of "webinar" with 412
    Then the guest is not in the call of "webinar"

  @fault:lobby-holds-guest-moderators
  Scenario: A guest moderator passes the lobby, a plain guest does not
    Given the second guest has joined "webinar"
    And the owner has promoted the guest in "webinar"
    And the owner has closed the lobby of "webinar"
    When the guest sends "The guest moderator speaking" to "webinar" with 201
    And the guest joins the call of "webinar" with 200
    And the second guest sends "And the plain guest?" to "webinar" with 412
    Then the messages of "webinar" as the guest sees them are:
      | actor     | message                      |
      | the guest | The guest moderator speaking |
    And the guest is in the call of "webinar"

  @fault:lobby-refuses-joining
  Scenario: Users and guests still join a password-protected conversation while the lobby is on
    Given the owner has set the password of "webinar" to "correct horse battery staple"
    And the owner has closed the lobby of "webinar"
    When the stranger joins "webinar" with the password "correct horse battery staple" with 200
    And the second guest joins "webinar" with the password "correct horse battery staple" with 200
    And the user joins "webinar" with 200
    Then the participants of "webinar" hold the second guest as type 4
    And the participants of "webinar" hold the stranger as type 5

  @fault:lobby-refuses-joining
  Scenario: The lobby still asks for the password
    Given the owner has set the password of "webinar" to "correct horse battery staple"
    And the owner has closed the lobby of "webinar"
    When the second guest joins "webinar" with the password "wrong horse" with 403
    And the second guest joins "webinar" with the password "correct horse battery staple" with 200
    And the second guest sends "Past the password, not the lobby" to "webinar" with 412

  @fault:lobby-refuses-joining
  Scenario: A guest held in the lobby leaves, joins again and still reads the conversation
    Given the owner has closed the lobby of "webinar"
    When the guest leaves "webinar" with 200
    And the guest joins "webinar" with 200
    And the guest gets "webinar" with 200
    Then the guest sees the lobby of "webinar" closed

  @fault:lobby-stuck
  Scenario: A guest writes and calls again once the lobby is opened
    Given the owner has closed the lobby of "webinar"
    When the guest sends "Held" to "webinar" with 412
    And the owner opens the lobby of "webinar" with 200
    And the guest sends "Let in" to "webinar" with 201
    And the guest joins the call of "webinar" with 200
    Then the messages of "webinar" as the user sees them are:
      | actor     | message |
      | the guest | Let in  |

  @fault:lobby-ignored
  Scenario: The lobby of a group conversation holds its members who are not moderators
    Given the owner has created a group conversation "team"
    And the moderator is a moderator of "team"
    And the user is a participant of "team"
    And the user has joined "team"
    When the moderator closes the lobby of "team" with 200
    And the user sends "Members only?" to "team" with 412
    And the user joins the call of "team" with 412
    And the moderator sends "Moderators only" to "team" with 201
