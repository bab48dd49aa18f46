Feature: The chat in each kind of conversation, from end to end
  Every participant of a conversation reads its chat, newest first, and writes in it; whoever is not in
  it finds neither: "404 Not Found When the conversation could not be found for the participant"
  (docs/chat.md; "Chat" of the Talk 3.2 API docs), in one-to-one (1), group (2) and public (3)
  conversations alike, a public one behind a password included. A read-only conversation (capability
  `read-only-rooms`) refuses every message, "403 Forbidden When the conversation is read-only", until it
  is made read-write again (`state` 0, docs/conversation.md). A one-to-one member who left is re-added
  when the partner writes (`locked-one-to-one-rooms`, docs/capabilities.md).

  @theme:room-types @fault:chat-message-not-saved @fault:chat-history-oldest-first
  Scenario Outline: Both members of a <kind> conversation read the whole chat, newest first
    Given the owner and the user share a <kind> conversation "room"
    When the owner sends "From the owner" to "room" with 201
    And the user sends "From the user" to "room" with 201
    Then the messages of "room" as the owner sees them are:
      | actor     | message        |
      | the user  | From the user  |
      | the owner | From the owner |
    And the messages of "room" as the user sees them are:
      | actor     | message        |
      | the user  | From the user  |
      | the owner | From the owner |

    Examples:
      | kind               |
      | one-to-one         |
      | group              |
      | password-protected |

  @theme:room-types @fault:chat-open-to-strangers
  Scenario Outline: Someone outside a <kind> conversation neither writes in its chat nor reads it
    Given the owner and the user share a <kind> conversation "room"
    And the owner has posted "Only for us" to "room"
    When the stranger sends "Let me in" to "room" with 404
    And the stranger reads the chat of "room" with 404
    Then the owner does not see the message "Let me in" in the chat of "room"

    Examples:
      | kind               |
      | one-to-one         |
      | group              |
      | public             |
      | password-protected |

  @theme:read-only @capability:read-only-rooms @fault:read-only-accepts-chat @fault:read-only-stuck
  Scenario Outline: The owner and a member write in a <kind> conversation again once it is read-write
    Given the owner and the user share a <kind> conversation "room"
    And the owner has posted "Before the lock" to "room"
    And the owner has made "room" read-only
    When the owner sends "Locked, owner" to "room" with 403
    And the user sends "Locked, user" to "room" with 403
    And the owner makes "room" read-write with 200
    And the owner sends "Unlocked, owner" to "room" with 201
    And the user sends "Unlocked, user" to "room" with 201
    Then the messages of "room" as the user sees them are:
      | actor     | message         |
      | the user  | Unlocked, user  |
      | the owner | Unlocked, owner |
      | the owner | Before the lock |

    Examples:
      | kind               |
      | group              |
      | public             |
      | password-protected |

  @theme:read-only @theme:self-joined @capability:read-only-rooms @fault:read-only-accepts-chat
  @fault:read-only-stuck
  Scenario: A user who joined by the link writes again once the conversation is read-write
    Given the owner has created a public conversation "open"
    And the stranger has joined "open"
    And the owner has made "open" read-only
    When the stranger sends "Locked" to "open" with 403
    And the owner makes "open" read-write with 200
    And the stranger sends "Unlocked" to "open" with 201
    Then the messages of "open" as the stranger sees them are:
      | actor        | message  |
      | the stranger | Unlocked |

  @theme:one-to-one @capability:locked-one-to-one-rooms @fault:one-to-one-left-stays-out
  Scenario: The one-to-one member a message of the partner brought back reads it
    Given the owner has created a one-to-one conversation "chat" with the user
    When the user removes themself from "chat" with 200
    And the owner sends "Are you still there?" to "chat" with 201
    Then the messages of "chat" as the user sees them are:
      | actor     | message              |
      | the owner | Are you still there? |

  # No doc says whether a user outside the conversation can be mentioned; Talk's code
  # (lib/Chat/Parser/UserMention.php) makes a placeholder of any user the server knows.
  @theme:mentions-in-text @beyond-the-docs @fault:mention-of-outsider-stays-text
  Scenario: A mention of a user who is not in the conversation becomes a placeholder too
    Given the owner and the user share a group conversation "room"
    When the owner writes "Have you met @{the stranger}?" to "room" with 201
    Then the user reads it in "room" as "Have you met {mention of the stranger}?"
