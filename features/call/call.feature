Feature: Joining and leaving a call
  POST /call/{token} joins the call of a conversation one has joined, DELETE leaves it (staying in
  the conversation), GET lists the participants connected to the call (docs/call.md; "Call
  management" of the Talk 3.2 API docs). docs/call.md of Talk 8.0 adds "403 Forbidden When the
  conversation is read-only" to all three and "404 Not Found When the user did not join the
  conversation before" to joining and leaving.

  Background:
    Given the owner has created a group conversation "team"
    And the user is a participant of "team"
    And the user has joined "team"

  @fault:join-call-not-saved @fault:has-call-missing
  Scenario: A participant joins the call
    When the user joins the call of "team"
    Then the response is 200 OK
    And the user is in the call of "team"
    And the owner sees a call in "team"
    And the call of "team" holds the user

  @fault:leave-call-keeps-flag
  Scenario: A participant leaves the call and stays in the conversation
    Given the user has joined the call of "team"
    When the user leaves the call of "team"
    Then the response is 200 OK
    And the user is not in the call of "team"
    And the call of "team" does not hold the user
    And the user has a session in "team"

  @fault:call-peers-leak
  Scenario: The call lists those in the call, not everyone who joined the conversation
    Given the owner has joined "team"
    And the user has joined the call of "team"
    When the owner lists the participants in the call of "team"
    Then the response is 200 OK
    And the call of "team" holds the user
    And the call of "team" does not hold the owner

  @fault:call-for-strangers
  Scenario: A user who is not a participant cannot list the call
    When the stranger lists the participants in the call of "team"
    Then the response is 404 Not Found
    And the owner gets 404 Not Found when listing the call of a conversation that does not exist

  @fault:call-for-strangers
  Scenario: A user who is not a participant cannot join the call
    When the stranger joins the call of "team"
    Then the response is 404 Not Found
    And the owner gets 404 Not Found when joining the call of a conversation that does not exist

  @fault:call-for-strangers
  Scenario: A user who is not a participant cannot leave the call
    When the stranger leaves the call of "team"
    Then the response is 404 Not Found
    And the owner gets 404 Not Found when leaving the call of a conversation that does not exist

  @fault:join-call-without-session
  Scenario: A participant who has not joined the conversation cannot join its call
    When the owner joins the call of "team"
    Then the response is what the docs give when "the user did not join the conversation before"
    And the owner is not in the call of "team"

  @capability:read-only-rooms @fault:read-only-call-list-and-leave
  Scenario: Nobody lists the call of a read-only conversation
    Given the owner has created a public conversation "open"
    And the user is a participant of "open"
    And the user has joined "open"
    And the owner has made "open" read-only
    When the user lists the participants in the call of "open"
    Then the response is what the docs give when "the conversation is read-only"

  @capability:read-only-rooms @fault:read-only-call-list-and-leave
  Scenario: Nobody leaves the call of a read-only conversation
    Given the owner has created a public conversation "open"
    And the user is a participant of "open"
    And the user has joined "open"
    And the user has joined the call of "open"
    And the owner has made "open" read-only
    When the user leaves the call of "open"
    Then the response is what the docs give when "the conversation is read-only"

  @fault:join-call-not-saved @fault:has-call-missing
  Scenario: A guest joins the call of a public conversation
    Given the owner has created a public conversation "open"
    And the guest has joined "open"
    When the guest joins the call of "open"
    Then the response is 200 OK
    And the guest is in the call of "open"
    And the owner sees a call in "open"
    And the call of "open" holds the guest
