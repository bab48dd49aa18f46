@profile:v4:permissions-and-bans-come-with-api-v4
Feature: Permissions and bans refused
  docs/participant.md of Talk 21.1: setting an attendee's permissions answers "400 Bad Request When the mode
  is invalid" (`method`: `set`, `add` or `remove`, docs/constants.md); setting the permissions of all
  attendees "400 Bad Request When the conversation type does not support setting publishing permissions, e.g.
  one-to-one conversations", and "The API is no-op since Talk 20". Lifting a ban (capability `ban-v1`) is for moderators: "403 Forbidden When the
  current user is not a moderator/owner" (openapi.json of Talk 21.1, the middleware).

  @capability:conversation-permissions @fault:v4-permission-method-unchecked
  Scenario: An unknown method of setting permissions is refused
    Given the owner has created a group conversation "team"
    And the user is a participant of "team"
    When the owner sets the permissions of the user in "team" to 4 with the method "replace"
    Then the response is 400 Bad Request

  @capability:conversation-permissions @fault:v4-all-permissions-one-to-one-403
  Scenario: The permissions of all attendees of a one-to-one conversation are not set
    # From Talk 20 the docs call the API a no-op and still list the 400: either answer conforms there.
    Given the owner has created a one-to-one conversation "direct" with the user
    When the owner sets the permissions of all attendees of "direct" to 4
    Then the response is one the docs give when "does not support setting publishing permissions" or when "no-op since Talk 20"

  @capability:ban-v1 @fault:v4-bans-by-non-moderator
  Scenario: A plain participant cannot lift a ban
    Given the owner has created a public conversation "open"
    And the user is a participant of "open"
    And the owner has banned the stranger from "open"
    When the user lifts the ban of the stranger from "open"
    Then the response is 403 Forbidden
    And the bans of "open" hold the stranger
