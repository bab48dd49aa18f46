@theme:removal-and-promotion
Feature: Promoting and demoting moderators
  POST /room/{token}/moderators makes a user (type 3) a moderator (type 2), DELETE makes a moderator
  a user again; only moderators and the owner may (docs/participant.md; "Promote a user to a
  moderator" and "Demote a moderator to a user" of the Talk 3.2 API docs). The wrong participant type
  is answered 412 in the Talk 3.2 docs and 400 from Talk 6.0 on: the server's release decides.
  docs/participant.md of Talk 8.0 adds that a moderator cannot demote themself (403).

  Background:
    Given the owner has created a group conversation "team"
    And the moderator is a moderator of "team"
    And the user is a participant of "team"

  @fault:promote-not-saved @fault:moderators-are-plain-users
  Scenario: A moderator promotes a user
    When the moderator promotes the user in "team"
    Then the response is 200 OK
    And the participants of "team" hold the user as type 2
    And the user is a participant of "team" of type 2

  @fault:demote-not-saved
  Scenario: The owner demotes a moderator
    When the owner demotes the moderator in "team"
    Then the response is 200 OK
    And the participants of "team" hold the moderator as type 3

  @fault:promote-by-non-moderator
  Scenario: A user who is not a moderator cannot promote
    When the user promotes the user in "team"
    Then the response is 403 Forbidden
    And the participants of "team" hold the user as type 3

  @fault:promote-by-non-moderator
  Scenario: A user who is not a moderator cannot demote
    When the user demotes the moderator in "team"
    Then the response is 403 Forbidden
    And the participants of "team" hold the moderator as type 2

  @fault:promote-owner-allowed
  Scenario: The owner cannot be promoted
    When the moderator promotes the owner in "team"
    Then the response is one the docs give when "the participant to promote is not a normal user" or when "the participant to remove is an owner"
    And the participants of "team" hold the owner as type 1

  @fault:demote-self-allowed
  Scenario: A moderator cannot demote themself
    When the moderator demotes themself in "team"
    Then the response is what the docs give when "the current participant tries to demote themselves"
    And the participants of "team" hold the moderator as type 2

  @fault:promote-absent-200
  Scenario: Promoting someone who is not a participant
    When the owner promotes the stranger in "team"
    Then the response is 404 Not Found
    And the participants of "team" do not hold the stranger

  @fault:promote-absent-200
  Scenario: Demoting someone who is not a participant
    When the owner demotes the stranger in "team"
    Then the response is 404 Not Found

  @fault:strangers-get-403
  Scenario: A user who is not a participant cannot promote or demote
    When the stranger promotes the user in "team"
    Then the response is 404 Not Found
    And the owner gets 404 Not Found when promoting the user in a conversation that does not exist
    And the owner gets 404 Not Found when demoting the moderator in a conversation that does not exist

  @fault:promote-any-type @fault:wrong-type-other-release
  Scenario: Only a plain user can be promoted
    When the owner promotes the moderator in "team"
    Then the response is what the docs give when "the participant to promote is not a normal user"
    And the participants of "team" hold the moderator as type 2

  @fault:promote-any-type @fault:wrong-type-other-release
  Scenario: Only a moderator can be demoted
    When the owner demotes the user in "team"
    Then the response is what the docs give when "the participant to demote is not a moderator"
    And the participants of "team" hold the user as type 3
