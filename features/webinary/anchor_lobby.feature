@theme:lobby @capability:webinary-lobby
Feature: The lobby holds users who joined by the link, lets everyone leave, and is set by logged-in moderators
  docs/webinary.md: while the lobby is on "Only moderators can start/join a call" and "Only moderators can
  read and write chat messages"; "Normal users can only join the room". A user who joined by the link
  (participant type 5, docs/constants.md) is no moderator. The lobby holds back the chat and the call:
  leaving the conversation and removing oneself (docs/participant.md, whose errors name no lobby) stay open.
  Only moderators and the owner set it ("403 Forbidden When the current participant is not a moderator or
  owner"); from API v4 on it is for logged-in users only (openapi.json of Talk 21.1: no public security).

  Background:
    Given the owner has created a public conversation "webinar"
    And the user is a participant of "webinar"
    And the user has joined "webinar"
    And the stranger has joined "webinar"

  @theme:self-joined @fault:lobby-spares-self-joined
  Scenario: The lobby holds a user who joined by the link
    Given the owner has closed the lobby of "webinar"
    When the stranger sends "Let me in" to "webinar" with 412
    And the stranger reads the chat of "webinar" with 412
    And the stranger joins the call of "webinar" with 412
    Then the owner does not see the message "Let me in" in the chat of "webinar"

  @fault:lobby-shows-last-message
  Scenario: A user held in the lobby reads the conversation but not its last message
    # docs/webinary.md: "Only moderators can read and write chat messages"; the conversation itself is what
    # those held "pull regularly for an update".
    Given the owner has closed the lobby of "webinar"
    When the owner sends "Moderators only" to "webinar" with 201
    Then the last message of "webinar" for the owner is "Moderators only"
    And the user sees the lobby of "webinar" closed
    And the user is not shown the last message of "webinar"

  @theme:self-joined @fault:self-joined-are-moderators
  Scenario: A user who joined by the link cannot close the lobby
    When the stranger closes the lobby of "webinar" with 403
    Then the owner sees the lobby of "webinar" open

  @fault:lobby-refuses-leaving
  Scenario: Users held in the lobby leave, join again and remove themselves
    Given the owner has closed the lobby of "webinar"
    When the user leaves "webinar" with 200
    And the user joins "webinar" with 200
    And the user removes themself from "webinar" with 200
    And the stranger removes themself from "webinar" with 200
    Then the participants of "webinar" do not hold the user
    And the participants of "webinar" do not hold the stranger

  @theme:guest-boundary @profile:v4:the-lobby-endpoint-is-for-logged-in-users-from-api-v4-on
  @fault:v4-lobby-by-guest-moderators
  Scenario: A guest moderator cannot set the lobby
    Given the guest has joined "webinar"
    And the owner has promoted the guest in "webinar"
    When the guest closes the lobby of "webinar" with 401
    Then the owner sees the lobby of "webinar" open
