package dev.hokan.engine.protection;

import dev.hokan.catalog.cell.protection.LegalHoldSelection;
import java.util.Map;

/** CreateLegalHold parameters; optional members are null when not given. */
public record CreateLegalHoldRequest(String title, String description, String idempotencyToken,
                                     LegalHoldSelection selection, Map<String, String> tags) {
}
