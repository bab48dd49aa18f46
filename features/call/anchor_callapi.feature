Feature: The call in every conversation type, with guests, passwords and read-only
  What spreed's own callapi suite walks through, room type by room type. GET /call/{token} lists the
  sessions in the call; it answers "404 Not Found When the conversation could not be found for the
  participant" and nothing about having joined, so a participant who has not joined the conversation
  lists the call too (docs/call.md; "Call management" of the Talk 3.2 API docs). Joining and leaving the
  call answer the same 404 to whom the conversation is not found for: users who are not participants,
  guests in a group or one-to-one conversation, a guest who left; a password keeps them out until given
  (docs/participant.md: "403 Forbidden When the password is required and didn't match"). A read-only
  conversation means "people can not do calls" (capabilities.md, read-only-rooms), for members of a
  group conversation and users who joined by the link alike (docs/call.md: "403 Forbidden When the
  conversation is read-only").

  @theme:room-types @fault:call-list-needs-session @fault:call-peers-leak
  Scenario Outline: Both members of a <kind> conversation see who is in its call, before they joined it too
    Given the owner has created a <kind> conversation "room" with the user in it
    And the owner has joined "room"
    And the owner has joined the call of "room"
    Then the call of "room" as the user sees it holds exactly:
      | actor     |
      | the owner |
    When the user joins "room" with 200
    And the user joins the call of "room" with 200
    Then the call of "room" as the owner sees it holds exactly:
      | actor     |
      | the owner |
      | the user  |
    When the owner leaves the call of "room" with 200
    Then the call of "room" as the user sees it holds exactly:
      | actor    |
      | the user |

    Examples:
      | kind       |
      | one-to-one |
      | group      |
      | public     |

  @theme:guest-boundary @fault:outside-guests-get-401
  Scenario Outline: A guest neither joins, lists nor leaves the call of a <kind> conversation
    Given the owner has created a <kind> conversation "room" with the user in it
    And the owner has joined "room"
    And the owner has joined the call of "room"
    When the guest joins "room" with 404
    And the guest lists the participants in the call of "room" with 404
    And the guest joins the call of "room" with 404
    And the guest leaves the call of "room" with 404
    Then the call of "room" as the owner sees it holds exactly:
      | actor     |
      | the owner |

    Examples:
      | kind       |
      | one-to-one |
      | group      |

  @theme:one-to-one @fault:call-for-strangers
  Scenario: A user who is not a participant neither joins, lists nor leaves the call of a one-to-one conversation
    Given the owner has created a one-to-one conversation "chat" with the user
    And the owner has joined "chat"
    And the owner has joined the call of "chat"
    When the stranger joins "chat" with 404
    And the stranger lists the participants in the call of "chat" with 404
    And the stranger joins the call of "chat" with 404
    And the stranger leaves the call of "chat" with 404
    Then the call of "chat" as the owner sees it holds exactly:
      | actor     |
      | the owner |

  @theme:self-joined @beyond-the-docs @fault:self-joined-kept-on-leave
  Scenario: A user who joined by the link and left no longer finds the call
    # No document says what leaving does to a user who joined by the link; Talk removes them (see
    # "Leaving removes a self-joined user, while an invited user stays"), so the call is no longer theirs.
    Given the owner has created a public conversation "open"
    And the owner has joined "open"
    And the owner has joined the call of "open"
    And the stranger has joined "open"
    And the stranger has joined the call of "open"
    When the stranger leaves the call of "open" with 200
    And the stranger leaves "open" with 200
    And the stranger lists the participants in the call of "open" with 404
    Then the call of "open" as the owner sees it holds exactly:
      | actor     |
      | the owner |

  @theme:guest-boundary @fault:outside-guests-get-401 @fault:leave-keeps-session
  Scenario: A guest who left a public conversation no longer finds its call
    Given the owner has created a public conversation "open"
    And the owner has joined "open"
    And the owner has joined the call of "open"
    And the guest has joined "open"
    And the guest has joined the call of "open"
    When the guest leaves the call of "open" with 200
    And the guest leaves "open" with 200
    And the guest lists the participants in the call of "open" with 404
    And the guest joins the call of "open" with 404
    Then the call of "open" as the owner sees it holds exactly:
      | actor     |
      | the owner |

  @theme:guest-boundary @fault:password-not-checked @fault:password-join-refused
  Scenario Outline: <actor> joins the call of a password-protected conversation once the password is given
    Given the owner has created a public conversation "open"
    And the owner has set the password of "open" to "correct horse"
    And the owner has joined "open"
    And the owner has joined the call of "open"
    When <actor> joins "open" with the password "wrong horse" with 403
    And <actor> joins the call of "open" with 404
    And <actor> joins "open" with the password "correct horse" with 200
    And <actor> joins the call of "open" with 200
    Then the call of "open" as <actor> sees it holds exactly:
      | actor     |
      | the owner |
      | <actor>   |

    Examples:
      | actor        |
      | the stranger |
      | the guest    |

  @fault:password-asked-of-invited
  Scenario: An invited member joins the call of a password-protected conversation without the password
    Given the owner has created a public conversation "open" with the user in it
    And the owner has set the password of "open" to "correct horse"
    When the user joins "open" with 200
    And the user joins the call of "open" with 200
    And the owner joins "open" with 200
    And the owner joins the call of "open" with 200
    Then the call of "open" as the user sees it holds exactly:
      | actor     |
      | the owner |
      | the user  |
    When the user leaves the call of "open" with 200
    Then the call of "open" as the user sees it holds exactly:
      | actor     |
      | the owner |

  @theme:read-only @capability:read-only-rooms @fault:read-only-accepts-calls @fault:read-only-stuck
  Scenario: The members of a read-only group conversation join its call only once it is read-write again
    Given the owner has created a group conversation "team" with the user in it
    And the owner has joined "team"
    And the user has joined "team"
    And the owner has made "team" read-only
    When the owner joins the call of "team" with 403
    And the user joins the call of "team" with 403
    And the owner makes "team" read-write with 200
    And the owner joins the call of "team" with 200
    And the user joins the call of "team" with 200
    Then the call of "team" as the user sees it holds exactly:
      | actor     |
      | the owner |
      | the user  |

  @theme:read-only @theme:self-joined @capability:read-only-rooms @fault:read-only-accepts-calls
  @fault:read-only-stuck
  Scenario: A user who joined a read-only conversation by its link joins its call only once it is read-write again
    Given the owner has created a public conversation "open"
    And the owner has made "open" read-only
    When the stranger joins "open" with 200
    And the stranger joins the call of "open" with 403
    And the owner makes "open" read-write with 200
    And the stranger joins the call of "open" with 200
    Then the call of "open" as the stranger sees it holds exactly:
      | actor        |
      | the stranger |

  @profile:v1:talk-12-and-later-give-a-new-user-default-conversations @fault:room-list-leaks
  Scenario: A new user takes part in no conversation
    # GET /room lists the conversations the user takes part in (docs/conversation.md; "Get user's
    # conversations" of the Talk 3.2 API docs): none for a user no one invited, while others have some.
    Given the owner has created a group conversation "others" with the user in it
    And a newcomer has an account
    When the newcomer lists the conversations
    Then the response is 200 OK
    And the conversation list is empty
