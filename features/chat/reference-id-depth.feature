@theme:reference-ids
Feature: Reference ids: what a sender may choose, and who sees it
  Capability chat-reference-id (Talk 9.0): `referenceId` is "A reference string to be able to identify
  the message again in a "get messages" request, should be a random sha256", and each message carries
  the `referenceId` "that was given while posting the message" (docs/chat.md of Talk 9.0). Nothing
  makes a reference id unique: the sender chooses it.

  Background:
    Given the owner has created a group conversation "team"
    And the user is a participant of "team"

  @capability:chat-reference-id @fault:reference-id-dropped
  Scenario: Every participant sees the reference id each message was sent with
    Given the owner has posted "One" to "team" with the reference id "ref 1"
    When the owner sends "Two" to "team" with the reference id "ref 2"
    Then the response is 201 Created
    And the response has the reference id "ref 2"
    And the messages of "team" as the user sees them are:
      | actor     | message | referenceId |
      | the owner | Two     | ref 2       |
      | the owner | One     | ref 1       |

  @capability:chat-reference-id @fault:reference-id-reused-dropped
  Scenario: Two messages may carry the same reference id
    Given the owner has posted "One" to "team" with the reference id "ref 1"
    When the user sends "Two" to "team" with the reference id "ref 1"
    Then the response is 201 Created
    And the response has the reference id "ref 1"
    And the messages of "team" as the owner sees them are:
      | actor     | message | referenceId |
      | the user  | Two     | ref 1       |
      | the owner | One     | ref 1       |

  @capability:chat-reference-id @fault:reference-id-dropped
  Scenario: A guest's message keeps its reference id
    Given the owner has made "team" public
    And the guest has joined "team"
    When the guest sends "Hi" to "team" with the reference id "guest ref"
    Then the response is 201 Created
    And the messages of "team" as the owner sees them are:
      | actor     | message | referenceId |
      | the guest | Hi      | guest ref   |

  @capability:chat-reference-id @capability:chat-replies @fault:reference-id-dropped
  Scenario: A reply keeps its reference id
    Given the owner has posted "Who is in?" to "team"
    When the user sends "Me" to "team" with the reference id "reply ref" as a reply to "Who is in?"
    Then the response is 201 Created
    And the response has the reference id "reply ref"
