package dev.hokan.engine.restoretest;

import dev.hokan.catalog.cell.CellTx;
import dev.hokan.catalog.cell.job.RestoreJob;
import dev.hokan.catalog.cell.job.RestoreJobStatus;
import dev.hokan.catalog.cell.job.RestoreTest;
import dev.hokan.catalog.cell.restoretest.RestoreTestingPlan;
import dev.hokan.catalog.cell.restoretest.RestoreTestingSelection;
import dev.hokan.catalog.cell.resource.LocalResource;
import dev.hokan.catalog.cell.vault.RecoveryPoint;
import dev.hokan.engine.CellContext;
import dev.hokan.engine.event.EventLog;
import dev.hokan.engine.schedule.ScheduleExpression;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Runs restore testing plans on the service clock. At every tick it takes, per plan, the firings of its schedule
 * since it last looked (at first its creation) up to now; the latest of them runs, once: one restore job per resource
 * the plan's selections take that has a recovery point to test, all created with the plan's new position in one
 * transaction, so a restart neither repeats nor loses a run. Earlier firings the clock passed at once are not run
 * late: a test proves the latest state of the points, which only the latest firing sees.
 */
public final class RestoreTestScheduler {
    private static final Logger LOG = Logger.getLogger(RestoreTestScheduler.class.getName());

    private final CellContext cell;
    private final RestoreTests tests;

    public RestoreTestScheduler(CellContext cell, RestoreTests tests) {
        this.cell = cell;
        this.tests = tests;
    }

    public void run() {
        Instant now = cell.clock().now();
        for (RestoreTestingPlan plan : cell.catalog().read(tx -> tx.restoreTestingPlans().all())) {
            try {
                cell.catalog().write(tx -> {
                    tx.restoreTestingPlans().find(plan.name()).ifPresent(p -> schedule(tx, p, now));
                    return null;
                });
            } catch (RuntimeException e) {
                LOG.log(Level.WARNING, "Running restore testing plan " + plan.name() + " failed; retried at the next"
                        + " tick", e);
            }
        }
    }

    private void schedule(CellTx tx, RestoreTestingPlan plan, Instant now) {
        if (!now.isAfter(plan.evaluatedUntil())) {
            return;
        }
        List<Instant> firings = ScheduleExpression.parse(plan.document().scheduleExpression()).firings(
                plan.evaluatedUntil(), now, ZoneId.of(plan.document().scheduleExpressionTimezone()),
                plan.scheduleAnchor());
        Instant runs = firings.isEmpty() ? null : firings.getLast();
        if (runs != null) {
            for (RestoreTestingSelection selection : tx.restoreTestingSelections().of(plan.name())) {
                for (LocalResource resource : tx.resources().all()) {
                    if (ResourceSelection.takes(selection.document(), resource, tx.tags().of(resource.arn()))) {
                        RecoveryPointPicker.pick(tx, cell.account(), plan, resource.arn(), runs)
                                .ifPresent(point -> start(tx, plan, selection, point, runs, now));
                    }
                }
            }
        }
        tx.restoreTestingPlans().evaluated(plan.name(), now, runs);
    }

    /** A test's job is created at the run's scheduled time, as a plan's backup job is. */
    private void start(CellTx tx, RestoreTestingPlan plan, RestoreTestingSelection selection, RecoveryPoint point,
                       Instant run, Instant now) {
        String jobId = UUID.randomUUID().toString().toUpperCase(Locale.ROOT);
        Map<String, String> metadata = new TreeMap<>(RestoreTests.inferredMetadata(point));
        metadata.putAll(selection.document().restoreMetadataOverrides());
        metadata.putAll(tests.scratchMetadata(point.resourceType(), jobId));
        EventLog.insertJob(tx, now, new RestoreJob(jobId, point.recoveryPointId(), point.vaultName(),
                point.resourceArn(), point.resourceType(), RestoreJobStatus.PENDING, null, run, null, 0.0,
                point.backupSizeInBytes(), selection.document().iamRoleArn(), null, metadata, point.creationDate(),
                RestoreTest.of(plan.arn(), selection.document().validationWindowHours())));
    }
}
