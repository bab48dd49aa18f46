Feature: Joining and leaving a conversation
  POST /room/{token}/participants/active joins a conversation for call and chat and gives a session
  id; DELETE leaves it (docs/participant.md; "Join a room" and "Leave a room" of the Talk 3.2 API
  docs). The password is only asked of users of type 4 or 5: guests and users following the link.
  From Talk 10.0 `force=false` makes a user who already has an active session get 409 Conflict with
  that session (docs/participant.md of Talk 10.0).

  @fault:join-without-session @fault:count-stuck
  Scenario: A participant joins the conversation
    Given the owner has created a group conversation "team"
    And the user is a participant of "team"
    When the user joins "team"
    Then the response is 200 OK
    And the response gives the user the session they have in "team"
    And the user has a session in "team"
    And the user sees "team" with at least 1 active participants
    And the participants of "team" hold the user as type 3

  @fault:leave-keeps-session
  Scenario: A participant leaves the conversation and stays a participant
    Given the owner has created a group conversation "team"
    And the user is a participant of "team"
    And the user has joined "team"
    When the user leaves "team"
    Then the response is 200 OK
    And the user has no session in "team"
    And the participants of "team" hold the user as type 3

  @fault:outsiders-join-private
  Scenario: A user who is not a participant cannot join a group conversation
    Given the owner has created a group conversation "team"
    When the stranger joins "team"
    Then the response is 404 Not Found
    And the participants of "team" do not hold the stranger
    And the owner gets 404 Not Found when joining a conversation that does not exist

  @fault:leave-unknown-200
  Scenario: A user who is not a participant cannot leave
    Given the owner has created a group conversation "team"
    When the stranger leaves "team"
    Then the response is 404 Not Found
    And the owner gets 404 Not Found when leaving a conversation that does not exist

  @fault:join-without-session
  Scenario: A user joins a public conversation by its link and becomes a participant of type 5
    Given the owner has created a public conversation "open"
    When the stranger joins "open"
    Then the response is 200 OK
    And the participants of "open" hold the stranger as type 5

  @fault:password-only-for-guests @fault:password-not-checked
  Scenario: A user following the link must give the password
    Given the owner has created a public conversation "open"
    And the owner has set the password of "open" to "correct horse battery staple"
    When the stranger joins "open" with the password "wrong guess"
    Then the response is 403 Forbidden
    And the participants of "open" do not hold the stranger

  @fault:password-join-refused
  Scenario: A user following the link who gives the password joins
    Given the owner has created a public conversation "open"
    And the owner has set the password of "open" to "correct horse battery staple"
    When the stranger joins "open" with the password "correct horse battery staple"
    Then the response is 200 OK
    And the participants of "open" hold the stranger as type 5

  @fault:join-force-ignored
  Scenario: A user who already has a session is told so when joining without forcing
    Given the owner has created a group conversation "team"
    And the user is a participant of "team"
    And the user has joined "team"
    When the user joins "team" again without forcing
    Then the response is 409 Conflict
    And the response gives the session the user already has in "team"

  @fault:password-asked-of-invited
  Scenario: An invited user needs no password
    Given the owner has created a public conversation "open"
    And the user is a participant of "open"
    And the owner has set the password of "open" to "correct horse battery staple"
    When the user joins "open"
    Then the response is 200 OK
    And the user has a session in "open"
