Feature: Sending chat messages silently
  Capability silent-send (Talk 15): "Whether the chat API allows to send chat messages without triggering
  notifications"; silent-send-state (Talk 19): "Whether messages contain a flag that they were sent
  silently" (docs/capabilities.md of Talk 21.1). POST /chat/{token} takes `silent`: "If sent silent the
  message will not create chat notifications even for mentions"; a message's `silent` is "Whether the
  message was sent silently (only available with `silent-send-state` capability)" (docs/chat.md of Talk
  21.1).

  Background:
    Given the owner has created a group conversation "team"
    And the user is a participant of "team"

  @capability:silent-send @capability:silent-send-state @fault:v4-silent-flag-dropped
  Scenario: A message sent silently says so
    When the owner sends "Quietly" to "team" silently
    Then the response is 201 Created
    And the response is a message sent silently
    And the user sees "Quietly" sent silently in the chat of "team"

  @capability:silent-send @capability:silent-send-state @fault:v4-silent-flag-always
  Scenario: A message sent normally is not flagged silent
    Given the owner has posted "Quietly" to "team" silently
    When the owner sends "Loudly" to "team"
    Then the response is 201 Created
    And the user sees "Loudly" not sent silently in the chat of "team"
    And the user sees "Quietly" sent silently in the chat of "team"
