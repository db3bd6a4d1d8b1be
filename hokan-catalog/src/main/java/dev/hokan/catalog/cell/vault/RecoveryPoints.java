package dev.hokan.catalog.cell.vault;

import dev.hokan.catalog.Page;
import dev.hokan.catalog.PageRequest;
import dev.hokan.catalog.cell.CellTx;
import dev.hokan.catalog.cell.resource.ResourceType;
import dev.hokan.catalog.sql.Filter;
import dev.hokan.catalog.sql.Row;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

public final class RecoveryPoints {
    private static final String DUE_FOR_COLD_STORAGE = "cold_at_millis <= ? AND storage_class = 'WARM'"
            + " AND paused_since_millis IS NULL AND status <> 'DELETING'";

    private final CellTx tx;

    public RecoveryPoints(CellTx tx) {
        this.tx = tx;
    }

    /** Adds the point and counts it in its vault. */
    public void insert(RecoveryPoint p) {
        tx.sql().update("INSERT INTO recovery_points (recovery_point_id, vault_name, resource_arn, resource_type, resource_name,"
                        + " snapshot_id, status, status_message, creation_millis, completion_millis, backup_size_bytes,"
                        + " file_count, source_location, cold_after_days, delete_after_days, opt_in_to_archive,"
                        + " delete_at_millis, iam_role_arn, backup_job_id, backup_plan_id, backup_plan_version,"
                        + " backup_rule_id, last_restore_millis, storage_class, cold_at_millis, expires_at_millis,"
                        + " lifecycle_paused_millis, paused_since_millis, expiry_delay_millis, source_vault_arn)"
                        + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?,"
                        + " ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                p.recoveryPointId(), p.vaultName(), p.resourceArn(), p.resourceType(), p.resourceName(),
                p.snapshotId(), p.status(), p.statusMessage(), p.creationDate(), p.completionDate(),
                p.backupSizeInBytes(), p.fileCount(), p.sourceLocation(), p.lifecycle().moveToColdStorageAfterDays(),
                p.lifecycle().deleteAfterDays(), p.lifecycle().optInToArchiveForSupportedResources(),
                p.calculatedLifecycle().deleteAt(), p.iamRoleArn(), p.backupJobId(), p.backupPlanId(),
                p.createdBy() == null ? null : p.createdBy().backupPlanVersion(),
                p.createdBy() == null ? null : p.createdBy().backupRuleId(), p.lastRestoreTime(), p.storageClass(),
                p.coldMoveAt(), p.expiresAt(), p.retention().paused().toMillis(),
                p.retention().pausedSince(), p.retention().expiryDelay().toMillis(), p.sourceVaultArn());
        tx.vaults().adjustRecoveryPointCount(p.vaultName(), 1);
        tx.vaultRecordQueue().pointChanged(p.vaultName(), p.recoveryPointId());
    }

    /** Saves status, lifecycle, retention clock, storage tier and last restore time. */
    public void update(RecoveryPoint p) {
        tx.sql().update("UPDATE recovery_points SET status = ?, status_message = ?, cold_after_days = ?,"
                        + " delete_after_days = ?, opt_in_to_archive = ?, delete_at_millis = ?, last_restore_millis = ?,"
                        + " snapshot_id = ?, storage_class = ?, cold_at_millis = ?, expires_at_millis = ?,"
                        + " lifecycle_paused_millis = ?, paused_since_millis = ?, expiry_delay_millis = ?"
                        + " WHERE recovery_point_id = ?", p.status(), p.statusMessage(),
                p.lifecycle().moveToColdStorageAfterDays(), p.lifecycle().deleteAfterDays(),
                p.lifecycle().optInToArchiveForSupportedResources(), p.calculatedLifecycle().deleteAt(),
                p.lastRestoreTime(), p.snapshotId(), p.storageClass(), p.coldMoveAt(),
                p.expiresAt(), p.retention().paused().toMillis(), p.retention().pausedSince(),
                p.retention().expiryDelay().toMillis(), p.recoveryPointId());
        tx.vaultRecordQueue().pointChanged(p.vaultName(), p.recoveryPointId());
    }

    /** Removes the point and uncounts it from its vault. */
    public void delete(RecoveryPoint p) {
        if (tx.sql().update("DELETE FROM recovery_points WHERE recovery_point_id = ?", p.recoveryPointId()) > 0) {
            tx.vaults().adjustRecoveryPointCount(p.vaultName(), -1);
            tx.vaultRecordQueue().pointChanged(p.vaultName(), p.recoveryPointId());
        }
    }

    public Optional<RecoveryPoint> find(String recoveryPointId) {
        return tx.sql().one("SELECT * FROM recovery_points WHERE recovery_point_id = ?", RecoveryPoints::map, recoveryPointId);
    }

    public Page<RecoveryPoint> byVault(String vaultName, RecoveryPointFilter f, PageRequest page) {
        Filter filter = Filter.all().eq("vault_name", vaultName)
                .eq("resource_arn", f.resourceArn())
                .eq("resource_type", f.resourceType())
                .eq("backup_plan_id", f.backupPlanId())
                .after("creation_millis", f.createdAfter())
                .before("creation_millis", f.createdBefore());
        return tx.sql().page("recovery_points", "recovery_point_id", filter, page, RecoveryPoints::map);
    }

    public Page<RecoveryPoint> byResource(String resourceArn, PageRequest page) {
        return tx.sql().page("recovery_points", "recovery_point_id", Filter.all().eq("resource_arn", resourceArn), page,
                RecoveryPoints::map);
    }

    /** The points a legal hold holds that still exist. */
    public Page<RecoveryPoint> byLegalHold(String legalHoldId, PageRequest page) {
        Filter filter = Filter.all().in("recovery_point_id",
                "SELECT recovery_point_id FROM legal_hold_points WHERE legal_hold_id = ?", legalHoldId);
        return tx.sql().page("recovery_points", "recovery_point_id", filter, page, RecoveryPoints::map);
    }

    /**
     * Points a legal hold created now may take in: complete (or partial) ones created at or after {@code notBefore} and
     * before {@code before} (null ends are open). Points being deleted or expired are left out.
     */
    public List<RecoveryPoint> holdable(Instant notBefore, Instant before) {
        StringBuilder sql = new StringBuilder("SELECT * FROM recovery_points WHERE status IN ('COMPLETED', 'PARTIAL')");
        List<Object> args = new ArrayList<>();
        if (notBefore != null) {
            sql.append(" AND creation_millis >= ?");
            args.add(notBefore);
        }
        if (before != null) {
            sql.append(" AND creation_millis < ?");
            args.add(before);
        }
        return tx.sql().list(sql + " ORDER BY creation_millis, recovery_point_id", RecoveryPoints::map, args.toArray());
    }

    /**
     * Points whose retention has run out at {@code now} (their place in the deletion window included), that no
     * legal hold keeps and that are not being deleted yet.
     */
    public List<RecoveryPoint> dueForDeletion(Instant now) {
        return tx.sql().list("SELECT * FROM recovery_points WHERE expires_at_millis <= ? AND paused_since_millis IS NULL"
                + " AND status <> 'DELETING' ORDER BY expires_at_millis", RecoveryPoints::map, now);
    }

    /**
     * Warm points whose move to cold storage is due at {@code now}, that no legal hold keeps and that are not being
     * deleted.
     */
    public List<RecoveryPoint> dueForColdStorage(Instant now) {
        return tx.sql().list("SELECT * FROM recovery_points WHERE " + DUE_FOR_COLD_STORAGE + " ORDER BY cold_at_millis",
                RecoveryPoints::map, now);
    }

    /** The point if it is one of {@link #dueForColdStorage(Instant)}. */
    public Optional<RecoveryPoint> dueForColdStorage(String recoveryPointId, Instant now) {
        return tx.sql().one("SELECT * FROM recovery_points WHERE " + DUE_FOR_COLD_STORAGE + " AND recovery_point_id = ?",
                RecoveryPoints::map, now, recoveryPointId);
    }

    /** The points of the vault whose data is in {@code tier}. */
    public List<RecoveryPoint> inTier(String vaultName, StorageClass tier) {
        return tx.sql().list("SELECT * FROM recovery_points WHERE vault_name = ? AND storage_class = ?", RecoveryPoints::map,
                vaultName, tier);
    }

    public List<RecoveryPoint> inStatus(RecoveryPointStatus status) {
        return tx.sql().list("SELECT * FROM recovery_points WHERE status = ?", RecoveryPoints::map, status);
    }

    /** The newest point of each resource (counting only points in {@code vaultName} unless null), by resource ARN. */
    public List<RecoveryPoint> latestPerResource(String vaultName) {
        String inVault = vaultName == null ? "" : " WHERE vault_name = ?";
        String sameVault = vaultName == null ? "" : " AND rp.vault_name = ?";
        Object[] args = vaultName == null ? new Object[0] : new Object[]{vaultName, vaultName};
        List<RecoveryPoint> newest = tx.sql().list("SELECT rp.* FROM recovery_points rp JOIN (SELECT resource_arn,"
                + " MAX(creation_millis) AS latest FROM recovery_points" + inVault + " GROUP BY resource_arn) l"
                + " ON rp.resource_arn = l.resource_arn AND rp.creation_millis = l.latest" + sameVault
                + " ORDER BY rp.resource_arn, rp.recovery_point_id", RecoveryPoints::map, args);
        // points created in the same millisecond tie; the one with the greatest ID wins, as in keyset order
        Map<String, RecoveryPoint> byResource = new LinkedHashMap<>();
        newest.forEach(p -> byResource.put(p.resourceArn(), p));
        return List.copyOf(byResource.values());
    }

    /** Every vault with how many recovery points it holds and the sum of their sizes, by vault name. */
    public List<VaultContents> contentsOfVaults() {
        return tx.sql().list("SELECT v.name AS vault_name, COUNT(p.recovery_point_id) AS points,"
                + " COALESCE(SUM(p.backup_size_bytes), 0) AS bytes FROM vaults v"
                + " LEFT JOIN recovery_points p ON p.vault_name = v.name GROUP BY v.name ORDER BY v.name",
                r -> new VaultContents(r.string("vault_name"), r.longValue("points"), r.longValue("bytes")));
    }

    /** When the newest COMPLETED point of each resource that has one was completed, by resource ARN. */
    public Map<String, Instant> newestCompletedByResource() {
        Map<String, Instant> newest = new LinkedHashMap<>();
        tx.sql().list("SELECT resource_arn, MAX(completion_millis) AS newest_millis FROM recovery_points"
                        + " WHERE status = 'COMPLETED' GROUP BY resource_arn ORDER BY resource_arn",
                r -> Map.entry(r.string("resource_arn"), r.instant("newest_millis")))
                .forEach(e -> newest.put(e.getKey(), e.getValue()));
        return newest;
    }

    /**
     * Each resource's value of the tag {@code key} on its newest {@code COMPLETED} point, where that point has it;
     * points' tags are kept under their ARNs, which are {@code pointArnPrefix} and the point's ID.
     */
    public Map<String, String> newestCompletedTag(String pointArnPrefix, String key) {
        Map<String, String> values = new LinkedHashMap<>();
        // the newest of each resource in one grouped pass, then its points by the (resource_arn, ...) index
        tx.sql().list("SELECT p.resource_arn, t.tag_value FROM (SELECT resource_arn, MAX(completion_millis) AS newest"
                        + " FROM recovery_points WHERE status = 'COMPLETED' GROUP BY resource_arn) n"
                        + " JOIN recovery_points p ON p.resource_arn = n.resource_arn"
                        + " AND p.completion_millis = n.newest AND p.status = 'COMPLETED'"
                        + " JOIN tags t ON t.resource_arn = ? || p.recovery_point_id AND t.tag_key = ?"
                        + " ORDER BY p.resource_arn, p.recovery_point_id",
                r -> Map.entry(r.string("resource_arn"), r.string("tag_value")), pointArnPrefix, key)
                .forEach(e -> values.put(e.getKey(), e.getValue()));
        return values;
    }

    /** The resource's points in {@code status} created at or after {@code since}, oldest first. */
    public List<RecoveryPoint> ofResourceSince(String resourceArn, RecoveryPointStatus status, Instant since) {
        return tx.sql().list("SELECT * FROM recovery_points WHERE resource_arn = ? AND status = ? AND creation_millis >= ?"
                + " ORDER BY creation_millis, recovery_point_id", RecoveryPoints::map, resourceArn, status, since);
    }

    public Optional<RecoveryPoint> latestOf(String resourceArn) {
        return tx.sql().one("SELECT * FROM recovery_points WHERE resource_arn = ? ORDER BY creation_millis DESC,"
                + " recovery_point_id DESC LIMIT 1", RecoveryPoints::map, resourceArn);
    }

    private static RecoveryPoint map(Row r) {
        return RecoveryPoint.builder()
                .recoveryPointId(r.string("recovery_point_id"))
                .vaultName(r.string("vault_name"))
                .resourceArn(r.string("resource_arn"))
                .resourceType(new ResourceType(r.string("resource_type")))
                .resourceName(r.string("resource_name"))
                .snapshotId(r.string("snapshot_id"))
                .status(RecoveryPointStatus.valueOf(r.string("status")))
                .statusMessage(r.string("status_message"))
                .creationDate(r.instant("creation_millis"))
                .completionDate(r.instant("completion_millis"))
                .backupSizeInBytes(r.longValue("backup_size_bytes"))
                .fileCount(r.longValue("file_count"))
                .sourceLocation(r.string("source_location"))
                .lifecycle(r.lifecycle())
                .iamRoleArn(r.string("iam_role_arn"))
                .backupJobId(r.string("backup_job_id"))
                .createdBy(r.creator())
                .lastRestoreTime(r.instant("last_restore_millis"))
                .storageClass(StorageClass.valueOf(r.string("storage_class")))
                .retention(new RetentionClock(r.duration("lifecycle_paused_millis"), r.instant("paused_since_millis"), r.duration("expiry_delay_millis")))
                .sourceVaultArn(r.string("source_vault_arn"))
                .build();
    }
}
