@theme:self-joined
Feature: Users who joined a public conversation by its link
  A user who joins a public conversation they were not invited to becomes a participant of type 5, "User
  following a public link" (docs/constants.md; "5 user following a public link" in the Talk 3.2 API docs),
  and may chat and call as any participant ("Join a conversation (available for call and chat)",
  docs/participant.md). Leaving removes them, while invited users stay (Talk's code; Talk's own suite:
  conversation/join-leave.feature); they may not moderate.

  Background:
    Given the owner has created a public conversation "open"
    And the user is a participant of "open"

  @fault:join-without-session
  Scenario: A user who joins by the link is listed as self-joined
    When the stranger joins "open" with 200
    Then "open" has these participants:
      | actor        | participantType  | session      |
      | the owner    | OWNER            | NO_SESSION   |
      | the user     | USER             | NO_SESSION   |
      | the stranger | USER_SELF_JOINED | SOME_SESSION |

  @fault:self-joined-may-not-chat @fault:join-call-not-saved
  Scenario: A self-joined user chats and calls
    Given the stranger has joined "open"
    When the stranger sends "Found you by the link" to "open" with 201
    And the stranger joins the call of "open" with 200
    Then the messages of "open" as the owner sees them are:
      | actor        | message               |
      | the stranger | Found you by the link |
    And the stranger is in the call of "open"

  @beyond-the-docs @fault:self-joined-kept-on-leave @fault:leave-keeps-session
  Scenario: Leaving removes a self-joined user, while an invited user stays
    Given the stranger has joined "open"
    And the user has joined "open"
    When the stranger leaves "open" with 200
    And the user leaves "open" with 200
    Then "open" has these participants:
      | actor     | participantType | session    |
      | the owner | OWNER           | NO_SESSION |
      | the user  | USER            | NO_SESSION |

  @fault:remove-self-not-saved
  Scenario: A self-joined user removes themself
    Given the stranger has joined "open"
    When the stranger removes themself from "open" with 200
    Then the participants of "open" do not hold the stranger

  @fault:self-joined-are-moderators
  Scenario Outline: A self-joined user may not moderate
    Given the stranger has joined "open"
    When the stranger <does> with 403
    Then the participants of "open" hold the user as type 3

    Examples:
      | does                            |
      | promotes the user in "open"     |
      | makes "open" private            |

  # The Talk 3.2 to 11.3 docs promote only a normal user (type 3) or, from Talk 8.0, a normal guest (4).
  @profile:v1:api-v4-docs-promote-self-joined-users @fault:promote-any-type @fault:wrong-type-other-release
  Scenario: A self-joined user is not promoted where the docs promote only normal users
    Given the stranger has joined "open"
    When the owner promotes the stranger in "open"
    Then the response is what the docs give when "the participant to promote is not a normal user"
    And the participants of "open" hold the stranger as type 5

  # docs/participant.md of Talk 21.1: "400 Bad Request When the participant to promote is not a normal user
  # (type `3`), normal guest (type `4`) or self-joined user (type `5`)".
  @profile:v4:the-v1-docs-promote-only-normal-users @fault:v4-promote-self-joined-refused
  Scenario: A self-joined user is promoted to moderator
    Given the stranger has joined "open"
    When the owner promotes the stranger in "open" with 200
    Then the participants of "open" hold the stranger as type 2
