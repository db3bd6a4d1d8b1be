package dev.hokan.engine.audit;

import dev.hokan.catalog.Page;
import dev.hokan.catalog.PageRequest;
import dev.hokan.catalog.cell.CellTx;
import dev.hokan.catalog.cell.audit.ControlEvaluation;
import dev.hokan.catalog.cell.audit.DeploymentStatus;
import dev.hokan.catalog.cell.audit.Framework;
import dev.hokan.catalog.cell.audit.FrameworkControl;
import dev.hokan.catalog.cell.audit.FrameworkDocument;
import dev.hokan.catalog.cell.job.CopyJob;
import dev.hokan.catalog.cell.job.CopyJobState;
import dev.hokan.catalog.cell.vault.StorageClass;
import dev.hokan.engine.Arn;
import dev.hokan.engine.CellContext;
import dev.hokan.engine.Idempotency;
import dev.hokan.engine.Names;
import dev.hokan.engine.ServiceException;
import dev.hokan.engine.copy.CopyDestinations;
import dev.hokan.engine.copy.DestinationVault;
import dev.hokan.engine.vault.VaultStorage;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Audit frameworks (Create, Describe, List, Update, Delete) and their evaluation: Hokan evaluates each control over
 * the resources in its scope itself, on demand and daily on the service clock, and keeps the latest evaluation. A
 * framework's deployment is in progress from its creation or update until its controls have been evaluated.
 */
public final class FrameworkService {
    public static final int MAX_FRAMEWORKS = 15;
    public static final int MAX_CONTROLS = 50;
    /** How often the controls of every framework are evaluated again. */
    public static final Duration EVALUATION_INTERVAL = Duration.ofDays(1);
    /** Hokan evaluates every control itself, so no framework waits for recording to be turned on. */
    public static final String FRAMEWORK_STATUS = "ACTIVE";
    private static final Logger LOG = Logger.getLogger(FrameworkService.class.getName());

    private final CellContext cell;
    private final VaultStorage storage;
    private final CopyDestinations destinations;

    /** {@code destinations} describes the vaults outside the cell that copies went to. */
    public FrameworkService(CellContext cell, VaultStorage storage, CopyDestinations destinations) {
        this.cell = cell;
        this.storage = storage;
        this.destinations = destinations;
    }

    public Framework create(String name, FrameworkDocument document, String idempotencyToken,
                            Map<String, String> tags) {
        FrameworkRules.name(name);
        FrameworkDocument checked = new FrameworkDocument(FrameworkRules.description(document.description()),
                FrameworkRules.controls(document.controls()));
        Names.idempotencyToken(idempotencyToken);
        if (tags != null) {
            Names.tags("FrameworkTags", tags);
        }
        record Request(String name, FrameworkDocument document, Map<String, String> tags) {
        }
        return cell.catalog().write(tx -> {
            Instant now = cell.clock().now();
            String created = Idempotency.once(tx, "CreateFramework", idempotencyToken,
                    new Request(name, checked, tags), now, () -> {
                        tx.frameworks().find(name).ifPresent(existing -> {
                            throw ServiceException.alreadyExists("Framework " + name + " already exists",
                                    existing.arn(), null);
                        });
                        if (tx.frameworks().count() >= MAX_FRAMEWORKS) {
                            throw ServiceException.limitExceeded("An account has at most " + MAX_FRAMEWORKS
                                    + " frameworks in a region");
                        }
                        requireControlsLeft(tx, name, checked.controls());
                        String arn = cell.account().frameworkArn(name + "-" + UUID.randomUUID());
                        tx.frameworks().insert(new Framework(name, arn, now, idempotencyToken,
                                DeploymentStatus.CREATE_IN_PROGRESS, null, null, checked));
                        if (tags != null && !tags.isEmpty()) {
                            tx.tags().put(arn, tags);
                        }
                        return name;
                    });
            return framework(tx, created);
        });
    }

    public Framework describe(String name) {
        FrameworkRules.name(name);
        return cell.catalog().read(tx -> framework(tx, name));
    }

    /** The ARN of the framework of that name, if there is one: what its calls are authorised on. */
    public Optional<String> frameworkArn(String name) {
        return cell.catalog().read(tx -> tx.frameworks().find(name)).map(Framework::arn);
    }

    public Page<Framework> list(PageRequest page) {
        return cell.catalog().read(tx -> tx.frameworks().list(page));
    }

    /** Members left null keep their values; the controls' deployment starts again. */
    public Framework update(String name, String description, List<FrameworkControl> controls,
                            String idempotencyToken) {
        FrameworkRules.name(name);
        FrameworkRules.description(description);
        if (controls != null) {
            FrameworkRules.controls(controls);
        }
        Names.idempotencyToken(idempotencyToken);
        record Request(String name, String description, List<FrameworkControl> controls) {
        }
        return cell.catalog().write(tx -> {
            Instant now = cell.clock().now();
            String updated = Idempotency.once(tx, "UpdateFramework", idempotencyToken,
                    new Request(name, description, controls), now, () -> {
                        Framework current = framework(tx, name);
                        FrameworkDocument document = new FrameworkDocument(
                                description != null ? description : current.document().description(),
                                controls != null ? controls : current.document().controls());
                        requireControlsLeft(tx, name, document.controls());
                        tx.frameworks().update(new Framework(name, current.arn(), current.creationTime(),
                                current.idempotencyToken(), DeploymentStatus.UPDATE_IN_PROGRESS, now,
                                current.evaluatedAt(), document));
                        return name;
                    });
            return framework(tx, updated);
        });
    }

    public void delete(String name) {
        FrameworkRules.name(name);
        cell.catalog().write(tx -> {
            Framework framework = framework(tx, name);
            tx.frameworks().delete(name);
            tx.tags().removeAll(framework.arn());
            return null;
        });
    }

    /** Evaluates the framework's controls now and keeps the result as its latest evaluation. */
    public List<ControlEvaluation> evaluate(String name) {
        FrameworkRules.name(name);
        Map<StorageClass, AuditedCell.Tier> tiers = tiers();
        Map<String, DestinationVault> elsewhere = destinationVaults();
        return cell.catalog().write(tx -> evaluate(tx, framework(tx, name), cell.clock().now(), tiers, elsewhere));
    }

    /**
     * Evaluates the frameworks whose deployment is in progress or whose latest evaluation is
     * {@link #EVALUATION_INTERVAL} old; the engine's tick calls it.
     */
    public void evaluateDue() {
        Instant now = cell.clock().now();
        List<Framework> due = cell.catalog().read(tx -> tx.frameworks().all()).stream()
                .filter(f -> f.deploymentStatus() != DeploymentStatus.COMPLETED
                        || !now.isBefore(f.evaluatedAt().plus(EVALUATION_INTERVAL)))
                .toList();
        if (due.isEmpty()) {
            return;
        }
        Map<StorageClass, AuditedCell.Tier> tiers = tiers();
        Map<String, DestinationVault> elsewhere = destinationVaults();
        for (Framework framework : due) {
            try {
                cell.catalog().write(tx -> tx.frameworks().find(framework.name())
                        .map(f -> evaluate(tx, f, now, tiers, elsewhere)));
            } catch (RuntimeException e) {
                LOG.log(Level.WARNING, "Evaluating framework " + framework.name() + " failed; retried at the next"
                        + " tick", e);
            }
        }
    }

    /**
     * The latest evaluation of the framework with that ARN: a record per control and resource in its scope, with
     * the status, the reason and when it was evaluated; empty before its first evaluation.
     */
    public List<ControlEvaluation> latestEvaluations(String frameworkArn) {
        return cell.catalog().read(tx -> {
            Framework framework = tx.frameworks().all().stream().filter(f -> f.arn().equals(frameworkArn))
                    .findFirst().orElseThrow(() -> ServiceException.notFound("Framework " + frameworkArn
                            + " does not exist"));
            return tx.frameworks().evaluations(framework.name());
        });
    }

    private List<ControlEvaluation> evaluate(CellTx tx, Framework framework, Instant now,
                                             Map<StorageClass, AuditedCell.Tier> tiers,
                                             Map<String, DestinationVault> elsewhere) {
        AuditedCell audited = AuditedCell.read(tx, cell.account(), now, tiers, elsewhere);
        List<ControlEvaluation> results = new ArrayList<>();
        for (FrameworkControl control : framework.document().controls()) {
            results.addAll(evaluate(Controls.find(control.controlName()).orElseThrow(), control, audited,
                    framework.name()));
        }
        tx.frameworks().evaluated(framework.name(), results);
        tx.frameworks().update(new Framework(framework.name(), framework.arn(), framework.creationTime(),
                framework.idempotencyToken(), DeploymentStatus.COMPLETED, framework.lastUpdateTime(), now,
                framework.document()));
        return results;
    }

    private static <T extends Target> List<ControlEvaluation> evaluate(Control<T> control, FrameworkControl framed,
                                                                       AuditedCell cell, String framework) {
        ControlInputs inputs = Controls.inputs(control, framed);
        return control.targets(cell).stream().filter(t -> t.in(framed.scope())).map(t -> {
            Verdict verdict = control.evaluate(t, inputs, cell);
            return new ControlEvaluation(framework, control.name(), t.arn(), t.type(), verdict.status(),
                    verdict.reason(), cell.now());
        }).toList();
    }

    /** Controls count across every framework of the region, the framework being changed counted as it will be. */
    private static void requireControlsLeft(CellTx tx, String name, List<FrameworkControl> controls) {
        long others = tx.frameworks().all().stream().filter(f -> !f.name().equals(name))
                .mapToLong(f -> f.document().controls().size()).sum();
        if (others + controls.size() > MAX_CONTROLS) {
            throw ServiceException.limitExceeded("An account uses at most " + MAX_CONTROLS + " controls in a region"
                    + " across its frameworks; " + others + " are in use by other frameworks");
        }
    }

    /** What each tier of the cell's vaults is stored on, and whether that storage locks objects itself. */
    private Map<StorageClass, AuditedCell.Tier> tiers() {
        Map<StorageClass, AuditedCell.Tier> tiers = new EnumMap<>(StorageClass.class);
        for (StorageClass tier : StorageClass.values()) {
            boolean objectLock;
            try {
                objectLock = storage.objectLock(tier).isPresent();
            } catch (IOException e) {
                LOG.log(Level.WARNING, "Whether the " + tier + " tier's storage has Object Lock is unknown; counted as"
                        + " not", e);
                objectLock = false;
            }
            tiers.put(tier, new AuditedCell.Tier(storage.scheme(tier), objectLock));
        }
        return tiers;
    }

    /**
     * What each vault outside the cell that a completed copy went to is, by ARN, asked before the evaluation's
     * transaction since a remote site is asked over the network; a vault its site does not describe is left out.
     */
    private Map<String, DestinationVault> destinationVaults() {
        List<String> vaultArns = cell.catalog().read(tx -> tx.copyJobs().inState(CopyJobState.COMPLETED)).stream()
                .map(CopyJob::destinationVaultArn).distinct()
                .filter(arn -> Arn.parse(arn).filter(a -> !a.account().equals(cell.account().accountId())
                        || !a.region().equals(cell.account().region())).isPresent())
                .toList();
        Map<String, DestinationVault> described = new HashMap<>();
        for (String vaultArn : vaultArns) {
            try {
                destinations.describe(vaultArn).ifPresent(vault -> described.put(vaultArn, vault));
            } catch (RuntimeException e) {
                LOG.log(Level.WARNING, "Vault " + vaultArn + " could not be described; its copies count as copies"
                        + " in another region or account only", e);
            }
        }
        return described;
    }

    private static Framework framework(CellTx tx, String name) {
        return tx.frameworks().find(name).orElseThrow(() -> ServiceException.notFound(
                "Framework " + name + " does not exist"));
    }
}
