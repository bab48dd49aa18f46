@profile:v4:listable-conversations-and-the-description-are-served-from-api-v3-on-which-the-v1-profile-leaves-out
Feature: Who joins and finds an open conversation, and who sets and reads the description
  docs/constants.md, "Listable scope": "`1` Regular users only, excluding users created with the Guests app",
  "`2` Everyone"; PUT /room/{token}/listable "Open a conversation" lets the users of its scope join it
  without being invited, and only moderators set it; it is for logged-in users only (openapi.json of Talk
  21.1: no public security, so a guest gets 401). GET /listed-room "Get open conversations" takes a
  `searchTerm`. PUT /room/{token}/description: "403 Forbidden When the current user is not a moderator/owner"
  (a guest moderator is a moderator; openapi.json: a public page); every participant reads `description`
  in "Get user´s conversations" (docs/conversation.md of Talk 21.1).

  Background:
    Given the owner has created a group conversation "team"
    And the moderator is a moderator of "team"

  @theme:room-types @capability:listable-rooms @fault:v4-listed-rooms-not-joinable
  Scenario Outline: A user who was not invited joins a group conversation opened to <scope>
    Given the owner has set the listable scope of "team" to "<scope>"
    When the stranger joins "team" with 200
    Then the stranger sees "team" in the conversation list

    Examples:
      | scope         |
      | regular users |
      | everyone      |

  @theme:guest-boundary @capability:listable-rooms @fault:v4-listed-rooms-open-to-guests
  Scenario: A guest cannot join a group conversation opened to everyone
    Given the owner has set the listable scope of "team" to "everyone"
    When the guest joins "team" with 404
    And the guest reads the chat of "team"
    Then the response is 404 Not Found

  @beyond-the-docs @capability:listable-rooms @fault:v4-listed-joiners-self-joined
  Scenario Outline: A user who joins a <kind> conversation opened to <scope> is a user, not self-joined
    # Talk's ParticipantService::joinRoom makes whoever may list the conversation a user (3); no doc says.
    Given the owner has created a <kind> conversation "open"
    And the owner has set the listable scope of "open" to "<scope>"
    When the stranger joins "open" with 200
    Then the participants of "open" hold the stranger as type 3

    Examples:
      | kind   | scope         |
      | group  | regular users |
      | public | everyone      |

  @capability:listable-rooms @fault:v4-listed-search-term-ignored
  Scenario: The search leaves out the open conversations its term does not match
    Given the owner has set the listable scope of "team" to "everyone"
    When the stranger searches the open conversations for the term "no conversation is named so"
    Then the response is 200 OK
    And the open conversations found do not hold "team"

  @beyond-the-docs @capability:listable-rooms @fault:v4-listed-rooms-include-joined
  Scenario: A participant does not find the open conversations they are in
    # "Get open conversations" does not say whether the caller's own are left out; Talk's code leaves them out.
    Given the owner has set the listable scope of "team" to "everyone"
    And the user is a participant of "team"
    When the user searches the open conversations for "team"
    Then the response is 200 OK
    And the open conversations found do not hold "team"

  @capability:listable-rooms @fault:v4-listable-not-saved
  Scenario: A moderator opens the conversation
    When the moderator sets the listable scope of "team" to "everyone" with 200
    Then the owner sees "team" with the listable scope "everyone"

  @theme:guest-boundary @capability:listable-rooms @fault:v4-user-endpoints-404-for-guests
  Scenario: A guest moderator cannot open a conversation
    Given the owner has created a public conversation "open"
    And the guest has joined "open"
    And the owner has promoted the guest in "open"
    When the guest sets the listable scope of "open" to "everyone" with 401
    Then the owner sees "open" with the listable scope "participants only"

  @theme:guest-boundary @capability:room-description @fault:v4-description-refuses-guest-moderators
  Scenario: A guest moderator sets the description, and guests read it
    Given the owner has created a public conversation "open"
    And the guest has joined "open"
    And the second guest has joined "open"
    And the owner has promoted the guest in "open"
    When the guest sets the description of "open" to "Guests welcome" with 200
    Then the second guest sees "open" with the description "Guests welcome"
    And the owner sees "open" with the description "Guests welcome"

  @theme:guest-boundary @capability:room-description @fault:v4-description-by-guests
  Scenario: Neither a guest nor a user who joined by the link sets the description
    Given the owner has created a public conversation "open"
    And the guest has joined "open"
    And the stranger has joined "open"
    When the guest sets the description of "open" to "Hijacked" with 403
    And the stranger sets the description of "open" to "Hijacked" with 403
    Then the owner sees "open" without a description

  @capability:room-description @fault:v4-description-strangers-403
  Scenario: A user who is not a participant cannot set the description
    When the stranger sets the description of "team" to "Hijacked" with 404
    Then the owner sees "team" without a description

  @theme:guest-boundary @capability:room-description @fault:v4-description-strangers-403
  Scenario: A guest who has not joined cannot set the description
    Given the owner has created a public conversation "open"
    When the guest sets the description of "team" to "Hijacked" with 404
    And the guest sets the description of "open" to "Hijacked" with 404
    Then the owner sees "open" without a description
    And the owner sees "team" without a description

  @capability:room-description @fault:v4-description-not-saved
  Scenario: The conversation list gives the description, and an empty one once it is removed
    Given the user is a participant of "team"
    When the moderator sets the description of "team" to "Where the team talks" with 200
    Then the user sees "team" with the description "Where the team talks" in the conversation list
    When the moderator removes the description of "team" with 200
    Then the user sees "team" without a description in the conversation list
