package dev.hokan.engine;

import dev.hokan.catalog.cell.CellCatalog;
import dev.hokan.catalog.cell.CellTx;
import dev.hokan.catalog.cell.IdempotentCall;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * Start* calls with an idempotency token: the same token again within a day returns the first result and does
 * nothing; the same token with different parameters is refused.
 */
public final class Idempotency {
    static final Duration KEEP = Duration.ofHours(24);

    private Idempotency() {
    }

    /**
     * @param request the call's parameters; equal requests must have equal {@code toString()}
     * @param create makes the result and returns its ID; runs only for a new token
     * @return the ID of the result, new or earlier
     */
    public static String once(CellTx tx, String operation, String token, Object request, Instant now, Supplier<String> create) {
        if (token == null) {
            return create.get();
        }
        String fingerprint = fingerprint(request);
        Optional<IdempotentCall> earlier = tx.idempotencyTokens().find(operation, token, now.minus(KEEP));
        if (earlier.isPresent()) {
            if (!earlier.get().fingerprint().equals(fingerprint)) {
                throw ServiceException.invalidRequest("IdempotencyToken " + token + " was already used for a "
                        + operation + " call with different parameters");
            }
            return earlier.get().resultId();
        }
        String id = create.get();
        tx.idempotencyTokens().record(new IdempotentCall(operation, token, fingerprint, id, now));
        return id;
    }

    /** Forgets tokens older than {@link #KEEP}; a retry after that starts a new job. */
    static void forgetExpired(CellCatalog catalog, Instant now) {
        catalog.write(tx -> {
            tx.idempotencyTokens().forgetBefore(now.minus(KEEP));
            return null;
        });
    }

    private static String fingerprint(Object request) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            return HexFormat.of().formatHex(sha.digest(request.toString().getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }
}
