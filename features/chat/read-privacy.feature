@theme:read-status @capability:chat-read-status
Feature: Read privacy: a user who keeps what they read to themself
  docs/settings.md (Talk 11.3 and 21.1): "Set user´s settings", `POST /settings/user` with `key` and
  `value`, answers "200 OK When the value was updated", "400 Bad Request When the key or value was
  invalid", "401 Unauthorized When the user is not logged in". The key `read_status_privacy` takes "One
  of the read-status constants" (docs/constants.md: `0` Read status is public, the default, `1` Read
  status is private); "The user's value can be found in `config => chat => read-privacy`" (capability
  chat-read-status, Talk 11.0; docs/capabilities.md). `X-Chat-Last-Common-Read` is the "ID of the last
  message read by every user that has read privacy set to public. When the user themself has it set to
  private the value the header is not set" (docs/chat.md of Talk 11.0). Only a newcomer, a user the run
  makes and deletes, is made private: every account the run shares keeps the default, public (with
  pre-made accounts the newcomer's scenarios are skipped).

  @fault:read-privacy-header-sent @fault:user-setting-not-saved
  Scenario: A user whose read privacy is private is not told the last common read
    Given a newcomer has an account
    And the owner has created a group conversation "team"
    And the newcomer is a participant of "team"
    And the newcomer has set their read privacy to private
    And the owner has posted "One" to "team"
    When the newcomer marks "team" as read up to "One"
    Then the response is 200 OK
    And the response does not tell the last common read
    When the newcomer reads the chat of "team" asking for the last common read
    Then the response is 200 OK
    And the response does not tell the last common read
    When the newcomer sends "Two" to "team"
    Then the response is 201 Created
    And the response does not tell the last common read

  @fault:read-privacy-counted @fault:user-setting-not-saved
  Scenario: A user who sets their read privacy to private no longer holds the last common read back
    Given a newcomer has an account
    And the owner has created a group conversation "team"
    And the user is a participant of "team"
    And the newcomer is a participant of "team"
    And the owner has posted "One" to "team"
    And the owner has posted "Two" to "team"
    And the owner has marked "team" as read up to "Two"
    And the newcomer has marked "team" as read up to "One"
    When the user marks "team" as read up to "Two"
    Then the response is 200 OK
    And the last common read of the response is "One" in "team"
    When the newcomer sets their read privacy to private
    Then the response is 200 OK
    When the user marks "team" as read up to "Two"
    Then the response is 200 OK
    And the last common read of the response is "Two" in "team"

  @fault:read-privacy-public-refused
  Scenario: A user who sets their read privacy back to public counts again and is told again
    Given a newcomer has an account
    And the owner has created a group conversation "team"
    And the user is a participant of "team"
    And the newcomer is a participant of "team"
    And the newcomer has set their read privacy to private
    And the owner has posted "One" to "team"
    And the owner has posted "Two" to "team"
    And the owner has marked "team" as read up to "Two"
    And the newcomer has marked "team" as read up to "One"
    When the newcomer sets their read privacy to public
    Then the response is 200 OK
    And the capabilities show the newcomer the read privacy public
    When the user marks "team" as read up to "Two"
    Then the response is 200 OK
    And the last common read of the response is "One" in "team"
    When the newcomer marks "team" as read up to "Two"
    Then the response is 200 OK
    And the last common read of the response is "Two" in "team"

  @fault:read-privacy-capability-fixed
  Scenario: The capabilities show each user their own read privacy
    Given a newcomer has an account
    When the newcomer sets their read privacy to private
    Then the response is 200 OK
    And the capabilities show the newcomer the read privacy private
    And the capabilities show the user the read privacy public

  # Setting the default again changes no account the run shares, so this one runs with pre-made accounts.
  @fault:read-privacy-public-refused
  Scenario: A user sets their read privacy to public, the default
    When the user sets their read privacy to public
    Then the response is 200 OK
    And the capabilities show the user the read privacy public

  @fault:user-setting-any-key @fault:user-setting-any-value
  Scenario Outline: A key or a value the docs do not give is refused
    When the user sets the user setting "<key>" to "<value>" with 400
    Then the capabilities show the user the read privacy public

    Examples:
      | key                 | value |
      | read_status_privacy | 2     |
      | read_status_privacy | -1    |
      | read-privacy        | 0     |

  @fault:user-setting-anonymous
  Scenario: Someone not logged in has no settings to set
    When someone not logged in sets their read privacy to private with 401
