Feature: The flags of a conversation
  The conversation object's flags as docs/conversation.md gives them: `participantFlags` "Flags of the
  current user (only available with `in-call-flags` capability)" (0 disconnected, 1 in call, 2 with
  audio, 4 with video) beside the deprecated `participantInCall`; `objectType` "The type of object that
  the conversation is associated with; "share:password" if the conversation is used to request a
  password for a share, otherwise empty" and `objectId` "Share token if "objectType" is
  "share:password", otherwise empty"; `lastActivity` "Timestamp of the last activity in the
  conversation, in seconds and UTC time zone".

  @capability:in-call-flags @fault:participant-flags-in-call
  Scenario: A participant who is not in the call has no in-call flags
    Given the owner has created a group conversation "team"
    And the user is a participant of "team"
    And the user has joined "team"
    Then the user sees "team" with the in-call flags 0

  @fault:object-type-filled
  Scenario: A conversation of its own is associated with no object
    Given the owner has created a group conversation "team"
    Then the owner sees "team" associated with no object

  @capability:last-room-activity @beyond-the-docs @fault:last-activity-in-milliseconds
  Scenario: The last activity is a timestamp in seconds, UTC
    # That creating a conversation is activity in it is not in the docs: reported beside the matrix.
    Given the owner has created a group conversation "team"
    Then the owner sees the last activity of "team" as a recent UTC timestamp in seconds
