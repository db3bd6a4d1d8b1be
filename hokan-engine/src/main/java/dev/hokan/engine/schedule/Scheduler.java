package dev.hokan.engine.schedule;

import dev.hokan.catalog.PageRequest;
import dev.hokan.catalog.cell.CellCatalog;
import dev.hokan.catalog.cell.CellTx;
import dev.hokan.catalog.cell.job.BackupJob;
import dev.hokan.catalog.cell.job.BackupJobState;
import dev.hokan.catalog.cell.plan.BackupPlan;
import dev.hokan.catalog.cell.plan.BackupRule;
import dev.hokan.catalog.cell.plan.BackupSelection;
import dev.hokan.catalog.cell.resource.LocalResource;
import dev.hokan.catalog.cell.resource.ResourceType;
import dev.hokan.catalog.cell.vault.Lifecycle;
import dev.hokan.catalog.cell.vault.RecoveryPointCreator;
import dev.hokan.engine.SettingsService;
import dev.hokan.engine.clock.ClockMode;
import dev.hokan.engine.clock.ServiceClock;
import dev.hokan.engine.event.EventLog;
import dev.hokan.engine.plan.SelectionMatcher;
import dev.hokan.engine.plan.SelectionService;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.UUID;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Runs backup plans on the service clock. At every tick it takes, per plan, the rule firings since the plan's cursor
 * (at first its creation time) up to now, creates their backup jobs and moves the cursor, all in one transaction, so
 * that a restart neither repeats nor loses a firing.
 * <p>
 * A firing makes one job per selected resource; when several rules fire at the same time, the one keeping its
 * recovery points longest makes the jobs. A job waits until a pseudo-random moment early in its start window and
 * must start by the window's end. When the clock has passed several firings at once, only the latest one still
 * inside its start window runs; the others become EXPIRED jobs saying they were missed or overtaken. On the manual
 * clock, which jumps only when told to, the latest firing of a jump runs even when the jump went past its window:
 * its job's windows count from the moment the clock reached it, as if it had started within its window.
 */
public final class Scheduler {
    private static final Logger LOG = Logger.getLogger(Scheduler.class.getName());
    /** Jobs start within the first quarter of their start window, and within its first hour. */
    private static final Duration MAX_START_DELAY = Duration.ofHours(1);

    private final CellCatalog catalog;
    private final ServiceClock clock;

    public Scheduler(CellCatalog catalog, ServiceClock clock) {
        this.catalog = catalog;
        this.clock = clock;
    }

    /** Creates the jobs of every firing due by now; a plan that fails is retried at the next run. */
    public void run() {
        Instant now = clock.now();
        for (BackupPlan plan : catalog.read(tx -> tx.plans().active())) {
            try {
                catalog.write(tx -> {
                    schedule(tx, plan.planId(), now);
                    return null;
                });
            } catch (RuntimeException e) {
                LOG.log(Level.WARNING, "Scheduling backup plan " + plan.planId() + " failed; retried at the next tick",
                        e);
            }
        }
    }

    /** The next {@code count} runs of the plan's rules (none for a deleted plan), soonest first. */
    public List<ScheduledRun> upcoming(String planId, int count) {
        Instant now = clock.now();
        return catalog.read(tx -> {
            BackupPlan plan = tx.plans().find(planId).orElse(null);
            if (plan == null || plan.isDeleted() || count == 0) {
                return List.of();
            }
            return new PlanTimeline(tx.plans().revisions(planId)).upcoming(now, count).stream()
                    .map(f -> new ScheduledRun(f.at(), f.rule())).toList();
        });
    }

    private void schedule(CellTx tx, String planId, Instant now) {
        BackupPlan plan = tx.plans().find(planId).orElseThrow();
        if (plan.isDeleted()) {
            return;
        }
        Instant from = tx.scheduleCursors().find(planId).orElse(plan.creationDate());
        if (!now.isAfter(from)) {
            return;
        }
        List<PlanTimeline.Firing> firings = new PlanTimeline(tx.plans().revisions(planId)).firings(from, now);
        if (!firings.isEmpty()) {
            createJobs(tx, planId, firings, now);
        }
        tx.scheduleCursors().put(planId, now);
    }

    private void createJobs(CellTx tx, String planId, List<PlanTimeline.Firing> firings, Instant now) {
        List<Selected> selected = selectedResources(tx, planId);
        List<PlanTimeline.Firing> winners = longestRetentionAtEachTime(firings);
        PlanTimeline.Firing runs = winners.stream()
                .filter(f -> clock.mode() == ClockMode.MANUAL || !now.isAfter(startBy(f)))
                .max(Comparator.comparing(PlanTimeline.Firing::at))
                .orElse(null);
        for (PlanTimeline.Firing f : winners) {
            String missed = f == runs ? null : missedMessage(f, runs, now);
            for (Selected s : selected) {
                EventLog.insertJob(tx, now, job(planId, f, s, missed, now));
            }
        }
        if (runs != null && !selected.isEmpty()) {
            tx.plans().recordExecution(planId, runs.at());
        }
    }

    /** Why a firing does not run: its window ended before the scheduler got to it, or {@code runs} replaces it. */
    private static String missedMessage(PlanTimeline.Firing f, PlanTimeline.Firing runs, Instant now) {
        if (now.isAfter(startBy(f))) {
            return "Missed: the backup scheduled for " + f.at() + " could not start in its start window, which ended"
                    + " at " + startBy(f) + " before the scheduler reached it (the server was stopped or its clock"
                    + " moved past the window)";
        }
        return "Skipped: the backup scheduled for " + f.at() + " was overtaken by the one scheduled for "
                + runs.at() + ", which runs instead";
    }

    /**
     * A job whose firing the clock jumped past (the manual clock only runs such a firing) has its windows counted
     * from now instead of from the scheduled time.
     */
    private static BackupJob job(String planId, PlanTimeline.Firing f, Selected s, String missed, Instant now) {
        BackupRule rule = f.rule();
        LocalResource r = s.resource();
        BackupJobState state = missed == null ? BackupJobState.CREATED : BackupJobState.EXPIRED;
        boolean late = missed == null && now.isAfter(startBy(f));
        Instant windowsFrom = late ? now : f.at();
        return new BackupJob(UUID.randomUUID().toString(), rule.targetBackupVaultName(), r.arn(), r.type(), r.name(),
                s.iamRoleArn(), state, missed, f.at(), late ? now : f.at().plus(startDelay(planId, f, r.arn())),
                windowsFrom.plus(Duration.ofMinutes(rule.startWindowMinutes())),
                windowsFrom.plus(Duration.ofMinutes(rule.completionWindowMinutes())), missed == null ? null : now, 0.0, 0,
                0, UUID.randomUUID().toString().toUpperCase(Locale.ROOT),
                rule.lifecycle() == null ? Lifecycle.KEEP_FOREVER : rule.lifecycle(),
                rule.recoveryPointTags() == null ? Map.of() : rule.recoveryPointTags(),
                new RecoveryPointCreator(planId, f.versionId(), rule.ruleId()));
    }

    private static Instant startBy(PlanTimeline.Firing f) {
        return f.at().plus(Duration.ofMinutes(f.rule().startWindowMinutes()));
    }

    /**
     * How long after its scheduled time a job may start: pseudo-random, but the same for the same firing and
     * resource, so that jobs of one firing spread out and a replay on the manual clock behaves the same.
     */
    private static Duration startDelay(String planId, PlanTimeline.Firing f, String resourceArn) {
        Duration quarter = Duration.ofMinutes(f.rule().startWindowMinutes()).dividedBy(4);
        long bound = (quarter.compareTo(MAX_START_DELAY) < 0 ? quarter : MAX_START_DELAY).toSeconds();
        String key = planId + "|" + f.rule().ruleId() + "|" + resourceArn + "|" + f.at();
        long seed = UUID.nameUUIDFromBytes(key.getBytes(StandardCharsets.UTF_8)).getMostSignificantBits();
        return Duration.ofSeconds(new SplittableRandom(seed).nextLong(bound));
    }

    /** One firing per scheduled time: of the rules firing together, the one keeping recovery points longest. */
    private static List<PlanTimeline.Firing> longestRetentionAtEachTime(List<PlanTimeline.Firing> firings) {
        Map<Instant, PlanTimeline.Firing> byTime = new LinkedHashMap<>();
        for (PlanTimeline.Firing f : firings) {
            byTime.merge(f.at(), f, (kept, other) -> retentionDays(other) > retentionDays(kept) ? other : kept);
        }
        return new ArrayList<>(byTime.values());
    }

    private static long retentionDays(PlanTimeline.Firing f) {
        Lifecycle l = f.rule().lifecycle();
        return l == null || l.deleteAfterDays() == null ? Long.MAX_VALUE : l.deleteAfterDays();
    }

    /** The registered resources the plan's selections take, each with the role of the first selection taking it. */
    private static List<Selected> selectedResources(CellTx tx, String planId) {
        List<BackupSelection> selections = tx.selections()
                .list(planId, new PageRequest(SelectionService.MAX_SELECTIONS_PER_PLAN, null)).items();
        if (selections.isEmpty()) {
            return List.of();
        }
        Set<ResourceType> optedIn = SettingsService.optedIn(tx);
        List<Selected> selected = new ArrayList<>();
        for (LocalResource r : tx.resources().all()) {
            Map<String, String> tags = tx.tags().of(r.arn());
            selections.stream()
                    .filter(s -> SelectionMatcher.selects(s.document(), r.arn(), tags, optedIn.contains(r.type())))
                    .findFirst()
                    .ifPresent(s -> selected.add(new Selected(r, s.document().iamRoleArn())));
        }
        return selected;
    }

    private record Selected(LocalResource resource, String iamRoleArn) {
    }
}
