package dev.hokan.catalog.cell.protection;

import java.time.Instant;

/**
 * A legal hold on the recovery points its selection matched when it was created. The cancel members are null
 * until it is cancelled; {@code retainRecordUntil} is null when the record is kept for good.
 */
public record LegalHold(String legalHoldId, String title, String description, LegalHoldStatus status,
                        Instant creationDate, LegalHoldSelection selection, String cancelDescription,
                        Instant cancellationDate, Instant retainRecordUntil) {

    public LegalHold withStatus(LegalHoldStatus newStatus) {
        return new LegalHold(legalHoldId, title, description, newStatus, creationDate, selection, cancelDescription,
                cancellationDate, retainRecordUntil);
    }

    public LegalHold canceling(String reason, Instant at, Instant retainUntil) {
        return new LegalHold(legalHoldId, title, description, LegalHoldStatus.CANCELING, creationDate, selection,
                reason, at, retainUntil);
    }
}
