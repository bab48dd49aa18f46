Feature: The shared step vocabulary, shown once per kind of step
  A short demonstration of each step of steps/tables.py and of an action's "with NNN" form
  (CONTRIBUTING.md, "Step vocabulary"), written once for both API versions: the participant list,
  the chat and the mention suggestions (docs/participant.md, docs/chat.md).

  Background:
    Given the owner has created a public conversation "open"
    And the user is a participant of "open"

  @fault:participant-list-without-guests
  Scenario: Two guests, each with a session of their own, are listed as guests
    When the guest joins "open" with 200
    And the second guest joins "open" with 200
    Then "open" has these participants:
      | actor            | participantType | session      |
      | the owner        | OWNER           | NO_SESSION   |
      | the user         | USER            | NO_SESSION   |
      | the guest        | GUEST           | SOME_SESSION |
      | the second guest | GUEST           | SOME_SESSION |

  @fault:chat-history-oldest-first
  Scenario: The chat as a table, newest first
    Given the guest has joined "open"
    When the guest sends "Hi" to "open" with 201
    And the owner sends "Hello" to "open" with 201
    Then the messages of "open" as the user sees them are:
      | actor     | message | systemMessage |
      | the owner | Hello   | EMPTY         |
      | the guest | Hi      | EMPTY         |

  @fault:rename-by-non-moderator
  Scenario: A refused rename writes no system message
    Given the chat of "open" is marked
    When the user renames "open" to "Hijacked" with 403
    Then no system message was written in "open" since it was marked

  @fault:mentions-offer-strangers
  Scenario: The mention suggestions are the conversation's participants
    Then the mention suggestions for "" in "open" are exactly:
      | actor    | source |
      | the user | users  |
