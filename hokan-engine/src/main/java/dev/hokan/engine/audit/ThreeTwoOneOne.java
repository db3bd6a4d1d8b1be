package dev.hokan.engine.audit;

import dev.hokan.catalog.cell.vault.RecoveryPoint;
import dev.hokan.catalog.cell.vault.StorageClass;
import dev.hokan.engine.resource.ResourceKinds;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeSet;

/**
 * Hokan's control for the 3-2-1-1 rule of the backup strategy (seed 000), counting only copies whose data is within
 * the RPO ({@code rpoMinutes}): the resource itself; each vault of the cell holding a completed point of it made since;
 * each vault of another region or account a completed copy of such a point went into. At least three copies; on at
 * least two kinds of storage, told apart by backend ({@code file}, {@code s3}) and by where they are: this deployment's
 * storage, its air-gapped storage (the own root of logically air-gapped vaults), another site's storage (a remote
 * region's); one in another region (another site's included); one immutable: a point in a vault whose Vault Lock is
 * in compliance mode past its lock date or that is logically air-gapped, or held by a legal hold on storage with S3
 * Object Lock, which then locks its objects. A copy whose vault its site does not describe counts as a copy, and in
 * another region when it is, but on no storage known and not as immutable.
 */
final class ThreeTwoOneOne implements Control<Target.Resource> {
    private static final String RPO = "rpoMinutes";
    private static final int COPIES = 3;
    private static final int KINDS_OF_STORAGE = 2;

    @Override
    public String name() {
        return "HOKAN_3_2_1_1";
    }

    @Override
    public List<ControlParameter> parameters() {
        return List.of(ControlParameter.number(RPO, 1440L, 5256000));
    }

    @Override
    public List<Target.Resource> targets(AuditedCell cell) {
        return cell.resources();
    }

    @Override
    public Verdict evaluate(Target.Resource target, ControlInputs inputs, AuditedCell cell) {
        long rpo = inputs.number(RPO);
        Instant since = cell.now().minus(Duration.ofMinutes(rpo));
        List<RecoveryPoint> fresh = cell.pointsOf(target.arn()).stream()
                .filter(p -> !p.creationDate().isBefore(since)).toList();
        List<AuditedCell.Copy> freshCopies = cell.copiesOf(target.arn()).stream()
                .filter(c -> c.dataFrom().filter(made -> !made.isBefore(since)).isPresent()).toList();
        // each copy and the kind of storage it is on (null: a vault its site did not describe)
        Map<String, String> copies = new LinkedHashMap<>();
        copies.put("the resource itself", ResourceKinds.of(target.resource().type()).storageScheme());
        fresh.forEach(p -> copies.putIfAbsent("vault " + p.vaultName(), storage(cell.tier(p.storageClass()).scheme(),
                cell.isAirGapped(p.vaultName()))));
        freshCopies.forEach(c -> copies.putIfAbsent(c.job().destinationVaultArn(), storage(c, cell)));
        TreeSet<String> kinds = new TreeSet<>(copies.values().stream().filter(Objects::nonNull).toList());
        Optional<AuditedCell.Copy> offsite = freshCopies.stream()
                .filter(c -> !c.region().equals(cell.account().region())).findFirst();
        Optional<String> immutable = fresh.stream().flatMap(p -> immutability(p, cell).stream()).findFirst()
                .or(() -> freshCopies.stream().flatMap(c -> immutability(c, cell).stream()).findFirst());

        String within = " within the RPO of " + rpo + " minutes";
        String listed = String.join(", ", copies.keySet());
        List<String> missing = new ArrayList<>();
        if (copies.size() < COPIES) {
            missing.add(copies.size() + " of " + COPIES + " copies" + within + " (" + listed + ")");
        }
        if (kinds.size() < KINDS_OF_STORAGE) {
            missing.add(kinds.size() + " of " + KINDS_OF_STORAGE + " kinds of storage (" + String.join(", ", kinds)
                    + ")");
        }
        if (offsite.isEmpty()) {
            missing.add("no copy in another region" + within);
        }
        if (immutable.isEmpty()) {
            missing.add("no immutable copy" + within);
        }
        if (!missing.isEmpty()) {
            return Verdict.nonCompliant(String.join("; ", missing));
        }
        return Verdict.compliant(copies.size() + " copies" + within + " (" + listed + ") on " + String.join(", ",
                kinds) + "; in another region: " + offsite.get().job().destinationVaultArn() + "; immutable: "
                + immutable.get());
    }

    /** A kind of storage: the backend's scheme, set apart when it is the air-gapped vaults' own root. */
    private static String storage(String scheme, boolean airGapped) {
        return airGapped ? "air-gapped " + scheme : scheme;
    }

    /**
     * The kind of storage a copy outside the cell is on: a remote site's own, whatever its backend; this deployment's
     * warm tier (copies land there), or its air-gapped root; null when its vault was not described.
     */
    private static String storage(AuditedCell.Copy copy, AuditedCell cell) {
        return copy.vault().map(v -> v.remoteRegion() != null ? "the storage of the site of " + v.remoteRegion()
                : storage(cell.tier(StorageClass.WARM).scheme(), v.airGapped())).orElse(null);
    }

    private static Optional<String> immutability(RecoveryPoint point, AuditedCell cell) {
        if (cell.isAirGapped(point.vaultName())) {
            return Optional.of("vault " + point.vaultName() + " (logically air-gapped)");
        }
        if (cell.lockOf(point.vaultName()).filter(lock -> lock.isImmutableAt(cell.now())).isPresent()) {
            return Optional.of("vault " + point.vaultName() + " (Vault Lock in compliance mode)");
        }
        if (cell.tier(point.storageClass()).objectLock() && cell.isHeld(point)) {
            return Optional.of("recovery point " + point.recoveryPointId() + " (legal hold under S3 Object Lock)");
        }
        return Optional.empty();
    }

    private static Optional<String> immutability(AuditedCell.Copy copy, AuditedCell cell) {
        return copy.vault().filter(v -> v.immutableAt(cell.now())).map(v -> copy.job().destinationVaultArn()
                + (v.airGapped() ? " (logically air-gapped)" : " (Vault Lock in compliance mode)"));
    }
}
