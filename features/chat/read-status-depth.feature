@theme:read-status
Feature: Read status: the read marker a client controls, unread counts, the last common read
  `setReadMarker` of receiving messages: "`1` to automatically set the read timer after fetching the
  messages, use `0` when your client calls `Mark chat as read` manually" (capability
  chat-read-marker). `unreadMessages` is the "Number of unread chat messages in the conversation"
  (chat-v2; docs/conversation.md). `X-Chat-Last-Common-Read` is the "ID of the last message read by
  every user that has read privacy set to public" (chat-read-status, Talk 11.0; docs/chat.md). Every
  account of the suite keeps the default privacy, public.

  Background:
    Given the owner has created a group conversation "team"
    And the user is a participant of "team"

  @capability:chat-read-marker @capability:chat-v2 @fault:read-marker-set-despite-opt-out
  Scenario: Fetching new messages without setting the read marker leaves them unread
    Given the user has marked "team" as read
    And the owner has posted "One" to "team"
    And the owner has posted "Two" to "team"
    When the user fetches the messages of "team" newer than "One" without setting the read marker
    Then the response is 200 OK
    And the answer holds "Two"
    And the user has 2 unread messages in "team"

  @capability:chat-read-marker @capability:chat-v2 @fault:system-messages-counted-unread
  Scenario: System messages are not counted as unread
    Given the user has marked "team" as read
    When the owner makes "team" public
    Then the response is 200 OK
    And the user has 0 unread messages in "team"

  @capability:chat-read-marker @fault:chat-message-not-saved
  Scenario: Replies count as unread messages
    Given the user has marked "team" as read
    And the owner has posted "Who is in?" to "team"
    When the owner replies "Anyone?" to "Who is in?" in "team" with 201
    Then the user has 2 unread messages in "team"

  @capability:chat-read-status @fault:common-read-wrong
  Scenario: The participant who read least holds the last common read back
    Given the moderator is a participant of "team"
    And the owner has posted "One" to "team"
    And the owner has posted "Two" to "team"
    And the owner has posted "Three" to "team"
    And the owner has marked "team" as read up to "Three"
    And the moderator has marked "team" as read up to "Two"
    When the user marks "team" as read up to "One"
    Then the response is 200 OK
    And the last common read of the response is "One" in "team"
    When the user marks "team" as read up to "Three"
    Then the response is 200 OK
    And the last common read of the response is "Two" in "team"

  # The code of Talk 9.0 and later moves the sender's read marker (ChatController::sendMessage); no doc says.
  @capability:chat-read-marker @capability:chat-v2 @beyond-the-docs @fault:send-keeps-read-marker
  Scenario: Sending a message leaves the sender nothing unread, as in the code of Talk 9.0 and later
    Given the user has marked "team" as read
    And the owner has posted "One" to "team"
    And the owner has posted "Two" to "team"
    When the user sends "Three" to "team" with 201
    Then the user has 0 unread messages in "team", as in the code of Talk 9.0 and later

  # Talk's code starts a participant added later with everything so far read (Room::addUsers); no doc says.
  @capability:chat-read-status @beyond-the-docs @fault:added-user-reads-nothing
  Scenario: A participant added later does not hold the last common read back
    Given the owner has posted "One" to "team"
    And the owner has marked "team" as read up to "One"
    And the user has marked "team" as read up to "One"
    When the owner adds the moderator to "team" with 200
    And the user marks "team" as read up to "One"
    Then the response is 200 OK
    And the last common read of the response is "One" in "team"
