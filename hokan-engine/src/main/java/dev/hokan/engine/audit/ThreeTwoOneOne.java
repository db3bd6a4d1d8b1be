package dev.hokan.engine.audit;

import dev.hokan.catalog.cell.vault.RecoveryPoint;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Hokan's control for the 3-2-1-1 rule of the backup strategy (seed 000), counting only what is within the RPO
 * ({@code rpoMinutes}): a vault holding a completed point of the resource created since, or a vault another region
 * or account received a completed copy into since. At least three copies: the resource itself and two such vaults.
 * Two kinds of storage: the resource's own and the vaults'. One in another region: a copy there. One immutable: a
 * point in a vault whose Vault Lock is in compliance mode past its lock date, or whose lock the storage enforces
 * with S3 Object Lock.
 */
final class ThreeTwoOneOne implements Control<Target.Resource> {
    private static final String RPO = "rpoMinutes";
    private static final int COPIES = 3;

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
                .filter(c -> !c.madeAt().isBefore(since)).toList();
        Set<String> copies = new LinkedHashSet<>();
        copies.add("the resource itself");
        fresh.forEach(p -> copies.add("vault " + p.vaultName()));
        freshCopies.forEach(c -> copies.add(c.job().destinationVaultArn()));
        Optional<AuditedCell.Copy> offsite = freshCopies.stream()
                .filter(c -> !c.region().equals(cell.account().region())).findFirst();
        Optional<String> immutable = fresh.stream().flatMap(p -> immutability(p, cell).stream()).findFirst();

        String within = " within the RPO of " + rpo + " minutes";
        List<String> missing = new ArrayList<>();
        if (copies.size() < COPIES) {
            missing.add(copies.size() + " of " + COPIES + " copies" + within + " (" + String.join(", ", copies)
                    + ")");
        }
        if (copies.size() < 2) {
            missing.add("no copy on storage other than the resource's own");
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
        return Verdict.compliant(copies.size() + " copies" + within + " (" + String.join(", ", copies)
                + "); in another region: " + offsite.get().job().destinationVaultArn() + "; immutable: "
                + immutable.get());
    }

    private static Optional<String> immutability(RecoveryPoint point, AuditedCell cell) {
        return cell.lockOf(point.vaultName()).flatMap(lock -> {
            if (lock.isImmutableAt(cell.now())) {
                return Optional.of("vault " + point.vaultName() + " (Vault Lock in compliance mode)");
            }
            return cell.objectLockedStorage() ? Optional.of("vault " + point.vaultName() + " (S3 Object Lock)")
                    : Optional.empty();
        });
    }
}
