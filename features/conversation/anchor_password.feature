Feature: A removed password lets users following the link join again
  PUT /room/{token}/password: `password` is the "New password for the conversation"; only moderators and the
  owner set it (docs/conversation.md). No release's docs say that an empty password removes it, which Talk's
  own suite checks by joining: reported beside the matrix, never failed.

  @beyond-the-docs @theme:self-joined @fault:password-not-removed
  Scenario: A moderator removes the password, and a user following the link joins without one
    Given the owner has created a public conversation "open"
    And the moderator is a moderator of "open"
    And the owner has set the password of "open" to "correct horse battery staple"
    When the moderator removes the password of "open" with 200
    And the stranger joins "open" with 200
    Then the participants of "open" hold the stranger as type 5
