package dev.hokan.engine.vault;

import java.io.IOException;

/** The KMS key a vault is sealed under cannot be used now: disabled, pending deletion, or deleted. */
public final class VaultKeyUnavailableException extends IOException {
    public VaultKeyUnavailableException(String message) {
        super(message);
    }
}
