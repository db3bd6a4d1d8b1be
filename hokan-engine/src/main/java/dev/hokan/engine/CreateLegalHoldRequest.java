package dev.hokan.engine;

import dev.hokan.catalog.LegalHoldSelection;
import java.util.Map;

/** CreateLegalHold parameters; optional members are null when not given. */
public record CreateLegalHoldRequest(String title, String description, String idempotencyToken,
                                     LegalHoldSelection selection, Map<String, String> tags) {
}
