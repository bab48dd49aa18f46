Feature: Sending chat messages
  POST /chat/{token} posts a message and answers 201 with it; guests name themselves with
  actorDisplayName; an empty message is refused, and so is one over the server's maximum length
  (docs/chat.md; "Sending a new chat message" of the Talk 3.2 API docs, which give only 201 and 404).

  Background:
    Given the owner has created a group conversation "team"
    And the user is a participant of "team"

  @fault:chat-message-not-saved @fault:chat-timestamp-milliseconds
  Scenario: A participant sends a message
    When the user sends "Hello, team" to "team"
    Then the response is 201 Created
    And the response is the message "Hello, team" by the user in "team"
    And the owner sees "Hello, team" by the user in the chat of "team"

  @fault:guest-chat-name-ignored
  Scenario: A guest sends a message under the name they give
    Given the owner has made "team" public
    And the guest has joined "team"
    When the guest sends "Hi, I am new here" to "team" as "Visitor"
    Then the response is 201 Created
    And the owner sees "Hi, I am new here" by a guest called "Visitor" in the chat of "team"

  @fault:chat-empty-message-accepted
  Scenario: An empty message is refused
    When the user sends an empty message to "team"
    Then the response is what the docs give when "in case of any other error"
    And the owner sees no empty message in the chat of "team"

  # No document says that a message of spaces is empty: real Talk 11 servers post it (201).
  @beyond-the-docs @fault:chat-blank-message-accepted
  Scenario: A blank message is refused
    When the user sends a blank message to "team"
    Then the response is what the docs give when "in case of any other error"
    And the owner sees no empty message in the chat of "team"

  @fault:chat-max-length-unchecked
  Scenario: A message over the maximum length is refused
    When the user sends a message one character over the maximum length to "team"
    Then the response is what the docs give when "longer than the allowed limit"

  @fault:chat-length-in-bytes
  Scenario: A message of the maximum length is accepted
    When the user sends a message of the maximum length to "team"
    Then the response is 201 Created
    And the owner sees the message of the maximum length in the chat of "team"

  @fault:chat-open-to-strangers
  Scenario: A user who is not a participant cannot send
    When the stranger sends "Let me in" to "team"
    Then the response is 404 Not Found
    And the owner does not see the message "Let me in" in the chat of "team"

  @fault:chat-unknown-room-200
  Scenario: A conversation that does not exist cannot be sent to
    When the user sends "Anyone?" to a conversation that does not exist
    Then the response is 404 Not Found

  @fault:reply-to-refused
  Scenario: A reply to a message of the same conversation is posted
    Given the owner has posted "Who is in?" to "team"
    When the user replies "Me" to "Who is in?" in "team"
    Then the response is 201 Created
    And the owner sees the message "Me" in the chat of "team"

  @fault:reply-to-unchecked
  Scenario: A reply to a message of another conversation is refused
    Given the owner has created a group conversation "other"
    And the owner has posted "Elsewhere" to "other"
    When the owner replies "Misplaced" to "Elsewhere" of "other" in "team"
    Then the response is what the docs give when "in case of any other error"

  @capability:system-messages @fault:reply-to-unchecked
  Scenario: A reply to a system message is refused
    When the owner replies "To the system" to the system message "conversation_created" in "team"
    Then the response is what the docs give when "in case of any other error"
