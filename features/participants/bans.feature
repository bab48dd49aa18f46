@profile:v4:bans-come-with-api-v4 @capability:ban-v1
Feature: Banning
  /api/v1/ban/{token} lists (GET) and adds (POST) the bans of a conversation, DELETE
  /api/v1/ban/{token}/{banId} lifts one (capability `ban-v1`: "Whether the API to ban attendees is
  available", docs/capabilities.md of Talk 21.1; openapi.json of Talk 21.1: 200 the ban, 400 `{error}` with
  `bannedActor`, `internalNote`, `moderator`, `self` or `room`). Only moderators may (403, the middleware's),
  and a banned user cannot join the conversation (403, error `ban`).

  Background:
    Given the owner has created a public conversation "open"
    And the moderator is a moderator of "open"
    And the user is a participant of "open"

  @fault:v4-banned-may-join
  Scenario: A moderator bans a user, who can no longer join
    When the moderator bans the user from "open"
    Then the response is 200 OK
    And the response is the ban of the user by the moderator
    And the bans of "open" hold the user
    When the user joins "open"
    Then the response is 403 Forbidden

  @fault:v4-unban-not-saved
  Scenario: A user whose ban is lifted joins again
    Given the owner has banned the user from "open"
    When the owner lifts the ban of the user from "open"
    Then the response is 200 OK
    And the bans of "open" do not hold the user
    When the user joins "open"
    Then the response is 200 OK

  @fault:v4-bans-by-non-moderator
  Scenario: A participant who is not a moderator cannot list the bans
    When the user lists the bans of "open"
    Then the response is 403 Forbidden

  @fault:v4-bans-by-non-moderator
  Scenario: A participant who is not a moderator cannot ban
    Given the stranger has joined "open"
    When the user bans the stranger from "open"
    Then the response is 403 Forbidden
    And the bans of "open" do not hold the stranger

  @fault:v4-ban-moderator-allowed
  Scenario: A moderator cannot be banned
    When the owner bans the moderator from "open"
    Then the response is 400 Bad Request
    And the bans of "open" do not hold the moderator

  @fault:v4-ban-twice-allowed
  Scenario: An actor already banned is not banned again
    Given the owner has banned the user from "open"
    When the owner bans the user from "open"
    Then the response is 400 Bad Request
