package dev.hokan.engine.restoretest;

import dev.hokan.catalog.cell.CellTx;
import dev.hokan.catalog.cell.restoretest.RecoveryPointSelection;
import dev.hokan.catalog.cell.restoretest.RestoreTestingPlan;
import dev.hokan.catalog.cell.vault.ContinuousBackup;
import dev.hokan.catalog.cell.vault.ContinuousStatus;
import dev.hokan.catalog.cell.vault.RecoveryPoint;
import dev.hokan.catalog.cell.vault.RecoveryPointStatus;
import dev.hokan.engine.Account;
import dev.hokan.engine.Wildcards;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.UUID;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * The recovery point a run of a restore testing plan tests of one resource: among its completed points created in
 * the plan's SelectionWindowDays before the run, in a vault IncludeVaults names and ExcludeVaults does not, of a type
 * RecoveryPointTypes lists (CONTINUOUS: a continuous backup's point; SNAPSHOT: any other), the latest
 * (LATEST_WITHIN_WINDOW) or one drawn at random (RANDOM_WITHIN_WINDOW), the draw seeded by the plan, the resource and
 * the run, so that a replay on the manual clock draws the same. A continuous point that still streams restores up to
 * the run however long ago it was created: it is in every window, as its latest.
 */
final class RecoveryPointPicker {
    private RecoveryPointPicker() {
    }

    static Optional<RecoveryPoint> pick(CellTx tx, Account account, RestoreTestingPlan plan, String resourceArn,
                                        Instant run) {
        RecoveryPointSelection s = plan.document().recoveryPointSelection();
        Instant since = run.minus(Duration.ofDays(s.selectionWindowDays()));
        Set<String> streaming = tx.continuousBackups().inStatus(ContinuousStatus.ACTIVE).stream()
                .filter(c -> c.resourceArn().equals(resourceArn)).map(ContinuousBackup::recoveryPointId)
                .collect(Collectors.toSet());
        List<RecoveryPoint> candidates = Stream.concat(tx.recoveryPoints()
                        .ofResourceSince(resourceArn, RecoveryPointStatus.COMPLETED, since).stream(),
                        streaming.stream().flatMap(id -> tx.recoveryPoints().find(id).stream())
                                .filter(p -> p.status() == RecoveryPointStatus.COMPLETED
                                        && p.creationDate().isBefore(since)))
                .filter(p -> !p.creationDate().isAfter(run))
                .sorted(Comparator.comparing((RecoveryPoint p) -> streaming.contains(p.recoveryPointId()) ? run
                        : p.creationDate()).thenComparing(RecoveryPoint::recoveryPointId))
                .filter(p -> inVaults(s.includeVaults(), account.vaultArn(p.vaultName()))
                        && !inVaults(s.excludeVaults(), account.vaultArn(p.vaultName())))
                .filter(p -> s.recoveryPointTypes().contains(tx.continuousBackups().find(p.recoveryPointId())
                        .isPresent() ? RestoreTestingRules.CONTINUOUS : RestoreTestingRules.SNAPSHOT))
                .toList();
        if (candidates.isEmpty()) {
            return Optional.empty();
        }
        if (s.algorithm().equals(RestoreTestingRules.LATEST)) {
            return Optional.of(candidates.getLast());
        }
        String key = plan.arn() + "|" + resourceArn + "|" + run;
        long seed = UUID.nameUUIDFromBytes(key.getBytes(StandardCharsets.UTF_8)).getMostSignificantBits();
        return Optional.of(candidates.get(new SplittableRandom(seed).nextInt(candidates.size())));
    }

    private static boolean inVaults(List<String> patterns, String vaultArn) {
        return patterns.stream().anyMatch(p -> p.equals("*") || Wildcards.matchesArn(p, vaultArn));
    }
}
