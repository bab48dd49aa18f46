@theme:room-types
Feature: The same rules in every room type
  The chat, call, join, lobby and promotion rules are stated once for every conversation
  (docs/chat.md, docs/call.md, docs/participant.md, docs/webinary.md), whatever its type: one-to-one (1),
  group (2) or public (3) (docs/constants.md), a public one behind a password included. Each outline
  runs one rule over the types: the partner is the invitee of a one-to-one, else invited by the owner
  (an invited user needs no password: docs/participant.md, "only required for users which are self
  joined or guests").

  @fault:chat-message-not-saved
  Scenario Outline: A member writes in a <kind> conversation and the other reads it
    Given the owner and the user share a <kind> conversation "room"
    When the user sends "Hello from a <kind> conversation" to "room" with 201
    Then the owner sees "Hello from a <kind> conversation" by the user in the chat of "room"

    Examples:
      | kind               |
      | one-to-one         |
      | group              |
      | public             |
      | password-protected |

  @fault:chat-open-to-strangers
  Scenario Outline: Someone outside a <kind> conversation cannot write in it
    Given the owner and the user share a <kind> conversation "room"
    When the stranger sends "Let me in" to "room" with 404
    Then the owner does not see the message "Let me in" in the chat of "room"

    Examples:
      | kind               |
      | one-to-one         |
      | group              |
      | public             |
      | password-protected |

  @fault:join-call-not-saved @fault:join-without-session
  Scenario Outline: A member joins a <kind> conversation and its call
    Given the owner and the user share a <kind> conversation "room"
    When the user joins "room" with 200
    And the user joins the call of "room" with 200
    Then the user has a session in "room"
    And the call of "room" holds the user

    Examples:
      | kind               |
      | one-to-one         |
      | group              |
      | public             |
      | password-protected |

  @fault:outsiders-join-private @fault:password-not-checked
  Scenario Outline: Who joins a <kind> conversation uninvited
    # docs/participant.md: "404 Not Found When the conversation could not be found for the participant"
    # (a conversation one is not in, unless it is public), "403 Forbidden When the password is required
    # and didn't match".
    Given the owner and the user share a <kind> conversation "room"
    When the stranger joins "room" with <status>
    Then the stranger does not see "room" in the conversation list

    Examples:
      | kind               | status |
      | one-to-one         | 404    |
      | group              | 404    |
      | password-protected | 403    |

  @fault:promote-not-saved
  Scenario Outline: The owner promotes a member of a <kind> conversation
    Given the owner and the user share a <kind> conversation "room"
    When the owner promotes the user in "room" with 200
    Then the participants of "room" hold the user as type 2

    Examples:
      | kind               |
      | group              |
      | public             |
      | password-protected |

  @fault:promote-by-non-moderator
  Scenario Outline: A plain member of a <kind> conversation cannot promote
    Given the owner and the user share a <kind> conversation "room"
    And the moderator is a participant of "room"
    When the user promotes the moderator in "room" with 403
    Then the participants of "room" hold the moderator as type 3

    Examples:
      | kind               |
      | group              |
      | public             |
      | password-protected |

  @capability:webinary-lobby @fault:lobby-ignored
  Scenario Outline: The lobby of a <kind> conversation holds its plain members
    Given the owner and the user share a <kind> conversation "room"
    And the owner has closed the lobby of "room"
    When the user tries to send a message to "room" with 412
    Then the owner does not see the message "Is anybody there?" in the chat of "room"

    Examples:
      | kind               |
      | group              |
      | public             |
      | password-protected |

  @capability:webinary-lobby @fault:lobby-holds-moderators
  Scenario Outline: The lobby of a <kind> conversation lets its moderators through
    Given the owner and the user share a <kind> conversation "room"
    And the owner has closed the lobby of "room"
    When the owner tries to send a message to "room" with 201
    Then the owner sees the message "Is anybody there?" in the chat of "room"

    Examples:
      | kind               |
      | group              |
      | public             |
      | password-protected |

  @capability:read-only-rooms @fault:read-only-accepts-chat
  Scenario Outline: Nobody writes in a read-only <kind> conversation
    # capabilities.md, read-only-rooms: "people can not do calls or write chat messages"; docs/chat.md:
    # "403 Forbidden When the conversation is read-only". One-to-one conversations are never read-only.
    Given the owner and the user share a <kind> conversation "room"
    And the owner has made "room" read-only
    When the user tries to send a message to "room" with 403
    Then the owner does not see the message "Is anybody there?" in the chat of "room"

    Examples:
      | kind               |
      | group              |
      | public             |
      | password-protected |

  @capability:read-only-rooms @fault:read-only-accepts-calls
  Scenario Outline: Nobody joins the call of a read-only <kind> conversation
    Given the owner and the user share a <kind> conversation "room"
    And the owner has made "room" read-only
    And the user has joined "room"
    When the user tries to join the call of "room" with 403
    Then the user is not in the call of "room"

    Examples:
      | kind               |
      | group              |
      | public             |
      | password-protected |
