@profile:v4:what-real-servers-of-api-v4-answer
Feature: What real servers of API v4 answer where the docs give no data
  docs/conversation.md of Talk 21.1 gives no data for a delete or for a refused request (openapi-v4.yaml
  checks only the envelope). openapi.json of Talk 21.1 and a real Talk 22 server give them: a deleted conversation answers `null`; a refused rename
  answers `{"error": "value"}` (the error is one of "event", "type", "value"); every user has a changelog
  conversation (docs/constants.md: "`4` Changelog"; docs/settings.md: `changelog` "Whether the changelog
  conversation is updated with new features on major releases", `yes` by default). Reported beside the
  matrix, never failed.

  @beyond-the-docs @fault:v4-delete-answers-empty
  Scenario: Deleting a conversation answers null
    Given the owner has created a group conversation "team"
    When the owner deletes "team"
    Then the response is 200 OK
    And the response carries no data

  @beyond-the-docs @fault:v4-error-without-reason
  Scenario: A refused rename names its reason
    Given the owner has created a group conversation "team"
    When the owner renames "team" to an empty name
    Then the response is 400 Bad Request
    And the response names the error "value"

  @beyond-the-docs @fault:v4-fresh-user-no-rooms
  Scenario: A user's conversation list holds the changelog conversation
    When the user lists the conversations
    Then the response is 200 OK
    And the conversation list holds a changelog conversation
