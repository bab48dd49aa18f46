Feature: Allowing and disallowing guests
  POST /room/{token}/public makes a conversation public, DELETE makes it a group conversation
  again; only moderators and the owner may (docs/conversation.md).

  Background:
    Given the owner has created a group conversation "team"
    And the moderator is a moderator of "team"
    And the user is a participant of "team"

  @fault:public-not-saved
  Scenario: The owner makes the conversation public
    When the owner makes "team" public
    Then the response is 200 OK
    And the user sees "team" as a public conversation

  @fault:moderators-are-plain-users @fault:public-not-saved
  Scenario: A moderator makes the conversation public
    When the moderator makes "team" public
    Then the response is 200 OK
    And the owner sees "team" as a public conversation

  @fault:public-by-non-moderator
  Scenario: A user who is not a moderator cannot make it public
    When the user makes "team" public
    Then the response is 403 Forbidden
    And the owner sees "team" as a group conversation

  @fault:strangers-get-403
  Scenario: A user who is not a participant cannot make it public
    When the stranger makes "team" public
    Then the response is 404 Not Found
    And the owner sees "team" as a group conversation

  @fault:private-not-saved
  Scenario: The owner makes a public conversation private again
    Given the owner has made "team" public
    When the owner makes "team" private
    Then the response is 200 OK
    And the user sees "team" as a group conversation

  @fault:private-by-non-moderator
  Scenario: A user who is not a moderator cannot make it private
    Given the owner has made "team" public
    When the user makes "team" private
    Then the response is 403 Forbidden
    And the owner sees "team" as a public conversation

  @fault:strangers-get-403
  Scenario: A user who is not a participant cannot make it private
    Given the owner has made "team" public
    When the stranger makes "team" private
    Then the response is 404 Not Found
    And the owner sees "team" as a public conversation

  @fault:moderators-are-plain-users @fault:private-not-saved
  Scenario: A moderator makes a public conversation private again
    Given the owner has made "team" public
    When the moderator makes "team" private
    Then the response is 200 OK
    And the owner sees "team" as a group conversation

  @fault:self-joined-are-moderators
  Scenario: A user who joined by the link cannot make it private
    Given the owner has made "team" public
    And the stranger has joined "team"
    When the stranger makes "team" private
    Then the response is 403 Forbidden
    And the owner sees "team" as a public conversation

  @fault:guests-are-moderators
  Scenario: A guest cannot make it private
    Given the owner has made "team" public
    And the guest has joined "team"
    When the guest makes "team" private
    Then the response is 403 Forbidden
    And the owner sees "team" as a public conversation

  @fault:public-on-one-to-one @theme:one-to-one
  Scenario: A one-to-one conversation cannot be made public
    # docs/conversation.md of Talk 8.0: "400 Bad Request When the conversation is not a group
    # conversation". Only a one-to-one is asked: real servers answer 200 for a conversation that is
    # public already.
    Given the owner has created a one-to-one conversation "chat" with the user
    When the owner makes "chat" public
    Then the response is what the docs give when "the conversation is not a group conversation"
    And the owner sees "chat" as a one-to-one conversation

  @fault:public-on-one-to-one @theme:one-to-one
  Scenario: A one-to-one conversation cannot be made private
    # docs/conversation.md of Talk 8.0: "400 Bad Request When the conversation is not a public
    # conversation". Only a one-to-one is asked: real servers answer 200 for a group conversation.
    Given the owner has created a one-to-one conversation "chat" with the user
    When the owner makes "chat" private
    Then the response is what the docs give when "the conversation is not a public conversation"
    And the owner sees "chat" as a one-to-one conversation
