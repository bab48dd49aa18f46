@theme:mentions-in-text
Feature: Mentions inside message text
  A chat message is read back as a Rich Object String: "`message` Message string with placeholders" and
  "`messageParameters` Message parameters for `message`" (docs/chat.md; the Talk 3.2 API docs, chat-v2).
  From Talk 8.0 "user ids that contain spaces as well as guest ids need to be wrapped in double-quotes when
  sending in a message: `@"space user"`" (docs/chat.md of Talk 8.0). No doc says how a mention of a user
  the server does not know, a user mentioned twice or an id that continues after a user's id is shown:
  those are what Talk's code does (lib/Chat/Parser/UserMention.php), beyond the docs.

  Background:
    Given the owner has created a group conversation "team"
    And the moderator is a participant of "team"
    And the user is a participant of "team"

  @fault:chat-message-not-saved
  Scenario: A message that mentions nobody reads as it was written, without parameters
    When the owner writes "Hello team, nothing to see here" to "team" with 201
    Then the user reads it in "team" as "Hello team, nothing to see here"

  @beyond-the-docs @fault:mention-of-unknown-user
  Scenario: A mention of a user the server does not know stays text
    When the owner writes "Hello @no-such-user-anywhere" to "team" with 201
    Then the user reads it in "team" as "Hello @no-such-user-anywhere"

  @beyond-the-docs @fault:mention-parameter-per-occurrence
  Scenario: Each user mentioned is one parameter, however often they are mentioned
    When the owner writes "Hi @{the user} and @{the moderator}, and @{the user} again" to "team" with 201
    Then the user reads it in "team" as "Hi {mention of the user} and {mention of the moderator}, and {mention of the user} again"

  @beyond-the-docs @fault:mention-inside-longer-id
  Scenario: A mention is the whole id after the @, not the start of a longer one
    When the owner writes "@{the user}x is not @{the user}" to "team" with 201
    Then the user reads it in "team" as "@{the user}x is not {mention of the user}"

  @fault:mention-quoted-ignored
  Scenario: A mention in double quotes is a mention too
    Given the docs of the server's release tell to send mentions in double quotes
    When the owner writes "Hello @"{the user}", how are you?" to "team" with 201
    Then the user reads it in "team" as "Hello {mention of the user}, how are you?"
