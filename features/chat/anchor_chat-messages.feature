Feature: Chat messages: what spreed's own chat suite checks beyond the other chat features
  System messages: "`conversation_renamed` - {actor} renamed the conversation", "`listable_none` - {actor}
  limited the conversation to the current participants", "`listable_users` - {actor} opened the
  conversation accessible to registered users", "`listable_all` - {actor} opened the conversation accessible
  to registered and guest app users" (docs/chat.md of Talk 11.3), "`description_set` - {actor} set the
  description", "`description_removed` - {actor} removed the description" (docs/chat.md of Talk 21.1);
  descriptions and listable conversations are served from room API v3 on, which the v1 profile leaves out.
  Deleting (delete-messages, Talk 11.1): "On deleting the message text will be replaced and a follow up
  system message will make sure clients and users update it" (docs/capabilities.md), `message_deleted`
  "Message deleted by {actor}" (docs/chat.md). Mention suggestions are the participants whose name
  matches `search`; "404 Not Found When the conversation could not be found for the participant"
  (docs/chat.md "Get mention autocomplete suggestions"). That the whole conversation is suggested under
  its name is what Talk's code does: no doc says.

  Background:
    Given the owner has created a group conversation "team"
    And the user is a participant of "team"

  @theme:system-messages @capability:system-messages @fault:system-messages-missing
  Scenario: Renaming a conversation writes conversation_renamed by the user who renamed it
    When the owner renames "team" to "Renamed team" with 200
    Then the system messages of "team" as the user sees them are:
      | actor     | systemMessage        |
      | the owner | conversation_renamed |
      | the owner | user_added           |
      | the owner | conversation_created |

  @theme:system-messages @capability:system-messages @capability:room-description
  @profile:v4:the-description-is-served-from-api-v3-on-which-the-v1-profile-leaves-out
  @fault:v4-description-writes-no-system-message
  Scenario: Setting and removing the description writes description_set and description_removed
    When the owner sets the description of "team" to "Where the team talks" with 200
    And the owner removes the description of "team" with 200
    Then the system messages of "team" as the user sees them are:
      | actor     | systemMessage        |
      | the owner | description_removed  |
      | the owner | description_set      |
      | the owner | user_added           |
      | the owner | conversation_created |

  @theme:system-messages @capability:system-messages @capability:listable-rooms
  @profile:v4:listable-conversations-are-served-from-api-v3-on-which-the-v1-profile-leaves-out
  @fault:v4-listable-writes-no-system-message
  Scenario: Opening a conversation to everyone, to regular users and closing it again writes listable_all, listable_users and listable_none
    When the owner sets the listable scope of "team" to "everyone" with 200
    And the owner sets the listable scope of "team" to "regular users" with 200
    And the owner sets the listable scope of "team" to "participants only" with 200
    Then the system messages of "team" as the user sees them are:
      | actor     | systemMessage        |
      | the owner | listable_none        |
      | the owner | listable_users       |
      | the owner | listable_all         |
      | the owner | user_added           |
      | the owner | conversation_created |

  @theme:message-deletion @capability:delete-messages @capability:system-messages
  @fault:message-deleted-not-in-chat
  Scenario Outline: Every participant's chat tells who deleted a message
    Given <author> has posted "Note" to "team"
    When <deleter> deletes the message "Note" in "team" with 200
    Then <viewer> sees in the chat of "team" that <deleter> deleted "Note"
    And <viewer> sees "Note" deleted in the chat of "team"

    Examples:
      | author    | deleter   | viewer    |
      | the owner | the owner | the user  |
      | the user  | the user  | the owner |
      | the user  | the owner | the user  |

  @theme:message-deletion @capability:delete-messages @capability:chat-replies
  @fault:deleted-parent-not-flagged @fault:delete-by-moderator-refused
  Scenario: A moderator deletes a participant's message that got a reply, and the reply tells its parent is deleted
    Given the user has posted "Who is in?" to "team"
    And the owner has replied "Me" to "Who is in?" in "team"
    When the owner deletes the message "Who is in?" in "team" with 200
    Then the user sees "Me" as a reply to the deleted "Who is in?" in the chat of "team"
    And the owner sees "Me" as a reply to the deleted "Who is in?" in the chat of "team"

  @theme:mention-autocomplete @fault:mentions-without-owners
  Scenario: Each partner of a one-to-one conversation is suggested to the other
    Given the owner has created a one-to-one conversation "pair" with the user
    Then the mention suggestions for the id of the user in "pair" are exactly:
      | actor    | source |
      | the user | users  |
    And the mention suggestions for the id of the owner in "pair" as the user sees them are exactly:
      | actor     | source |
      | the owner | users  |

  @theme:mention-autocomplete @fault:mentions-search-ignored
  Scenario: A search that matches nobody suggests nobody in a one-to-one or a group conversation
    Given the owner has created a one-to-one conversation "pair" with the user
    Then the mention suggestions for "nobody-is-named-so" in "pair" are exactly:
      | actor |
    And the mention suggestions for "nobody-is-named-so" in "team" are exactly:
      | actor |

  @theme:mention-autocomplete @fault:mentions-without-owners
  Scenario: The owner of a group conversation is suggested to its participants
    Then the mention suggestions for the id of the owner in "team" as the user sees them are exactly:
      | actor     | source |
      | the owner | users  |

  @theme:mention-autocomplete @fault:chat-open-to-strangers
  Scenario: A user outside a one-to-one conversation gets no suggestions
    Given the owner has created a one-to-one conversation "pair" with the user
    When the stranger asks "pair" for mention suggestions matching the user
    Then the response is 404 Not Found

  @theme:mention-autocomplete @fault:chat-open-to-strangers
  Scenario: A guest who has not joined a public conversation gets no suggestions
    Given the owner has made "team" public
    When the guest asks "team" for mention suggestions matching the user
    Then the response is 404 Not Found
    When the stranger asks "team" for mention suggestions matching the user
    Then the response is 404 Not Found

  @theme:mention-autocomplete @theme:self-joined @fault:mentions-without-self-joined
  Scenario: A search suggests every participant it matches, users who joined by the link too
    Given the owner has created a public conversation "open"
    And the user is a participant of "open"
    And the stranger has joined "open"
    Then the mention suggestions for what the ids of the user and the stranger begin with in "open" are exactly:
      | actor        | source |
      | the user     | users  |
      | the stranger | users  |

  @theme:mention-autocomplete @beyond-the-docs @fault:mentions-all-label-not-name
  Scenario: The whole conversation is suggested under the name of the conversation
    Given the docs of the server's release name guests and the whole conversation among the suggestions
    Then the whole conversation is suggested to the user in "team" under the name of the conversation

  @theme:reply-threading @capability:chat-replies @fault:reply-without-parent
  Scenario: Several participants reply to the same reply, its author too
    Given the owner has posted "Who is in?" to "team"
    And the user has replied "Me" to "Who is in?" in "team"
    When the user replies "And my plus one" to "Me" in "team" with 201
    And the owner replies "Noted" to "Me" in "team" with 201
    And the user replies "Thanks" to "Me" in "team" with 201
    Then the messages of "team" as the owner sees them are:
      | actor     | message         | parent     |
      | the user  | Thanks          | Me         |
      | the owner | Noted           | Me         |
      | the user  | And my plus one | Me         |
      | the user  | Me              | Who is in? |
      | the owner | Who is in?      | EMPTY      |

  @theme:reply-threading @capability:chat-replies @fault:reply-without-parent
  Scenario: Reading forward from a message gives the later messages oldest first, a reply with its parent
    Given the owner has posted "One" to "team"
    And the owner has posted "Two" to "team"
    And the user has replied "Two and a half" to "Two" in "team"
    When the user fetches the messages of "team" newer than "One" without setting the read marker
    Then the response is 200 OK
    And the answer from "team" is, oldest first:
      | actor     | message        | parent |
      | the owner | Two            | EMPTY  |
      | the user  | Two and a half | Two    |

  # No doc gives a longest reference id: Talk 9.0 to 11.3.3 keep 40 characters, later releases 64.
  @theme:reference-ids @capability:chat-reference-id @beyond-the-docs @fault:reference-id-too-long-refused
  Scenario: A reference id longer than a sha256 is accepted, and the message keeps its beginning
    When the owner sends "Long" to "team" with a reference id longer than a sha256
    Then the response is 201 Created
    And the response keeps the beginning of that reference id

  # Talk's code lets a user who found a listed group conversation join it as a participant, and writes their
  # user_added by them; the docs say only that listed conversations can be found when not joined.
  @theme:system-messages @capability:system-messages @capability:listable-rooms
  @profile:v4:listable-conversations-are-served-from-api-v3-on-which-the-v1-profile-leaves-out
  @beyond-the-docs @fault:v4-listed-rooms-not-joinable
  Scenario: A user who joins a listed conversation becomes a participant and writes their own user_added
    Given the owner has set the listable scope of "team" to "everyone"
    When the stranger joins "team" with 200
    Then the system messages of "team" as the stranger sees them are:
      | actor        | systemMessage        |
      | the stranger | user_added           |
      | the owner    | listable_all         |
      | the owner    | user_added           |
      | the owner    | conversation_created |
