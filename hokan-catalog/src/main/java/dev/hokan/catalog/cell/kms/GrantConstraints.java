package dev.hokan.catalog.cell.kms;

import java.util.Map;

/** What a grant requires of the encryption context of the requests it allows; both null when it requires nothing. */
public record GrantConstraints(Map<String, String> encryptionContextSubset, Map<String, String> encryptionContextEquals) {
    public static final GrantConstraints NONE = new GrantConstraints(null, null);

    public GrantConstraints {
        encryptionContextSubset = encryptionContextSubset == null ? null : Map.copyOf(encryptionContextSubset);
        encryptionContextEquals = encryptionContextEquals == null ? null : Map.copyOf(encryptionContextEquals);
    }
}
