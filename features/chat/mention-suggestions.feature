@theme:mention-autocomplete
Feature: The whole answer of the mention suggestions
  GET /chat/{token}/mentions gives the participants whose name matches the "Search term for name
  suggestions", each with an `id` "which should be sent as `@<id>` in the message", a `label` ("The
  displayname of the user") and a `source` (docs/chat.md; the Talk 3.2 API docs). From Talk 8.0 the
  source is "currently only `users`, `guests` or `calls` (for mentioning the whole conversation" and guest
  ids are sent as `@"guest/random-string"` (docs/chat.md of Talk 8.0); the docs of Talk 3.2 and 7.0 give
  "currently only `users`". That the caller is not suggested, and that a one-to-one conversation has no
  whole conversation to mention, is what Talk's code does (lib/Controller/ChatController.php): no doc says.
  With `mention-permissions` "`1` Moderators - Only moderators can mention using `@all`" (docs/constants.md
  of Talk 21.1).

  Background:
    Given the owner has created a public conversation "open"
    And the moderator is a participant of "open"
    And the user is a participant of "open"

  @fault:mentions-search-ignored
  Scenario: A search for a participant's id suggests exactly that participant
    Then the mention suggestions for the id of the user in "open" are exactly:
      | actor    | source |
      | the user | users  |

  @fault:mentions-search-ignored
  Scenario: A search that matches nobody suggests nobody
    Then the mention suggestions for "nobody-is-named-so" in "open" are exactly:
      | actor |

  @beyond-the-docs @fault:mentions-offer-caller
  Scenario: The caller is not suggested, not even for their own id
    Then the mention suggestions for the id of the owner in "open" are exactly:
      | actor |

  @fault:mentions-without-guests @fault:mentions-guest-label-guest
  Scenario: A guest is suggested with the name the guest chose
    Given the docs of the server's release name guests and the whole conversation among the suggestions
    And the guest has joined "open" with the guest name "Ada Lovelace"
    Then the mention suggestions for "Lovelace" in "open" are exactly:
      | actor     | label        | source |
      | the guest | Ada Lovelace | guests |

  @fault:mentions-all-missing
  Scenario: A participant of a group or public conversation may mention the whole conversation
    Given the docs of the server's release name guests and the whole conversation among the suggestions
    Then the mention suggestions for "all" in "open" as the user sees them are exactly:
      | actor | id  | source |
      |       | all | calls  |

  @beyond-the-docs @fault:mentions-all-in-one-to-one
  Scenario: A one-to-one conversation offers no whole conversation to mention
    Given the owner has created a one-to-one conversation "pair" with the user
    When the owner asks "pair" for the suggestions to mention everyone
    Then the response is 200 OK
    And no suggestion mentions the whole conversation

  @capability:mention-permissions @fault:v4-mention-all-for-nobody
  Scenario: Where only moderators may mention everyone, the owner still may
    Given the owner has let only moderators mention everyone in "open"
    Then the mention suggestions for "all" in "open" as the owner sees them are exactly:
      | actor | id  | source |
      |       | all | calls  |
