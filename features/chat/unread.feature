@theme:read-status
Feature: Unread messages and the read marker
  A conversation tells a participant how many messages are unread (unreadMessages, capability
  chat-v2), whether they were mentioned since (unreadMention, mention-flag), what they read last
  (lastReadMessage, chat-read-marker) and its last message; POST /chat/{token}/read sets the marker
  (chat-read-marker), 404 for a conversation the caller is not in or for a guest (docs/chat.md,
  docs/conversation.md).

  Background:
    Given the owner has created a group conversation "team"
    And the user is a participant of "team"

  @capability:chat-v2 @fault:chat-message-not-saved
  Scenario: Messages from others count as unread
    Given the user has noted the unread messages of "team"
    When the owner sends "One" to "team"
    And the owner sends "Two" to "team"
    Then the user has 2 more unread messages in "team"
    And the last message of "team" for the user is "Two"

  @capability:chat-read-marker @fault:read-marker-not-saved
  Scenario: Marking the chat read leaves nothing unread
    Given the owner has posted "One" to "team"
    And the owner has posted "Two" to "team"
    When the user marks "team" as read up to "Two"
    Then the response is 200 OK
    And the user has 0 unread messages in "team"
    And the user has read "team" up to "Two"

  @capability:chat-read-marker @fault:read-marker-not-saved
  Scenario: A read marker before the last message leaves the later ones unread
    Given the owner has posted "One" to "team"
    And the owner has posted "Two" to "team"
    When the user marks "team" as read up to "One"
    Then the response is 200 OK
    And the user has 1 unread messages in "team"
    And the user has read "team" up to "One"

  @capability:mention-flag @capability:chat-read-marker @fault:mention-flag-never-set
  Scenario: A mention flags the conversation until it is read
    Given the user has marked "team" as read
    And the owner has sent a message mentioning the user to "team"
    Then the user is flagged as mentioned in "team"
    When the user marks "team" as read
    Then the response is 200 OK
    And the user is not flagged as mentioned in "team"

  @capability:chat-read-marker @fault:chat-open-to-strangers
  Scenario: A user who is not a participant cannot set a read marker
    When the stranger marks "team" as read
    Then the response is 404 Not Found

  @capability:chat-read-marker @fault:read-marker-guest-401
  Scenario: A guest cannot set a read marker
    Given the owner has made "team" public
    And the guest has joined "team"
    When the guest marks "team" as read
    Then the response is 404 Not Found

  @capability:chat-read-marker @fault:chat-unknown-room-200
  Scenario: A conversation that does not exist has no read marker
    When the user marks a conversation that does not exist as read
    Then the response is 404 Not Found

  # The code of Talk 9.0 to 11 moves the sender's marker (ChatController::sendMessage); no doc says it.
  @capability:chat-read-marker @beyond-the-docs @fault:send-keeps-read-marker
  Scenario: Sending moves the sender's read marker to the new message
    Given the owner has posted "One" to "team"
    When the user sends "Mine" to "team"
    Then the response is 201 Created
    And the user has read "team" up to "Mine", as in the code of Talk 9.0 and later
