package dev.hokan.engine.audit;

import dev.hokan.catalog.PageRequest;
import dev.hokan.catalog.Page;
import dev.hokan.catalog.cell.CellTx;
import dev.hokan.catalog.cell.job.CopyJob;
import dev.hokan.catalog.cell.job.CopyJobState;
import dev.hokan.catalog.cell.job.RestoreJob;
import dev.hokan.catalog.cell.job.RestoreJobStatus;
import dev.hokan.catalog.cell.kms.KeyState;
import dev.hokan.catalog.cell.plan.BackupPlan;
import dev.hokan.catalog.cell.plan.BackupSelection;
import dev.hokan.catalog.cell.protection.LegalHoldStatus;
import dev.hokan.catalog.cell.protection.VaultLock;
import dev.hokan.catalog.cell.resource.ResourceType;
import dev.hokan.catalog.cell.vault.BackupVault;
import dev.hokan.catalog.cell.vault.RecoveryPoint;
import dev.hokan.catalog.cell.vault.RecoveryPointStatus;
import dev.hokan.catalog.cell.vault.StorageClass;
import dev.hokan.catalog.cell.vault.VaultType;
import dev.hokan.engine.Account;
import dev.hokan.engine.Arn;
import dev.hokan.engine.SettingsService;
import dev.hokan.engine.copy.DestinationVault;
import dev.hokan.engine.kms.KeyReference;
import dev.hokan.engine.plan.SelectionService;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * What the controls of one evaluation see of a cell, read in one transaction: its resources, plans with their
 * selections, vaults with their keys, locks and access policies, completed recovery points, completed copies and
 * restores, which points legal holds hold, what each tier of the vaults is stored on, and what the vaults outside the
 * cell that copies went to are.
 */
public final class AuditedCell {
    private static final int PAGE = 1000;

    private final Instant now;
    private final Account account;
    private final List<Target.Resource> resources;
    private final List<Target.Plan> plans;
    private final Map<String, List<BackupSelection>> selections;
    private final Set<ResourceType> optedIn;
    private final List<Target.Vault> vaults;
    private final Map<String, String> vaultKeys;
    private final Set<String> airGapped;
    private final Map<String, KeyState> keyStates;
    private final Map<String, VaultLock> locks;
    private final Map<String, String> accessPolicies;
    private final List<Target.Point> points;
    private final List<CopyJob> copies;
    private final Map<String, Instant> copiedPointsMade;
    private final Set<String> heldPoints;
    private final Map<String, RestoreJob> latestRestores;
    private final Map<StorageClass, Tier> tiers;
    private final Map<String, DestinationVault> destinations;

    private AuditedCell(CellTx tx, Account account, Instant now, Map<StorageClass, Tier> tiers,
                        Map<String, DestinationVault> destinations) {
        this.now = now;
        this.account = account;
        this.tiers = tiers;
        this.destinations = destinations;
        this.resources = tx.resources().all().stream()
                .map(r -> new Target.Resource(r, tx.tags().of(r.arn()))).toList();
        this.plans = tx.plans().active().stream().map(p -> {
            String arn = account.planArn(p.planId());
            return new Target.Plan(p, arn, tx.tags().of(arn));
        }).toList();
        this.selections = plans.stream().collect(Collectors.toMap(p -> p.plan().planId(), p -> tx.selections()
                .list(p.plan().planId(), new PageRequest(SelectionService.MAX_SELECTIONS_PER_PLAN, null)).items()));
        this.optedIn = SettingsService.optedIn(tx);
        List<BackupVault> allVaults = all(page -> tx.vaults().list(page));
        this.vaults = allVaults.stream().map(BackupVault::name).map(name -> {
            String arn = account.vaultArn(name);
            return new Target.Vault(name, arn, tx.tags().of(arn));
        }).toList();
        this.vaultKeys = allVaults.stream().collect(Collectors.toMap(BackupVault::name, BackupVault::encryptionKeyArn));
        this.airGapped = allVaults.stream().filter(v -> v.type() == VaultType.LOGICALLY_AIR_GAPPED_BACKUP_VAULT)
                .map(BackupVault::name).collect(Collectors.toSet());
        this.keyStates = new HashMap<>();
        vaultKeys.values().stream().filter(KeyReference::isKeyArn).distinct().forEach(arn -> tx.kmsKeys()
                .find(KeyReference.parse(arn).keyId()).ifPresent(key -> keyStates.put(arn, key.state())));
        this.locks = tx.vaultLocks().all().stream().collect(Collectors.toMap(VaultLock::vaultName, l -> l));
        this.accessPolicies = vaults.stream().flatMap(v -> tx.vaultAccessPolicies().find(v.name()).stream()
                .map(policy -> Map.entry(v.name(), policy))).collect(Collectors.toMap(Map.Entry::getKey,
                Map.Entry::getValue));
        this.points = tx.recoveryPoints().inStatus(RecoveryPointStatus.COMPLETED).stream().map(p -> {
            String arn = account.recoveryPointArn(p.recoveryPointId());
            return new Target.Point(p, arn, tx.tags().of(arn));
        }).toList();
        this.copies = tx.copyJobs().inState(CopyJobState.COMPLETED);
        this.copiedPointsMade = new HashMap<>();
        copies.forEach(c -> tx.recoveryPoints().find(c.sourceRecoveryPointId())
                .ifPresent(p -> copiedPointsMade.put(c.sourceRecoveryPointId(), p.creationDate())));
        this.heldPoints = Arrays.stream(LegalHoldStatus.values()).filter(LegalHoldStatus::holds)
                .flatMap(status -> tx.legalHolds().inStatus(status).stream())
                .flatMap(hold -> tx.legalHolds().pointIds(hold.legalHoldId()).stream()).collect(Collectors.toSet());
        this.latestRestores = tx.restoreJobs().inStatus(RestoreJobStatus.COMPLETED).stream()
                .collect(Collectors.toMap(RestoreJob::resourceArn, j -> j,
                        (a, b) -> a.completionDate().isAfter(b.completionDate()) ? a : b));
    }

    /** {@code destinations}: what the vaults outside the cell that copies went to are, by ARN, as far as known. */
    static AuditedCell read(CellTx tx, Account account, Instant now, Map<StorageClass, Tier> tiers,
                            Map<String, DestinationVault> destinations) {
        return new AuditedCell(tx, account, now, tiers, destinations);
    }

    private static <T> List<T> all(Function<PageRequest, Page<T>> pages) {
        List<T> all = new ArrayList<>();
        Page<T> page = pages.apply(new PageRequest(PAGE, null));
        all.addAll(page.items());
        while (page.next() != null) {
            page = pages.apply(new PageRequest(PAGE, page.next()));
            all.addAll(page.items());
        }
        return all;
    }

    Instant now() {
        return now;
    }

    Account account() {
        return account;
    }

    List<Target.Resource> resources() {
        return resources;
    }

    List<Target.Plan> plans() {
        return plans;
    }

    List<BackupSelection> selectionsOf(BackupPlan plan) {
        return selections.get(plan.planId());
    }

    boolean optedIn(ResourceType type) {
        return optedIn.contains(type);
    }

    List<Target.Vault> vaults() {
        return vaults;
    }

    /** The ARN of the key the vault is sealed under: a KMS key's, or the master key's. */
    String keyOf(String vaultName) {
        return vaultKeys.getOrDefault(vaultName, account.masterKeyArn());
    }

    /** The state of the KMS key with that ARN; empty once the key is deleted. */
    Optional<KeyState> keyState(String keyArn) {
        return Optional.ofNullable(keyStates.get(keyArn));
    }

    /** Whether the vault of the cell is logically air-gapped: kept apart, under a compliance lock from its creation. */
    boolean isAirGapped(String vaultName) {
        return airGapped.contains(vaultName);
    }

    Optional<VaultLock> lockOf(String vaultName) {
        return Optional.ofNullable(locks.get(vaultName));
    }

    Optional<String> accessPolicyOf(String vaultName) {
        return Optional.ofNullable(accessPolicies.get(vaultName));
    }

    List<Target.Point> points() {
        return points;
    }

    /** The resource's completed recovery points in this cell, newest first. */
    List<RecoveryPoint> pointsOf(String resourceArn) {
        return points.stream().map(Target.Point::point).filter(p -> p.resourceArn().equals(resourceArn))
                .sorted(Comparator.comparing(RecoveryPoint::creationDate).reversed()).toList();
    }

    /**
     * The resource's completed copies into other accounts or regions, each with where it went and what that vault
     * is, when its site described it.
     */
    List<Copy> copiesOf(String resourceArn) {
        return copies.stream().filter(c -> c.resourceArn().equals(resourceArn))
                .flatMap(c -> Arn.parse(c.destinationVaultArn()).stream().map(arn -> new Copy(c, arn.region(),
                        arn.account(), Optional.ofNullable(copiedPointsMade.get(c.sourceRecoveryPointId())),
                        Optional.ofNullable(destinations.get(c.destinationVaultArn())))))
                .filter(c -> !c.region().equals(account.region()) || !c.accountId().equals(account.accountId()))
                .toList();
    }

    Optional<RestoreJob> latestRestoreOf(String resourceArn) {
        return Optional.ofNullable(latestRestores.get(resourceArn));
    }

    /** What the vaults' {@code tier} is stored on. */
    Tier tier(StorageClass tier) {
        return tiers.get(tier);
    }

    /** Whether a legal hold that is not cancelled holds the point. */
    boolean isHeld(RecoveryPoint point) {
        return heldPoints.contains(point.recoveryPointId());
    }

    /**
     * A completed copy of a resource's point into a vault of {@code accountId} in {@code region}; {@code dataFrom}
     * is when the point it copied was made (how old its data is), unknown once that point is gone; {@code vault} is
     * what the destination vault is, unknown when its site did not describe it.
     */
    record Copy(CopyJob job, String region, String accountId, Optional<Instant> dataFrom,
                Optional<DestinationVault> vault) {
    }

    /**
     * A tier of the cell's vaults: the scheme of the storage backend it is on ({@code file}, {@code s3}), and whether
     * that storage locks objects itself (S3 Object Lock).
     */
    record Tier(String scheme, boolean objectLock) {
    }
}
