@theme:removal-and-promotion
Feature: Who may remove, promote and demote whom
  Only moderators and the owner remove, promote and demote participants; a plain participant is refused
  (403), a user who is not a participant does not see the conversation at all (404)
  (docs/participant.md: "403 Forbidden When the current user is not a moderator or owner"; "Delete a
  participant from a room" of the Talk 3.2 API docs). A moderator demotes another moderator as the owner
  does. Talk's own integration suite checks the same matrix (conversation/remove-participant.feature,
  promotion-demotion.feature).

  Background:
    Given the owner has created a group conversation "team"
    And the moderator is a moderator of "team"
    And the user is a participant of "team"

  @fault:remove-not-saved @fault:strangers-get-403 @fault:remove-by-non-moderator
  Scenario Outline: Who may remove a user
    When <actor> removes <target> from "team" with <status>
    Then the participants of "team" <after>

    Examples:
      | actor         | target        | status | after                          |
      | the owner     | the user      | 200    | do not hold the user           |
      | the moderator | the user      | 200    | do not hold the user           |
      | the user      | the moderator | 403    | hold the moderator as type 2   |
      | the stranger  | the user      | 404    | hold the user as type 3        |

  @fault:moderators-are-plain-users @fault:promote-not-saved @fault:strangers-get-403
  Scenario Outline: Who may promote a user
    When <actor> promotes the user in "team" with <status>
    Then the participants of "team" hold the user as type <type>

    Examples:
      | actor         | status | type |
      | the owner     | 200    | 2    |
      | the moderator | 200    | 2    |
      | the stranger  | 404    | 3    |

  @fault:moderators-are-plain-users @fault:demote-not-saved @fault:strangers-get-403
  Scenario Outline: A moderator demotes another moderator
    Given the user is a moderator of "team"
    When <actor> demotes the user in "team" with <status>
    Then the participants of "team" hold the user as type <type>

    Examples:
      | actor         | status | type |
      | the owner     | 200    | 3    |
      | the moderator | 200    | 3    |
      | the stranger  | 404    | 2    |

  # Talk's code asks "is the current user a moderator?" before looking for the participant named
  # (RoomController, RequireModeratorParticipant); the docs give both 403 and 404 and no order.
  @beyond-the-docs @fault:absent-before-permission
  Scenario: A plain participant removing someone who is not a participant is refused for lack of permission
    When the user removes the stranger from "team" with 403
    Then the participants of "team" do not hold the stranger

  # The code of Talk 11.0 and later (RoomController::removeSelfFromRoom): the last invited user (types 1-3)
  # leaving a group or public conversation deletes it, with the users who joined by the link; Talk 7 to 10
  # kept it. No doc says. Talk's own suite: conversation/remove-self.feature.
  @beyond-the-docs @fault:last-user-keeps-room @theme:self-joined
  Scenario: What happens to a conversation its last invited user leaves depends on the release
    Given the owner has created a public conversation "open"
    And the stranger has joined "open"
    When the owner removes themself from "open" with 200
    Then the stranger no longer finds "open" from Talk 11.0 on, and still does before
