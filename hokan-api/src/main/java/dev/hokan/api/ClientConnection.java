package dev.hokan.api;

import java.util.Optional;

/** Where a request came from: the peer's IP address (none without an IP peer) and whether TLS carried it. */
record ClientConnection(Optional<String> sourceIp, boolean secure) {
}
