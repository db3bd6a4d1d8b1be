package dev.hokan.api;

import dev.hokan.catalog.cell.plan.BackupSelection;
import dev.hokan.catalog.cell.plan.ConditionParameter;
import dev.hokan.catalog.cell.plan.SelectionConditions;
import dev.hokan.catalog.cell.plan.SelectionDocument;
import dev.hokan.catalog.cell.plan.TagCondition;
import dev.hokan.engine.Engine;
import java.util.List;
import java.util.Map;

/** CreateBackupSelection, GetBackupSelection, DeleteBackupSelection, ListBackupSelections. */
final class SelectionOperations {
    private final Engine engine;

    SelectionOperations(Engine engine) {
        this.engine = engine;
    }

    void register(Map<String, Operation> ops) {
        ops.put("CreateBackupSelection", this::create);
        ops.put("GetBackupSelection", call -> {
            BackupSelection s = engine.selections().get(call.label("backupPlanId"), call.label("selectionId"));
            return JsonOut.object()
                    .put("BackupSelection", render(s.document()))
                    .put("SelectionId", s.selectionId())
                    .put("BackupPlanId", s.planId())
                    .put("CreationDate", s.creationDate())
                    .put("CreatorRequestId", s.creatorRequestId());
        });
        ops.put("DeleteBackupSelection", call -> {
            engine.selections().delete(call.label("backupPlanId"), call.label("selectionId"));
            return null;
        });
        ops.put("ListBackupSelections", call -> Paging.render(
                engine.selections().list(call.label("backupPlanId"), call.query().page()), "BackupSelectionsList",
                s -> JsonOut.object()
                        .put("SelectionId", s.selectionId())
                        .put("SelectionName", s.document().selectionName())
                        .put("BackupPlanId", s.planId())
                        .put("CreationDate", s.creationDate())
                        .put("CreatorRequestId", s.creatorRequestId())
                        .put("IamRoleArn", s.document().iamRoleArn())));
    }

    private JsonOut create(ApiCall call) {
        Input in = call.body();
        Input s = in.requiredObject("BackupSelection");
        List<Input> tags = s.objects("ListOfTags");
        Input c = s.object("Conditions");
        SelectionDocument document = new SelectionDocument(s.string("SelectionName"), s.string("IamRoleArn"),
                s.stringList("Resources"), s.stringList("NotResources"),
                tags == null ? null : tags.stream().map(t -> new TagCondition(t.string("ConditionType"),
                        t.string("ConditionKey"), t.string("ConditionValue"))).toList(),
                c == null ? null : new SelectionConditions(parameters(c, "StringEquals"),
                        parameters(c, "StringNotEquals"), parameters(c, "StringLike"), parameters(c, "StringNotLike")));
        BackupSelection created = engine.selections().create(call.label("backupPlanId"), document,
                in.string("CreatorRequestId"));
        return JsonOut.object()
                .put("SelectionId", created.selectionId())
                .put("BackupPlanId", created.planId())
                .put("CreationDate", created.creationDate());
    }

    private static List<ConditionParameter> parameters(Input conditions, String member) {
        List<Input> list = conditions.objects(member);
        return list == null ? null : list.stream()
                .map(p -> new ConditionParameter(p.string("ConditionKey"), p.string("ConditionValue"))).toList();
    }

    private static JsonOut render(SelectionDocument d) {
        SelectionConditions c = d.conditions();
        return JsonOut.object()
                .put("SelectionName", d.selectionName())
                .put("IamRoleArn", d.iamRoleArn())
                .putStringList("Resources", d.resources())
                .putList("ListOfTags", d.listOfTags().stream().map(t -> JsonOut.object()
                        .put("ConditionType", t.conditionType())
                        .put("ConditionKey", t.conditionKey())
                        .put("ConditionValue", t.conditionValue())).toList())
                .putStringList("NotResources", d.notResources())
                .put("Conditions", c == null ? null : JsonOut.object()
                        .putList("StringEquals", render(c.stringEquals()))
                        .putList("StringNotEquals", render(c.stringNotEquals()))
                        .putList("StringLike", render(c.stringLike()))
                        .putList("StringNotLike", render(c.stringNotLike())));
    }

    private static List<JsonOut> render(List<ConditionParameter> params) {
        return params == null ? null : params.stream().map(p -> JsonOut.object()
                .put("ConditionKey", p.conditionKey())
                .put("ConditionValue", p.conditionValue())).toList();
    }
}
