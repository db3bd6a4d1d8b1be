package dev.hokan.api;

import dev.hokan.catalog.cell.restoretest.KeyValue;
import dev.hokan.catalog.cell.restoretest.ProtectedResourceConditions;
import dev.hokan.catalog.cell.restoretest.RecoveryPointSelection;
import dev.hokan.catalog.cell.restoretest.RestoreTestingPlan;
import dev.hokan.catalog.cell.restoretest.RestoreTestingPlanDocument;
import dev.hokan.catalog.cell.restoretest.RestoreTestingSelection;
import dev.hokan.catalog.cell.restoretest.RestoreTestingSelectionDocument;
import dev.hokan.engine.Engine;
import dev.hokan.engine.ServiceException;
import java.util.List;
import java.util.Map;

/**
 * Create, Get, List, Update and DeleteRestoreTestingPlan; the same for RestoreTestingSelection;
 * GetRestoreTestingInferredMetadata; PutRestoreValidationResult.
 */
final class RestoreTestingOperations {
    private static final String PLAN = "RestoreTestingPlanName";
    private static final String SELECTION = "RestoreTestingSelectionName";

    private final Engine engine;

    RestoreTestingOperations(Engine engine) {
        this.engine = engine;
    }

    void register(Map<String, Operation> ops) {
        ops.put("CreateRestoreTestingPlan", call -> {
            Input in = call.body();
            Input plan = in.requiredObject("RestoreTestingPlan");
            RestoreTestingPlan created = engine.restoreTesting().createPlan(plan.string(PLAN), planDocument(plan),
                    in.string("CreatorRequestId"), in.stringMap("Tags"));
            return JsonOut.object()
                    .put("CreationTime", created.creationTime())
                    .put("RestoreTestingPlanArn", created.arn())
                    .put("RestoreTestingPlanName", created.name());
        });
        ops.put("GetRestoreTestingPlan", call -> {
            RestoreTestingPlan plan = engine.restoreTesting().plan(call.label(PLAN));
            return JsonOut.object().put("RestoreTestingPlan", render(plan)
                    .put("CreatorRequestId", plan.creatorRequestId())
                    .put("RecoveryPointSelection", render(plan.document().recoveryPointSelection())));
        });
        ops.put("ListRestoreTestingPlans", call -> Paging.render(engine.restoreTesting().plans(
                call.query().page("MaxResults", "NextToken")), "RestoreTestingPlans", RestoreTestingOperations::render));
        ops.put("UpdateRestoreTestingPlan", call -> {
            Input plan = call.body().requiredObject("RestoreTestingPlan");
            RestoreTestingPlan updated = engine.restoreTesting().updatePlan(call.label(PLAN), planDocument(plan));
            return JsonOut.object()
                    .put("CreationTime", updated.creationTime())
                    .put("RestoreTestingPlanArn", updated.arn())
                    .put("RestoreTestingPlanName", updated.name())
                    .put("UpdateTime", updated.lastUpdateTime());
        });
        ops.put("DeleteRestoreTestingPlan", call -> {
            engine.restoreTesting().deletePlan(call.label(PLAN));
            return null;
        });
        ops.put("CreateRestoreTestingSelection", call -> {
            Input in = call.body();
            Input s = in.requiredObject("RestoreTestingSelection");
            RestoreTestingSelection created = engine.restoreTesting().createSelection(call.label(PLAN),
                    s.string(SELECTION), selectionDocument(s), in.string("CreatorRequestId"));
            return selectionAnswer(created);
        });
        ops.put("GetRestoreTestingSelection", call -> {
            RestoreTestingSelection s = engine.restoreTesting().selection(call.label(PLAN), call.label(SELECTION));
            RestoreTestingSelectionDocument d = s.document();
            ProtectedResourceConditions c = d.protectedResourceConditions();
            return JsonOut.object().put("RestoreTestingSelection", render(s)
                    .put("CreatorRequestId", s.creatorRequestId())
                    .putStringList("ProtectedResourceArns", d.protectedResourceArns())
                    .put("ProtectedResourceConditions", c == null ? null : JsonOut.object()
                            .putList("StringEquals", render(c.stringEquals()))
                            .putList("StringNotEquals", render(c.stringNotEquals())))
                    .putStrings("RestoreMetadataOverrides", d.restoreMetadataOverrides()));
        });
        ops.put("ListRestoreTestingSelections", call -> Paging.render(engine.restoreTesting().selections(
                call.label(PLAN), call.query().page("MaxResults", "NextToken")), "RestoreTestingSelections",
                RestoreTestingOperations::render));
        ops.put("UpdateRestoreTestingSelection", call -> {
            Input s = call.body().requiredObject("RestoreTestingSelection");
            RestoreTestingSelection updated = engine.restoreTesting().updateSelection(call.label(PLAN),
                    call.label(SELECTION), selectionDocument(s));
            return selectionAnswer(updated).put("UpdateTime", updated.lastUpdateTime());
        });
        ops.put("DeleteRestoreTestingSelection", call -> {
            engine.restoreTesting().deleteSelection(call.label(PLAN), call.label(SELECTION));
            return null;
        });
        ops.put("GetRestoreTestingInferredMetadata", call -> {
            Query q = call.query();
            return JsonOut.object().putStrings("InferredMetadata", engine.restoreTesting().inferredMetadata(
                    q.string("BackupVaultAccountId"), q.string("BackupVaultName"), q.string("RecoveryPointArn")));
        });
        ops.put("PutRestoreValidationResult", call -> {
            Input in = call.body();
            engine.restoreTesting().putValidationResult(call.label("restoreJobId"), in.string("ValidationStatus"),
                    in.string("ValidationStatusMessage"));
            return null;
        });
    }

    private static RestoreTestingPlanDocument planDocument(Input plan) {
        Input s = plan.object("RecoveryPointSelection");
        RecoveryPointSelection selection = s == null ? null : new RecoveryPointSelection(s.string("Algorithm"),
                s.stringList("IncludeVaults"), s.stringList("ExcludeVaults"), s.stringList("RecoveryPointTypes"),
                integer(s, "SelectionWindowDays"));
        return new RestoreTestingPlanDocument(selection, plan.string("ScheduleExpression"),
                plan.string("ScheduleExpressionTimezone"), integer(plan, "StartWindowHours"));
    }

    private static RestoreTestingSelectionDocument selectionDocument(Input s) {
        Input c = s.object("ProtectedResourceConditions");
        return new RestoreTestingSelectionDocument(s.string("IamRoleArn"), s.string("ProtectedResourceType"),
                s.stringList("ProtectedResourceArns"), c == null ? null : new ProtectedResourceConditions(
                        keyValues(c, "StringEquals"), keyValues(c, "StringNotEquals")),
                s.stringMap("RestoreMetadataOverrides"), integer(s, "ValidationWindowHours"));
    }

    private static List<KeyValue> keyValues(Input conditions, String member) {
        List<Input> list = conditions.objects(member);
        return list == null ? null : list.stream().map(kv -> new KeyValue(kv.string("Key"), kv.string("Value")))
                .toList();
    }

    /** An integer member of the model: a whole number that fits. */
    private static Integer integer(Input in, String member) {
        Long value = in.longValue(member);
        if (value == null) {
            return null;
        }
        if (value < Integer.MIN_VALUE || value > Integer.MAX_VALUE) {
            throw ServiceException.invalidParameter(member + " " + value + " is out of range");
        }
        return value.intValue();
    }

    private JsonOut selectionAnswer(RestoreTestingSelection s) {
        return JsonOut.object()
                .put("CreationTime", s.creationTime())
                .put("RestoreTestingPlanArn", engine.restoreTesting().plan(s.planName()).arn())
                .put("RestoreTestingPlanName", s.planName())
                .put("RestoreTestingSelectionName", s.name());
    }

    /** The members a plan has in lists and in GetRestoreTestingPlan. */
    private static JsonOut render(RestoreTestingPlan p) {
        return JsonOut.object()
                .put("CreationTime", p.creationTime())
                .put("LastExecutionTime", p.lastExecutionTime())
                .put("LastUpdateTime", p.lastUpdateTime())
                .put("RestoreTestingPlanArn", p.arn())
                .put("RestoreTestingPlanName", p.name())
                .put("ScheduleExpression", p.document().scheduleExpression())
                .put("ScheduleExpressionTimezone", p.document().scheduleExpressionTimezone())
                .put("StartWindowHours", (long) p.document().startWindowHours());
    }

    private static JsonOut render(RecoveryPointSelection s) {
        return JsonOut.object()
                .put("Algorithm", s.algorithm())
                .putStringList("ExcludeVaults", s.excludeVaults())
                .putStringList("IncludeVaults", s.includeVaults())
                .putStringList("RecoveryPointTypes", s.recoveryPointTypes())
                .put("SelectionWindowDays", (long) s.selectionWindowDays());
    }

    /** The members a selection has in lists and in GetRestoreTestingSelection. */
    private static JsonOut render(RestoreTestingSelection s) {
        return JsonOut.object()
                .put("CreationTime", s.creationTime())
                .put("IamRoleArn", s.document().iamRoleArn())
                .put("ProtectedResourceType", s.document().protectedResourceType())
                .put("RestoreTestingPlanName", s.planName())
                .put("RestoreTestingSelectionName", s.name())
                .put("ValidationWindowHours", (long) s.document().validationWindowHours());
    }

    private static List<JsonOut> render(List<KeyValue> conditions) {
        return conditions == null ? null : conditions.stream()
                .map(kv -> JsonOut.object().put("Key", kv.key()).put("Value", kv.value())).toList();
    }
}
