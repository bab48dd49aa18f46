Feature: The password policy of a conversation password
  PUT /room/{token}/password: "400 Bad Request When the password does not match the password policy. Show
  `ocs.data.message` to the user in this case"; "`message` | string | Only available on `400 Bad Request`,
  translated error with the violated password policy rules" (docs/conversation.md of Talk 21.1). Nextcloud's
  password policy refuses, by default, passwords shorter than 10 characters and the most common ones:
  "password" is both. Releases whose docs say nothing of a policy are not judged.

  @fault:v4-common-password-accepted
  Scenario: A password the policy refuses is not set
    Given the owner has created a public conversation "open"
    When the owner sets the password of "open" to "password"
    Then the response is what the docs give when "the password does not match the password policy"
    And the response carries the password policy's message
    And the owner sees "open" without a password
