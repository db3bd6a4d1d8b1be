package dev.hokan.engine.audit;

import dev.hokan.catalog.cell.audit.ControlScope;
import dev.hokan.catalog.cell.plan.BackupPlan;
import dev.hokan.catalog.cell.resource.LocalResource;
import dev.hokan.catalog.cell.vault.RecoveryPoint;
import java.util.List;
import java.util.Map;

/**
 * What a control evaluates: a protected resource, a backup plan, a backup vault or a recovery point. A control's
 * scope names it by one of its {@link #ids()} (its ARN first), by its {@link #scopeType()} and by its tags.
 */
public sealed interface Target {
    /** Its ARN, then the shorter IDs a scope may name it by. */
    List<String> ids();

    /** What it is, as evaluations record it: a resource's type, or BackupPlan, BackupVault, RecoveryPoint. */
    String type();

    /** The type {@code ComplianceResourceTypes} compares: a recovery point's is its resource's. */
    default String scopeType() {
        return type();
    }

    Map<String, String> tags();

    default String arn() {
        return ids().getFirst();
    }

    /**
     * Whether a control's scope takes it: one of its IDs among {@code ComplianceResourceIds}, its type among
     * {@code ComplianceResourceTypes}, and the tag of {@code Tags} (any value when the scope's is empty); a
     * member the scope leaves out takes everything.
     */
    default boolean in(ControlScope scope) {
        if (scope == null) {
            return true;
        }
        return (scope.complianceResourceIds() == null || ids().stream().anyMatch(scope.complianceResourceIds()::contains))
                && (scope.complianceResourceTypes() == null || scope.complianceResourceTypes().contains(scopeType()))
                && (scope.tags() == null || scope.tags().entrySet().stream().allMatch(tag -> tags().containsKey(tag.getKey())
                && (tag.getValue().isEmpty() || tag.getValue().equals(tags().get(tag.getKey())))));
    }

    record Resource(LocalResource resource, Map<String, String> tags) implements Target {
        @Override
        public List<String> ids() {
            return List.of(resource.arn(), resource.name());
        }

        @Override
        public String type() {
            return resource.type().wireName();
        }
    }

    record Plan(BackupPlan plan, String planArn, Map<String, String> tags) implements Target {
        @Override
        public List<String> ids() {
            return List.of(planArn, plan.planId());
        }

        @Override
        public String type() {
            return "BackupPlan";
        }
    }

    record Vault(String name, String vaultArn, Map<String, String> tags) implements Target {
        @Override
        public List<String> ids() {
            return List.of(vaultArn, name);
        }

        @Override
        public String type() {
            return "BackupVault";
        }
    }

    record Point(RecoveryPoint point, String pointArn, Map<String, String> tags) implements Target {
        @Override
        public List<String> ids() {
            return List.of(pointArn, point.recoveryPointId());
        }

        @Override
        public String type() {
            return "RecoveryPoint";
        }

        @Override
        public String scopeType() {
            return point.resourceType().wireName();
        }
    }
}
