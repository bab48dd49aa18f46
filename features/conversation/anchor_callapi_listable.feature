@capability:listable-rooms @profile:v4:listable-conversations-are-served-from-api-v3-on-which-the-v1-profile-leaves-out
Feature: Joining an open conversation
  A conversation opened with PUT /room/{token}/listable is "accessible to registered users" (scope 1) or "to
  registered users and users created with the Guests app" (scope 2) (docs/chat.md, system messages
  `listable_users`, `listable_all`; capabilities.md, listable-rooms: "Conversations can searched for even when
  not joined"): such a user joins it without being invited, a group conversation too. A guest without an
  account is neither: a group conversation stays "404 Not Found When the conversation could not be found for
  the participant" for them (docs/participant.md). What the joining user becomes is Talk's code only: a
  normal user (3), not one following a public link (5). The suite has no user of the Guests app.

  @theme:self-joined @fault:v4-listed-rooms-not-joinable
  Scenario Outline: A user who is not invited joins a group conversation opened to <scope>, a guest does not
    Given the owner has created a group conversation "team"
    And the owner has set the listable scope of "team" to "<scope>"
    When the stranger joins "team" with 200
    And the guest joins "team" with 404
    Then the stranger has a session in "team"

    Examples:
      | scope         |
      | regular users |
      | everyone      |

  @theme:self-joined @beyond-the-docs @fault:v4-listed-joiners-self-joined
  Scenario Outline: A user who joins a <kind> conversation opened to <scope> becomes a normal user
    Given the owner has created a <kind> conversation "room"
    And the owner has set the listable scope of "room" to "<scope>"
    When the stranger joins "room" with 200
    Then "room" has these participants:
      | actor        | participantType |
      | the owner    | OWNER           |
      | the stranger | USER            |

    Examples:
      | kind   | scope         |
      | group  | regular users |
      | public | regular users |
      | group  | everyone      |
      | public | everyone      |
