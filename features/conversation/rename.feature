Feature: Renaming a conversation
  PUT /room/{token} sets a new name of 1-200 characters (API v4: up to 255); only moderators and the owner may,
  and a one-to-one conversation cannot be renamed (docs/conversation.md).

  Background:
    Given the owner has created a group conversation "team"
    And the moderator is a moderator of "team"
    And the user is a participant of "team"

  @fault:rename-not-saved @fault:statuscode-mismatch
  Scenario: The owner renames the conversation
    When the owner renames "team" to "Renamed team"
    Then the response is 200 OK
    And the user sees "team" named "Renamed team"

  @fault:moderators-are-plain-users @fault:rename-not-saved
  Scenario: A moderator renames the conversation
    When the moderator renames "team" to "Moderated"
    Then the response is 200 OK
    And the owner sees "team" named "Moderated"

  # The longest name: 200 characters in API v1; "up to 255 characters" in API v4 (docs/conversation.md
  # of Talk 21.1). The profile's dialect knows which.
  @fault:rename-length-in-bytes @fault:v4-name-limit-200
  Scenario: The longest name the docs allow is allowed
    When the owner renames "team" to the longest name the docs allow
    Then the response is 200 OK
    And the owner sees "team" named with the longest name the docs allow

  @fault:rename-length-unchecked
  Scenario: A name one character longer than the docs allow is too long
    When the owner renames "team" to a name one character longer than the docs allow
    Then the response is what the docs give when "the name is too long"
    And the owner sees "team" named "team"

  @fault:rename-length-unchecked
  Scenario: An empty name is refused
    When the owner renames "team" to an empty name
    Then the response is what the docs give when "the name is empty"
    And the owner sees "team" named "team"

  # Who may: the moderators and the owner; a plain participant is refused (403), a user who is not a
  # participant does not see the conversation at all (404).
  @fault:rename-by-non-moderator @fault:strangers-get-403 @fault:moderators-are-plain-users
  Scenario Outline: Who may rename the conversation
    When <actor> renames "team" to "<name>" with <status>
    Then the owner sees "team" named "<seen>"

    Examples:
      | actor         | name      | status | seen      |
      | the moderator | Moderated | 200    | Moderated |
      | the user      | Hijacked  | 403    | team      |
      | the stranger  | Hijacked  | 404    | team      |

  @fault:unknown-room-200
  Scenario: A conversation that does not exist cannot be renamed
    When the owner renames a conversation that does not exist
    Then the response is 404 Not Found

  @fault:rename-one-to-one-400 @fault:rename-one-to-one-allowed @fault:rename-one-to-one-405 @theme:one-to-one
  Scenario: A one-to-one conversation cannot be renamed
    # 405 in the Talk 3.2 and 7.0 docs; "400 Bad Request When the conversation is a one to one
    # conversation" in docs/conversation.md of Talk 8.0 and later.
    Given the owner has created a one-to-one conversation "chat" with the user
    When the owner renames "chat" to "Private"
    Then the response is what the docs give when "the conversation is a one to one conversation"

  @fault:self-joined-are-moderators
  Scenario: A user who joined a public conversation by its link cannot rename it
    Given the owner has created a public conversation "open"
    And the stranger has joined "open"
    When the stranger renames "open" to "Hijacked"
    Then the response is 403 Forbidden
    And the owner sees "open" named "open"

  @fault:guests-are-moderators
  Scenario: A guest cannot rename
    Given the owner has created a public conversation "open"
    And the guest has joined "open"
    When the guest renames "open" to "Hijacked"
    Then the response is 403 Forbidden
    And the owner sees "open" named "open"
