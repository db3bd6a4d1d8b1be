package dev.hokan.engine.notification;

import dev.hokan.catalog.cell.CellTx;
import dev.hokan.engine.Account;
import dev.hokan.engine.event.EventType;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * The message of a vault event in AWS Backup's style: the subject "Notification from AWS Backup", a sentence
 * saying what happened followed by the ARNs and IDs it concerns, and the attributes subscribers filter on:
 * {@code EventType} (BACKUP_JOB, RESTORE_JOB, COPY_JOB, RECOVERY_POINT, CONTINUOUS_BACKUP), {@code State},
 * {@code AccountId}, {@code Id}, and Hokan's {@code ResourceType} and {@code Severity} ({@code critical} for a
 * FAILED, ABORTED or EXPIRED job and a gap in continuous backup, {@code warning} for a PARTIAL one, {@code info}
 * otherwise).
 */
final class VaultEventMessage {
    static final String SUBJECT = "Notification from AWS Backup";

    private VaultEventMessage() {
    }

    private record Facts(String category, String state, String id, String text) {
    }

    static NotificationMessage of(CellTx tx, Account account, String topicArn, Instant at, EventType type,
                                  String resourceArn, String statusMessage, Map<String, String> details) {
        Facts facts = facts(account, type, resourceArn, statusMessage, details);
        Map<String, MessageAttribute> attributes = new LinkedHashMap<>();
        attributes.put("EventType", MessageAttribute.string(facts.category()));
        attributes.put("State", MessageAttribute.string(facts.state()));
        attributes.put("AccountId", MessageAttribute.string(account.accountId()));
        attributes.put("Id", MessageAttribute.string(facts.id()));
        resourceType(tx, type, details).ifPresent(t -> attributes.put("ResourceType", MessageAttribute.string(t)));
        attributes.put("Severity", MessageAttribute.string(severity(type, facts.state())));
        return new NotificationMessage(NotificationMessage.Kind.NOTIFICATION, UUID.randomUUID().toString(), topicArn,
                SUBJECT, facts.text(), at, attributes, null);
    }

    static String severity(EventType type, String state) {
        if (type == EventType.CONTINUOUS_BACKUP_INTERRUPTED) {
            return "critical";
        }
        return switch (state) {
            case "FAILED", "ABORTED", "EXPIRED" -> "critical";
            case "PARTIAL" -> "warning";
            default -> "info";
        };
    }

    private static Optional<String> resourceType(CellTx tx, EventType type, Map<String, String> details) {
        String given = details.get("ResourceType");
        if (given != null || type != EventType.CONTINUOUS_BACKUP_INTERRUPTED) {
            return Optional.ofNullable(given);
        }
        return Optional.ofNullable(details.get("RecoveryPointId"))
                .flatMap(id -> tx.recoveryPoints().find(id)).map(p -> p.resourceType().wireName());
    }

    private static Facts facts(Account account, EventType type, String resourceArn, String statusMessage,
                               Map<String, String> d) {
        String status = statusMessage == null || statusMessage.isEmpty() ? "" : ". Status message : " + statusMessage;
        return switch (type) {
            case BACKUP_JOB_STARTED, BACKUP_JOB_COMPLETED, BACKUP_JOB_PARTIAL, BACKUP_JOB_FAILED, BACKUP_JOB_EXPIRED,
                 BACKUP_JOB_ABORTED -> {
                String state = d.get("State");
                String point = d.containsKey("RecoveryPointId") && !state.equals("FAILED")
                        && !state.equals("RUNNING") ? "Recovery point ARN: "
                        + account.recoveryPointArn(d.get("RecoveryPointId")) + ". " : "";
                String what = switch (state) {
                    case "RUNNING" -> "An AWS Backup job was started.";
                    case "COMPLETED" -> "An AWS Backup job was completed successfully.";
                    case "PARTIAL" -> "An AWS Backup job was completed with issues.";
                    case "EXPIRED" -> "An AWS Backup job expired before it could complete.";
                    case "ABORTED" -> "An AWS Backup job was aborted.";
                    default -> "An AWS Backup job failed.";
                };
                yield new Facts("BACKUP_JOB", state, d.get("BackupJobId"), what + " " + point + "Resource ARN : "
                        + resourceArn + ". BackupJob ID : " + d.get("BackupJobId")
                        + (state.equals("RUNNING") || state.equals("COMPLETED") ? "" : status));
            }
            case RESTORE_JOB_STARTED, RESTORE_JOB_COMPLETED, RESTORE_JOB_FAILED, RESTORE_JOB_ABORTED -> {
                String state = d.get("Status");
                String what = switch (state) {
                    case "RUNNING" -> "An AWS Backup restore job was started.";
                    case "COMPLETED" -> "An AWS Backup restore job was completed successfully.";
                    case "ABORTED" -> "An AWS Backup restore job was aborted.";
                    default -> "An AWS Backup restore job failed.";
                };
                yield new Facts("RESTORE_JOB", state, d.get("RestoreJobId"), what + " Recovery point ARN: "
                        + account.recoveryPointArn(d.get("RecoveryPointId")) + ". Resource ARN : " + resourceArn
                        + ". Restore job ID : " + d.get("RestoreJobId")
                        + (state.equals("FAILED") || state.equals("ABORTED") ? status : ""));
            }
            case COPY_JOB_STARTED, COPY_JOB_COMPLETED, COPY_JOB_PARTIAL, COPY_JOB_FAILED -> {
                String state = d.get("State");
                String what = switch (state) {
                    case "RUNNING" -> "An AWS Backup copy job was started.";
                    case "COMPLETED" -> "An AWS Backup copy job was completed successfully.";
                    case "PARTIAL" -> "An AWS Backup copy job was completed with issues.";
                    default -> "An AWS Backup copy job failed.";
                };
                yield new Facts("COPY_JOB", state, d.get("CopyJobId"), what + " Source recovery point ARN: "
                        + account.recoveryPointArn(d.get("SourceRecoveryPointId")) + ". Destination backup vault ARN"
                        + " : " + d.get("DestinationBackupVaultArn") + ". Copy job ID : " + d.get("CopyJobId")
                        + (state.equals("FAILED") || state.equals("PARTIAL") ? status : ""));
            }
            case RECOVERY_POINT_MOVED_TO_COLD -> new Facts("RECOVERY_POINT", "MOVED_TO_COLD_STORAGE",
                    pointId(resourceArn), "A recovery point was moved to cold storage. Recovery point ARN: "
                    + resourceArn + ". Resource ARN : " + d.get("ResourceArn"));
            case RECOVERY_POINT_DELETED -> new Facts("RECOVERY_POINT", "DELETED", pointId(resourceArn),
                    "A recovery point was deleted. Recovery point ARN: " + resourceArn + ". Resource ARN : "
                    + d.get("ResourceArn"));
            case CONTINUOUS_BACKUP_INTERRUPTED -> new Facts("CONTINUOUS_BACKUP", "INTERRUPTED", pointId(resourceArn),
                    "A continuous backup was interrupted; the point can be restored to moments after the gap only."
                    + " Recovery point ARN: " + resourceArn + ". Resource ARN : " + d.get("ResourceArn") + status);
            default -> throw new IllegalArgumentException("No vault notification for " + type);
        };
    }

    private static String pointId(String recoveryPointArn) {
        return recoveryPointArn.substring(recoveryPointArn.lastIndexOf(':') + 1);
    }
}
