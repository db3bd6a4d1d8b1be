package dev.hokan.catalog.cell.kms;

import java.time.Instant;
import java.util.List;

/** A grant: {@code granteePrincipal} may perform {@code operations} with the key, under {@code constraints}. */
public record KmsGrant(String grantId, String keyId, Instant creationDate, String name, String granteePrincipal,
                       String retiringPrincipal, String issuingAccount, List<String> operations,
                       GrantConstraints constraints) {
    public KmsGrant {
        operations = List.copyOf(operations);
    }
}
