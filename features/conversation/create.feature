Feature: Creating a conversation
  POST /room creates a one-to-one, group or public conversation (docs/conversation.md). From Talk 8.0
  the answer, 201 Created or 200 OK, is the conversation: "Data: See array definition in `Get user´s
  conversations`" (docs/conversation.md of Talk 8.0).

  @fault:create-wrong-type @fault:created-without-room
  Scenario: A user creates a public conversation
    When the owner creates a public conversation "open"
    Then the response is 201 Created
    And the response names the conversation "open"
    And the response describes the new conversation "open" of type public

  @fault:group-invite-adds-nobody
  Scenario: A user creates a group conversation by inviting a group
    When the owner creates a group conversation "staff" for the test group
    Then the response is 201 Created
    And the response describes the new conversation "staff" of type group
    And the user sees "staff" in the conversation list
    And the user is a participant of "staff" of type 3

  @capability:empty-group-room @fault:empty-group-room-refused
  Scenario: A group conversation can be created without inviting a group
    When the owner creates a group conversation "team"
    Then the response is 201 Created
    And the response names the conversation "team"
    And the response describes the new conversation "team" of type group
    And the owner is a participant of "team" of type 1
    And the stranger does not see "team" in the conversation list

  @fault:one-to-one-invitee-missing @theme:one-to-one
  Scenario: A user creates a one-to-one conversation
    When the owner creates a one-to-one conversation "chat" with the user
    Then the response is 201 Created
    And the response describes the new conversation "chat" of type one-to-one
    And the user sees "chat" in the conversation list

  @fault:one-to-one-duplicated @fault:created-without-room @theme:one-to-one
  Scenario: Asking again for an existing one-to-one conversation returns it
    Given the owner has created a one-to-one conversation "chat" with the user
    When the owner creates a one-to-one conversation "again" with the user
    Then the response is 200 OK
    And the response is the conversation "chat"

  @fault:create-invalid-type
  Scenario Outline: An invalid conversation type is refused
    When the owner creates a conversation of type "<type>"
    Then the response is 400 Bad Request

    Examples:
      | type |
      | 0    |
      | 5    |
      | -1   |
      | abc  |

  @fault:anonymous-create
  Scenario: Someone not logged in cannot create a conversation
    When someone not logged in creates a group conversation "anonymous"
    Then the response is 401 Unauthorized

  @fault:create-unknown-invitee
  Scenario: Inviting a user who does not exist
    When the owner creates a one-to-one conversation with a user who does not exist
    Then the response is 404 Not Found

  @fault:create-unknown-invitee
  Scenario: Inviting a group that does not exist
    When the owner creates a group conversation for a group that does not exist
    Then the response is 404 Not Found

  @fault:create-public-without-name
  Scenario: A public conversation needs a name
    # docs/conversation.md of Talk 8.0: "400 Bad Request When the conversation name is empty for
    # `type = 3`". Earlier docs give no answer.
    When the owner creates a public conversation with an empty name
    Then the response is what the docs give when "the conversation name is empty for `type = 3`"

  @fault:create-source-groups-refused @fault:created-without-room
  Scenario: A user creates a group conversation from a group, naming the source of the invite
    # docs/conversation.md of Talk 9.0: "`source` | string | The source for the invite, only supported on
    # `roomType = 2` for `groups` and `circles`" (the Talk 8.0 docs name it `inviteSource`, which
    # servers do not read).
    When the owner creates a group conversation "staff" for the test group with the source groups
    Then the response is 201 Created
    And the response describes the new conversation "staff" of type group
    And the user is a participant of "staff" of type 3
