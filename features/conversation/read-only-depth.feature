@theme:read-only @capability:read-only-rooms
Feature: Read-only for everyone, and unlocked again
  capabilities.md: read-only (`read-only-rooms`, Talk 6.0) "means people can not do calls or write chat
  messages": the owner, moderators, invited users, users who joined by the link and guests alike. The
  chat answers "403 Forbidden When the conversation is read-only" (docs/chat.md) and so does joining the
  call (docs/call.md); reading the chat stays open. Made read-write again (`state` 0,
  docs/conversation.md), the conversation takes messages and calls again.

  Background:
    Given the owner has created a public conversation "open"
    And the user is a participant of "open"
    And the owner has joined "open"
    And the user has joined "open"
    And the guest has joined "open"

  @fault:read-only-accepts-chat
  Scenario Outline: Nobody writes in a read-only conversation, its owner and guests included
    Given the stranger has joined "open"
    And the owner has made "open" read-only
    When <actor> sends "Still here" to "open" with 403
    Then the owner does not see the message "Still here" in the chat of "open"

    Examples:
      | actor        |
      | the owner    |
      | the user     |
      | the stranger |
      | the guest    |

  @fault:read-only-spares-guests
  Scenario: A guest neither writes nor joins the call in a read-only conversation
    Given the owner has made "open" read-only
    When the guest sends "Guest in a locked room" to "open" with 403
    And the guest joins the call of "open" with 403
    Then the guest is not in the call of "open"
    And the guest does not see the message "Guest in a locked room" in the chat of "open"

  @fault:read-only-accepts-calls
  Scenario Outline: Nobody joins the call of a read-only conversation, its owner and guests included
    Given the owner has made "open" read-only
    When <actor> joins the call of "open" with 403
    Then <actor> is not in the call of "open"

    Examples:
      | actor     |
      | the owner |
      | the user  |
      | the guest |

  @fault:read-only-stuck
  Scenario: A conversation made read-write again takes messages and calls again
    Given the owner has posted "Before the lock" to "open"
    And the owner has made "open" read-only
    When the user sends "While locked" to "open" with 403
    And the owner makes "open" read-write with 200
    And the user sends "After the lock" to "open" with 201
    And the guest sends "The guest after the lock" to "open" with 201
    And the guest joins the call of "open" with 200
    Then the messages of "open" as the guest sees them are:
      | actor     | message                  |
      | the guest | The guest after the lock |
      | the user  | After the lock           |
      | the owner | Before the lock          |
    And the guest is in the call of "open"

  @fault:read-only-accepts-chat
  Scenario: The members of a read-only group conversation still read but no longer write
    Given the owner has created a group conversation "team"
    And the user is a participant of "team"
    And the user has joined "team"
    And the owner has posted "Read only from now on" to "team"
    And the owner has made "team" read-only
    When the user sends "Can I?" to "team" with 403
    And the user reads the chat of "team" with 200
    Then the messages of "team" as the user sees them are:
      | actor     | message               |
      | the owner | Read only from now on |

  @fault:read-only-call-list-and-leave
  Scenario: A guest does not see who is in the call of a read-only conversation
    # docs/call.md of Talk 8.0 and later: listing the call too is "403 Forbidden When the conversation is
    # read-only"; the docs of Talk 6.0 and 7.0 say nothing of it.
    Given the owner has made "open" read-only
    When the guest lists the participants in the call of "open"
    Then the response is what the docs give when "the conversation is read-only"
