@theme:guest-boundary
Feature: Guests
  Guests are clients without credentials, known by their session cookie. They join public
  conversations only, with the password where one is set, take part as participants of type 4 and
  may be removed by a moderator (docs/participant.md, docs/constants.md; the Talk 3.2 API docs). From
  Talk 8.0 a moderator promotes a guest by its `sessionId` and demotes a guest moderator the same way,
  and a participant who is not a guest is refused as one with 400, no longer 403
  (docs/participant.md of Talk 8.0).

  Background:
    Given the owner has created a public conversation "open"

  @fault:count-stuck @fault:participant-list-without-guests
  Scenario: A guest joins a public conversation
    When the guest joins "open"
    Then the response is 200 OK
    And the response gives the guest the session they have in "open"
    And the guest is a participant of "open" of type 4
    And the participants of "open" hold the guest as type 4
    And the owner sees "open" with at least 1 guests

  @fault:outsiders-join-private
  Scenario: A guest cannot join a group conversation
    Given the owner has created a group conversation "team"
    When the guest joins "team"
    Then the response is 404 Not Found

  @fault:leave-keeps-session
  Scenario: A guest leaves the conversation
    Given the guest has joined "open"
    When the guest leaves "open"
    Then the response is 200 OK
    And the guest has no session in "open"

  @fault:remove-guest-not-saved
  Scenario: A moderator removes a guest
    Given the moderator is a moderator of "open"
    And the guest has joined "open"
    When the moderator removes the guest from "open"
    Then the response is 200 OK
    And the guest has no session in "open"

  @fault:remove-guest-by-non-moderator
  Scenario: A user who is not a moderator cannot remove a guest
    Given the user is a participant of "open"
    And the guest has joined "open"
    When the user removes the guest from "open"
    Then the response is 403 Forbidden
    And the participants of "open" hold the guest as type 4

  # API v4 (docs/participant.md of Talk 21.1) has no removeGuest: "Delete an attendee by id from a
  # conversation" removes users and guests alike by attendeeId, so "not a guest" cannot be asked.
  @profile:v1:api-v4-removes-guests-and-users-alike-by-attendeeId @fault:remove-guest-anyone @fault:not-a-guest-other-release
  Scenario: Only guests are removed as guests
    Given the user is a participant of "open"
    And the user has joined "open"
    When the owner removes the session of the user from "open" as a guest
    Then the response is what the docs give when "the target participant is not a guest"
    And the participants of "open" hold the user as type 3

  @fault:remove-guest-unknown-200
  Scenario: Removing a guest who is not in the conversation
    When the owner removes a guest who is not in "open"
    Then the response is 404 Not Found

  @fault:strangers-get-403
  Scenario: A user who is not a participant cannot remove a guest
    Given the guest has joined "open"
    When the stranger removes the guest from "open"
    Then the response is 404 Not Found
    And the participants of "open" hold the guest as type 4
    And the owner gets 404 Not Found when removing a guest from a conversation that does not exist

  @fault:promote-not-saved
  Scenario: A moderator promotes a guest to a guest moderator
    Given the guest has joined "open"
    When the owner promotes the guest in "open"
    Then the response is 200 OK, or the server does not promote guests as the docs do not say how
    And the guest is a participant of "open" of type 6

  @fault:guest-demote-not-saved
  Scenario: A moderator demotes a guest moderator to a guest
    Given the guest has joined "open"
    And the owner has promoted the guest in "open"
    When the owner demotes the guest in "open"
    Then the response is 200 OK
    And the guest is a participant of "open" of type 4

  @fault:guests-are-moderators
  Scenario: A guest cannot promote anyone
    Given the user is a participant of "open"
    And the guest has joined "open"
    When the guest promotes the user in "open"
    Then the response is 403 Forbidden
    And the participants of "open" hold the user as type 3
