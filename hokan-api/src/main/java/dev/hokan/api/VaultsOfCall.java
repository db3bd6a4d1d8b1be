package dev.hokan.api;

import dev.hokan.catalog.cell.protection.DescribedVault;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * The vaults one call has read, by ARN: authorising a call on a vault reads the vault with its policy, and an operation
 * that only shows the vault answers from that same reading instead of asking the catalog a second time. Operations
 * that change a vault read it again in their own transaction.
 */
final class VaultsOfCall {
    private final Map<String, Optional<DescribedVault>> read = new HashMap<>(2);

    Optional<DescribedVault> read(String vaultArn, Supplier<Optional<DescribedVault>> reader) {
        Optional<DescribedVault> known = read.get(vaultArn);
        if (known == null) {
            known = reader.get();
            read.put(vaultArn, known);
        }
        return known;
    }
}
