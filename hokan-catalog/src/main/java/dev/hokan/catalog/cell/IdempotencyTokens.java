package dev.hokan.catalog.cell;

import java.time.Instant;
import java.util.Optional;

public final class IdempotencyTokens {
    private final CellTx tx;

    IdempotencyTokens(CellTx tx) {
        this.tx = tx;
    }

    public Optional<IdempotentCall> find(String operation, String token, Instant notBefore) {
        return tx.sql().one("SELECT * FROM idempotency_tokens WHERE operation = ? AND token = ? AND creation_millis >= ?",
                r -> new IdempotentCall(r.string("operation"), r.string("token"), r.string("fingerprint"),
                        r.string("result_id"), r.instant("creation_millis")), operation, token, notBefore);
    }

    /** Forgets calls made before {@code cutoff}. */
    public void forgetBefore(Instant cutoff) {
        tx.sql().update("DELETE FROM idempotency_tokens WHERE creation_millis < ?", cutoff);
    }

    /** Records the call, replacing an expired record of the same token. */
    public void record(IdempotentCall call) {
        tx.sql().update("DELETE FROM idempotency_tokens WHERE operation = ? AND token = ?", call.operation(), call.token());
        tx.sql().update("INSERT INTO idempotency_tokens (operation, token, fingerprint, result_id, creation_millis)"
                        + " VALUES (?, ?, ?, ?, ?)", call.operation(), call.token(), call.fingerprint(), call.resultId(),
                call.creationDate());
    }
}
