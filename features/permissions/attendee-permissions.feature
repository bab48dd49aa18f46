@profile:v4:permissions-come-with-api-v4 @capability:conversation-permissions
Feature: Attendee and default permissions
  PUT /room/{token}/attendees/permissions sets an attendee's permissions, PUT /room/{token}/permissions/default
  the conversation's default (docs/participant.md and docs/conversation.md of Talk 21.1, capability
  `conversation-permissions`: "Whether the default and custom permissions can be set for attendees").
  "If permissions are not `0` (default), the `1` (custom) permission will always be added"; the
  participant's `permissions` are "picked in order of attendee then call then default and the first which
  is `Custom` will apply". `method`: "`add` - Add the given flags to the permissions", "`remove` - Remove
  the given flags from the permissions" (docs/constants.md). Each answers "403 Forbidden When the current
  user is not a moderator, owner or guest moderator"; setting an attendee's, "404 Not Found When the
  attendee to set publishing permissions could not be found" and "400 Bad Request When the conversation
  type does not support setting publishing permissions, e.g. one-to-one conversations". Permission `128`
  "Can post chat message, share items and do reactions" (docs/constants.md), required to post from
  capability `chat-permission` on. Setting the permissions of all attendees: "Deprecated: 🏁 The API is
  no-op since Talk 20".

  Background:
    Given the owner has created a group conversation "team"
    And the moderator is a moderator of "team"
    And the user is a participant of "team"

  @fault:v4-attendee-permissions-not-saved
  Scenario: A moderator sets the permissions of an attendee
    When the moderator sets the permissions of the user in "team" to 134
    Then the response is 200 OK
    And the user sees their permissions in "team" as 135

  @fault:v4-permission-method-ignored
  Scenario: A moderator removes some permissions of an attendee
    Given the owner has set the permissions of the user in "team" to 134
    When the owner removes the permissions 4 from the user in "team"
    Then the response is 200 OK
    And the user sees their permissions in "team" as 131

  @fault:v4-permission-method-ignored
  Scenario: A moderator adds permissions to an attendee
    Given the owner has set the permissions of the user in "team" to 130
    When the owner adds the permissions 4 to the user in "team"
    Then the response is 200 OK
    And the user sees their permissions in "team" as 135

  @capability:chat-permission @fault:v4-permissions-ignored
  Scenario: An attendee without the chat permission cannot post
    Given the owner has set the permissions of the user in "team" to 6
    When the user sends "may I?" to "team"
    Then the response is 403 Forbidden
    And the owner does not see the message "may I?" in the chat of "team"

  @fault:v4-permissions-by-non-moderator
  Scenario: A participant who is not a moderator cannot set an attendee's permissions
    When the user sets the permissions of the moderator in "team" to 6
    Then the response is 403 Forbidden

  @fault:v4-permissions-unknown-attendee
  Scenario: Setting the permissions of an attendee who does not exist
    When the owner sets the permissions of an attendee who does not exist in "team" to 6
    Then the response is 404 Not Found

  @fault:v4-default-permissions-not-saved
  Scenario: The default permissions apply to participants without their own
    When the owner sets the default permissions of "team" to 4
    Then the response is 200 OK
    And the owner sees the default permissions of "team" as 5
    And the user sees their permissions in "team" as 0, picking the default 5

  @capability:chat-permission @fault:v4-permissions-ignored
  Scenario: A participant the default permissions do not let post cannot post
    Given the owner has set the default permissions of "team" to 4
    When the user sends "may I?" to "team"
    Then the response is 403 Forbidden

  @fault:v4-permissions-by-non-moderator
  Scenario: A participant who is not a moderator cannot set the default permissions
    When the user sets the default permissions of "team" to 4
    Then the response is 403 Forbidden
    And the owner sees the default permissions of "team" as 0

  @fault:v4-permissions-in-one-to-one
  Scenario: A one-to-one conversation has no default permissions
    Given the owner has created a one-to-one conversation "pair" with the user
    When the owner sets the default permissions of "pair" to 4
    Then the response is 400 Bad Request

  @fault:v4-permissions-by-non-moderator
  Scenario: A participant who is not a moderator cannot set the call permissions
    When the user sets the call permissions of "team" to 4
    Then the response is 403 Forbidden

  @fault:v4-permissions-by-non-moderator
  Scenario: A participant who is not a moderator cannot set the permissions of all attendees
    When the user sets the permissions of all attendees of "team" to 4
    Then the response is 403 Forbidden

  @beyond-the-docs @capability:chat-permission @fault:v4-permissions-restrict-moderators
  Scenario: The default permissions do not restrict a moderator
    Given the owner has set the default permissions of "team" to 4
    When the moderator sends "I may" to "team"
    Then the response is 201 Created
    And the moderator may use every permission in "team"

  @fault:v4-default-keeps-attendee-permissions
  Scenario: Setting the default permissions resets the attendees' own
    Given the owner has set the permissions of the user in "team" to 134
    When the owner sets the default permissions of "team" to 4
    Then the response is 200 OK
    And the user sees their permissions in "team" as 0, picking the default 5

  @fault:v4-all-permissions-applied
  Scenario: Setting the permissions of all attendees changes nothing from Talk 20 on
    Given the owner has set the permissions of the user in "team" to 134
    When the owner sets the permissions of all attendees of "team" to 4
    Then the response is 200 OK
    And the user still sees their permissions in "team" as 135, the call being a no-op since Talk 20
