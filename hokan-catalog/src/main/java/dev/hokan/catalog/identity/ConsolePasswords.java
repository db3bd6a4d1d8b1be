package dev.hokan.catalog.identity;

import java.time.Instant;
import java.util.Optional;

/** The console password of each user (and root user) that has one, as a salted hash. */
public final class ConsolePasswords {
    private final IdentityTx tx;

    ConsolePasswords(IdentityTx tx) {
        this.tx = tx;
    }

    /** Sets the principal's password hash, replacing the one it had. */
    public void put(String principalArn, String passwordHash, Instant setAt) {
        tx.sql().update("DELETE FROM console_passwords WHERE principal_arn = ?", principalArn);
        tx.sql().update("INSERT INTO console_passwords (principal_arn, password_hash, set_millis) VALUES (?, ?, ?)",
                principalArn, passwordHash, setAt);
    }

    public Optional<String> hashOf(String principalArn) {
        return tx.sql().one("SELECT password_hash FROM console_passwords WHERE principal_arn = ?",
                r -> r.string("password_hash"), principalArn);
    }
}
