Feature: System messages after each change of a conversation
  The server writes a system message for each change of a conversation, by the user who made it
  (docs/chat.md, "System messages": "`conversation_created` - {actor} created the conversation",
  "`user_added` - {actor} added {user} to the conversation", "`user_removed` - {actor} removed {user}
  from the conversation", "`moderator_promoted` - {actor} promoted {user} to moderator",
  "`moderator_demoted` - {actor} demoted {user} from moderator", "`guests_allowed` - {actor} allowed
  guests in the conversation", "`guests_disallowed`", "`password_set`", "`password_removed`",
  "`read_only` - {actor} locked the conversation", "`read_only_off` - {actor} unlocked the conversation",
  "`call_started` - {actor} started a call", "`call_joined` - {actor} joined the call", "`call_left` -
  {actor} left the call", "`call_ended` - Call with {user1}, {user2}…"; the Talk 7.0 docs on).
  Messages are listed newest first. What Talk's code alone decides (no message in a one-to-one
  conversation, none for a self-join) is checked beyond the docs.

  Background:
    Given the owner has created a group conversation "team"

  @theme:system-messages @capability:system-messages @fault:system-messages-missing
  Scenario: A new conversation starts with conversation_created by its creator
    Then the system messages of "team" as the owner sees them are:
      | actor     | systemMessage        |
      | the owner | conversation_created |

  @theme:system-messages @capability:system-messages @fault:system-message-by-the-target
  Scenario: Adding, promoting, demoting and removing a participant each write a message by who did it
    When the owner adds the user to "team" with 200
    And the owner promotes the user in "team" with 200
    And the owner demotes the user in "team" with 200
    And the owner removes the user from "team" with 200
    Then the system messages of "team" as the owner sees them are:
      | actor     | systemMessage        |
      | the owner | user_removed         |
      | the owner | moderator_demoted    |
      | the owner | moderator_promoted   |
      | the owner | user_added           |
      | the owner | conversation_created |

  @theme:system-messages @capability:system-messages @fault:group-invite-adds-nobody
  Scenario: A conversation made for a group has one user_added for each member
    Given the owner has created a group conversation "club" for the test group
    Then the system messages of "club" as the moderator sees them are:
      | actor     | systemMessage        |
      | the owner | user_added           |
      | the owner | user_added           |
      | the owner | conversation_created |

  @theme:system-messages @capability:system-messages @fault:guests-toggle-writes-no-system-message
  Scenario: Making a conversation public and private again writes guests_allowed and guests_disallowed
    When the owner makes "team" public with 200
    And the owner makes "team" private with 200
    Then the system messages of "team" as the owner sees them are:
      | actor     | systemMessage        |
      | the owner | guests_disallowed    |
      | the owner | guests_allowed       |
      | the owner | conversation_created |

  @theme:system-messages @capability:system-messages @fault:password-writes-no-system-message
  Scenario: Setting and removing the password writes password_set and password_removed
    Given the owner has created a public conversation "open"
    When the owner sets the password of "open" to "correct horse battery staple" with 200
    And the owner removes the password of "open" with 200
    Then the system messages of "open" as the owner sees them are:
      | actor     | systemMessage        |
      | the owner | password_removed     |
      | the owner | password_set         |
      | the owner | conversation_created |

  @theme:system-messages @capability:system-messages @capability:read-only-rooms
  @fault:read-only-writes-no-system-message
  Scenario: Locking and unlocking a conversation writes read_only and read_only_off
    Given the user is a participant of "team"
    When the owner makes "team" read-only with 200
    And the owner makes "team" read-write with 200
    Then the system messages of "team" as the user sees them are:
      | actor     | systemMessage        |
      | the owner | read_only_off        |
      | the owner | read_only            |
      | the owner | user_added           |
      | the owner | conversation_created |

  @theme:system-messages @capability:system-messages @fault:call-messages-missing
  Scenario: Starting, joining and leaving a call write call_started, call_joined and call_left
    Given the user is a participant of "team"
    And the owner has joined "team"
    And the user has joined "team"
    When the owner joins the call of "team" with 200
    And the user joins the call of "team" with 200
    And the user leaves the call of "team" with 200
    Then the system messages of "team" as the owner sees them are:
      | actor     | systemMessage        |
      | the user  | call_left            |
      | the user  | call_joined          |
      | the owner | call_started         |
      | the owner | user_added           |
      | the owner | conversation_created |

  @theme:system-messages @capability:system-messages @fault:call-messages-missing
  Scenario: The call of two ends with call_ended when the last one leaves it
    Given the user is a participant of "team"
    And the owner has joined "team"
    And the user has joined "team"
    And the owner has joined the call of "team"
    And the user has joined the call of "team"
    And the chat of "team" is marked
    When the user leaves the call of "team" with 200
    And the owner leaves the call of "team" with 200
    Then "call_ended" is among the system messages written in "team" since it was marked

  @theme:system-messages @capability:system-messages @beyond-the-docs @fault:self-join-writes-user-added
  Scenario: A user who joins a public conversation by themself writes no system message
    Given the owner has created a public conversation "open"
    When the stranger joins "open" with 200
    Then the system messages of "open" as the owner sees them are:
      | actor     | systemMessage        |
      | the owner | conversation_created |

  @theme:system-messages @capability:system-messages @beyond-the-docs @fault:user-added-in-one-to-one
  Scenario: A one-to-one conversation gets no user_added
    Given a newcomer has an account
    And the owner has created a one-to-one conversation "pair" with the newcomer
    Then the system messages of "pair" as the owner sees them are:
      | actor     | systemMessage        |
      | the owner | conversation_created |
