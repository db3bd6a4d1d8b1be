package dev.hokan.catalog.identity;

import java.time.Instant;

/**
 * A signed-in console session: the hash of the token its cookie carries (the token itself is kept nowhere), who
 * signed in, the CSRF token its requests carry, and when it was last used.
 */
public record ConsoleSession(String tokenHash, String principalArn, String csrfToken, Instant lastUsed) {
}
