@profile:v4:mention-permissions-come-with-api-v4 @capability:mention-permissions
Feature: Who may mention everyone
  PUT /room/{token}/mention-permissions sets "Whether all participants can mention using `@all` or only
  moderators" (docs/conversation.md of Talk 21.1, capability `mention-permissions`): "`0` Everyone
  (default) - All participants can mention using `@all`", "`1` Moderators - Only moderators can mention
  using `@all`" (docs/constants.md). It answers "400 Bad Request When permissions value is invalid", "400
  Bad Request When the conversation type does not support setting mention permissions (only group and
  public conversation)" and "403 Forbidden When the current user is not a moderator/owner". The whole
  conversation is offered among the mention suggestions with the source `calls` ("for mentioning the
  whole conversation", docs/chat.md).

  Background:
    Given the owner has created a group conversation "team"
    And the moderator is a moderator of "team"
    And the user is a participant of "team"

  @fault:v4-mention-permissions-not-saved
  Scenario: The owner lets only moderators mention everyone
    When the owner sets the mention permissions of "team" to 1
    Then the response is 200 OK
    And the user sees the mention permissions of "team" as 1

  @fault:v4-mention-permissions-unchecked
  Scenario: Mention permissions other than 0 and 1 are refused
    When the owner sets the mention permissions of "team" to 7
    Then the response is what the docs give when "permissions value is invalid"
    And the user sees the mention permissions of "team" as 0

  @fault:v4-mention-permissions-by-non-moderator
  Scenario: A participant who is not a moderator cannot set the mention permissions
    When the user sets the mention permissions of "team" to 1
    Then the response is 403 Forbidden
    And the user sees the mention permissions of "team" as 0

  @fault:v4-mention-all-for-everyone
  Scenario: Where only moderators may mention everyone, a participant is not offered the whole conversation
    Given the owner has let only moderators mention everyone in "team"
    When the user asks "team" for the suggestions to mention everyone
    Then the response is 200 OK
    And the suggestions do not offer the whole conversation
