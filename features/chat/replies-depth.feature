@theme:reply-threading
Feature: Replies: who may reply to what, and the parent each reply carries
  Capability chat-replies (Talk 8.0): `replyTo` is "The message ID this message is a reply to (only
  allowed for messages from the same conversation and when the message type is not `system` or
  `command`)"; a reply carries its `parent` (docs/chat.md of Talk 10.0, "Parent data"). Only
  participants may post: "404 Not Found When the conversation could not be found for the participant".

  Background:
    Given the owner has created a group conversation "team"
    And the user is a participant of "team"

  @capability:chat-replies @fault:reply-without-parent
  Scenario: Several participants reply to the same message several times
    Given the owner has posted "Who is in?" to "team"
    When the owner replies "Me" to "Who is in?" in "team" with 201
    And the user replies "Me too" to "Who is in?" in "team" with 201
    And the user replies "And my plus one" to "Who is in?" in "team" with 201
    Then the messages of "team" as the user sees them are:
      | actor     | message         | parent     |
      | the user  | And my plus one | Who is in? |
      | the user  | Me too          | Who is in? |
      | the owner | Me              | Who is in? |
      | the owner | Who is in?      | EMPTY      |

  @capability:chat-replies @fault:reply-without-parent
  Scenario: A reply to a reply carries the reply it answers
    Given the owner has posted "Who is in?" to "team"
    And the user has replied "Me" to "Who is in?" in "team"
    When the owner replies "Great" to "Me" in "team" with 201
    And the user replies "Thanks" to "Great" in "team" with 201
    Then the messages of "team" as the owner sees them are:
      | actor     | message    | parent     |
      | the user  | Thanks     | Great      |
      | the owner | Great      | Me         |
      | the user  | Me         | Who is in? |
      | the owner | Who is in? | EMPTY      |

  @capability:chat-replies @fault:reply-without-parent
  Scenario: A guest replies to a user, and a user to the guest
    Given the owner has made "team" public
    And the guest has joined "team"
    And the owner has posted "Welcome" to "team"
    When the guest replies "Hello" to "Welcome" in "team" with 201
    And the owner replies "Glad you came" to "Hello" in "team" with 201
    Then the messages of "team" as the guest sees them are:
      | actor     | message       | parent  |
      | the owner | Glad you came | Hello   |
      | the guest | Hello         | Welcome |
      | the owner | Welcome       | EMPTY   |

  # replyTo is in the docs from Talk 7.0 on, before chat-replies advertised it (Talk 8.0).
  @fault:chat-open-to-strangers
  Scenario: A user who is not a participant cannot reply
    Given the owner has posted "Who is in?" to "team"
    When the stranger replies "Me" to "Who is in?" in "team" with 404
    Then the messages of "team" as the owner sees them are:
      | actor     | message    |
      | the owner | Who is in? |

  # Talk 11.1's Message::isReplyable refuses a deleted message; the docs refuse only system and command
  # messages.
  @capability:chat-replies @capability:delete-messages @beyond-the-docs @fault:reply-to-deleted-accepted
  Scenario: A deleted message cannot be replied to
    Given the user has posted "Oops" to "team"
    And the user has deleted the message "Oops" in "team"
    When the owner replies "What was it?" to the deleted "Oops" in "team" with 400
    Then the owner sees that the deleted "Oops" cannot be replied to in "team"
