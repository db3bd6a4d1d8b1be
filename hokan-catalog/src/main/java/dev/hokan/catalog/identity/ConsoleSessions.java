package dev.hokan.catalog.identity;

import dev.hokan.catalog.sql.Row;
import java.time.Instant;
import java.util.Optional;

/** The console's sessions, which every node serving the deployment reads. */
public final class ConsoleSessions {
    private final IdentityTx tx;

    ConsoleSessions(IdentityTx tx) {
        this.tx = tx;
    }

    public void open(ConsoleSession s) {
        tx.sql().update("INSERT INTO console_sessions (token_hash, principal_arn, csrf_token, last_used_millis)"
                + " VALUES (?, ?, ?, ?)", s.tokenHash(), s.principalArn(), s.csrfToken(), s.lastUsed());
    }

    public Optional<ConsoleSession> find(String tokenHash) {
        return tx.sql().one("SELECT * FROM console_sessions WHERE token_hash = ?", ConsoleSessions::map, tokenHash);
    }

    public void touch(String tokenHash, Instant lastUsed) {
        tx.sql().update("UPDATE console_sessions SET last_used_millis = ? WHERE token_hash = ?", lastUsed, tokenHash);
    }

    public void close(String tokenHash) {
        tx.sql().update("DELETE FROM console_sessions WHERE token_hash = ?", tokenHash);
    }

    /** Removes the sessions last used before {@code cutoff}. */
    public void closeUnusedSince(Instant cutoff) {
        tx.sql().update("DELETE FROM console_sessions WHERE last_used_millis < ?", cutoff);
    }

    private static ConsoleSession map(Row r) {
        return new ConsoleSession(r.string("token_hash"), r.string("principal_arn"), r.string("csrf_token"),
                r.instant("last_used_millis"));
    }
}
