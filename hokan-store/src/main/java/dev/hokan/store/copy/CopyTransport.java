package dev.hokan.store.copy;

import java.io.IOException;

/** Carries one {@link CopyWire} request to a copy's destination and brings back its reply. */
@FunctionalInterface
public interface CopyTransport {
    byte[] exchange(byte[] request) throws IOException;
}
