Feature: What deleting a user does to the conversations they were in
  A user the admin deletes leaves their conversations; their messages stay, by a deleted user
  (docs/constants.md of Talk 21.1, "Actor types of chat messages": "`deleted_users` - Former logged-in
  users that got deleted (actor id is hardcoded to `deleted_users` and the display name is empty)").
  A conversation the deleted user was the last participant of goes with them: Talk's code does so, no
  doc says (beyond the docs). The run makes the deleted user, a newcomer, through the admin: with
  pre-made accounts these scenarios are skipped.

  Background:
    Given a newcomer has an account

  @theme:user-deletion @fault:v4-deleted-user-keeps-authorship
  Scenario: A deleted user's messages stay, by deleted_users
    Given the owner has created a group conversation "team"
    And the newcomer is a participant of "team"
    And the newcomer has posted "Goodbye" to "team"
    When the admin deletes the newcomer
    Then "Goodbye" in "team" is by a deleted user as the owner sees it

  @theme:user-deletion @beyond-the-docs @fault:deleted-users-room-stays
  Scenario: A conversation whose last participant is deleted goes away
    Given the newcomer has created a public conversation "gone"
    And the owner can read "gone"
    When the admin deletes the newcomer
    Then "gone" no longer exists for the owner
