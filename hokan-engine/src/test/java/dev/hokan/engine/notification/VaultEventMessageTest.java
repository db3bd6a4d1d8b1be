package dev.hokan.engine.notification;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hokan.catalog.cell.CellCatalog;
import dev.hokan.engine.Account;
import dev.hokan.engine.event.EventType;
import java.nio.file.Path;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The message of each vault event a BackupVaultEvents value sends: its EventType and State attributes and the
 * severity subscribers route on (critical for FAILED, ABORTED, EXPIRED and a continuous-backup gap, warning for
 * PARTIAL, info otherwise).
 */
class VaultEventMessageTest {
    private static final Account ACCOUNT = new Account("111122223333", "eu-west-1");
    private static final String TOPIC = "arn:aws:sns:eu-west-1:111122223333:backup";
    private static final String POINT = ACCOUNT.recoveryPointArn("p1");

    @TempDir
    Path dir;

    @ParameterizedTest
    @CsvSource({
            "BACKUP_JOB_STARTED, RUNNING, BACKUP_JOB, RUNNING, info",
            "BACKUP_JOB_COMPLETED, COMPLETED, BACKUP_JOB, COMPLETED, info",
            "BACKUP_JOB_PARTIAL, PARTIAL, BACKUP_JOB, PARTIAL, warning",
            "BACKUP_JOB_FAILED, FAILED, BACKUP_JOB, FAILED, critical",
            "BACKUP_JOB_EXPIRED, EXPIRED, BACKUP_JOB, EXPIRED, critical",
            "BACKUP_JOB_ABORTED, ABORTED, BACKUP_JOB, ABORTED, critical",
            "RESTORE_JOB_STARTED, RUNNING, RESTORE_JOB, RUNNING, info",
            "RESTORE_JOB_COMPLETED, COMPLETED, RESTORE_JOB, COMPLETED, info",
            "RESTORE_JOB_FAILED, FAILED, RESTORE_JOB, FAILED, critical",
            "RESTORE_JOB_ABORTED, ABORTED, RESTORE_JOB, ABORTED, critical",
            "COPY_JOB_STARTED, RUNNING, COPY_JOB, RUNNING, info",
            "COPY_JOB_COMPLETED, COMPLETED, COPY_JOB, COMPLETED, info",
            "COPY_JOB_PARTIAL, PARTIAL, COPY_JOB, PARTIAL, warning",
            "COPY_JOB_FAILED, FAILED, COPY_JOB, FAILED, critical",
            "RECOVERY_POINT_MOVED_TO_COLD, , RECOVERY_POINT, MOVED_TO_COLD_STORAGE, info",
            "RECOVERY_POINT_DELETED, , RECOVERY_POINT, DELETED, info",
            "CONTINUOUS_BACKUP_INTERRUPTED, , CONTINUOUS_BACKUP, INTERRUPTED, critical"})
    void eachVaultEventCarriesItsTypeStateAndSeverity(EventType type, String state, String eventType,
                                                      String stateAttribute, String severity) {
        Map<String, MessageAttribute> attributes = message(type, state).attributes();
        assertThat(attributes.get("EventType").value()).isEqualTo(eventType);
        assertThat(attributes.get("State").value()).isEqualTo(stateAttribute);
        assertThat(attributes.get("Severity").value()).isEqualTo(severity);
        assertThat(attributes.get("AccountId").value()).isEqualTo(ACCOUNT.accountId());
    }

    @Test
    void everyEventAValueSendsHasAMessage() {
        int sent = 0;
        for (BackupVaultEvent value : BackupVaultEvent.values()) {
            for (EventType type : EventType.values()) {
                if (value.sentFor(type)) {
                    assertThat(message(type, state(type)).subject()).as(value + " sends " + type)
                            .isEqualTo(VaultEventMessage.SUBJECT);
                    sent++;
                }
            }
        }
        assertThat(sent).isGreaterThan(BackupVaultEvent.values().length / 2);
    }

    /** The end a job event reports, as the job services put it in the event's details. */
    private static String state(EventType type) {
        String name = type.name();
        return name.endsWith("_STARTED") ? "RUNNING" : name.substring(name.lastIndexOf('_') + 1);
    }

    private NotificationMessage message(EventType type, String state) {
        Map<String, String> details = new HashMap<>(Map.of("BackupVaultName", "daily", "RecoveryPointId", "p1",
                "SourceRecoveryPointId", "p1", "ResourceArn", "arn:web", "BackupJobId", "b1", "RestoreJobId", "r1",
                "CopyJobId", "c1", "DestinationBackupVaultArn", ACCOUNT.vaultArn("copies")));
        if (state != null) {
            details.put("State", state);
            details.put("Status", state);
        }
        try (CellCatalog catalog = CellCatalog.open(dir.resolve("catalog.db"))) {
            return catalog.read(tx -> VaultEventMessage.of(tx, ACCOUNT, TOPIC, Instant.EPOCH, type,
                    type.name().startsWith("RECOVERY_POINT") || type == EventType.CONTINUOUS_BACKUP_INTERRUPTED
                            ? POINT : "arn:web", "why", details));
        }
    }
}
