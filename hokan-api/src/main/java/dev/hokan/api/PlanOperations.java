package dev.hokan.api;

import dev.hokan.catalog.Page;
import dev.hokan.catalog.cell.plan.BackupPlan;
import dev.hokan.catalog.cell.plan.PlanDocument;
import dev.hokan.catalog.cell.plan.PlanVersion;
import dev.hokan.engine.Engine;
import dev.hokan.engine.JsonSyntax;
import dev.hokan.engine.ServiceException;
import dev.hokan.engine.plan.PlanTemplate;
import dev.hokan.engine.plan.PlanTemplates;
import dev.hokan.engine.schedule.ScheduledRun;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** Backup plans, their versions, templates and JSON import/export. */
final class PlanOperations {
    private static final JsonMapper MAPPER = JsonMapper.builder().build();

    private final Engine engine;

    PlanOperations(Engine engine) {
        this.engine = engine;
    }

    void register(Map<String, Operation> ops) {
        ops.put("CreateBackupPlan", this::create);
        ops.put("GetBackupPlan", this::get);
        ops.put("UpdateBackupPlan", this::update);
        ops.put("DeleteBackupPlan", this::delete);
        ops.put("ListBackupPlans", call -> {
            boolean includeDeleted = call.query().bool("includeDeleted");
            return Paging.render(engine.plans().list(includeDeleted, call.query().page()), "BackupPlansList",
                    this::listMember);
        });
        ops.put("ListBackupPlanVersions", call -> Paging.render(
                engine.plans().versions(call.label("backupPlanId"), call.query().page()), "BackupPlanVersionsList",
                this::versionMember));
        ops.put("ListBackupPlanTemplates", call -> Paging.render(
                Page.slice(PlanTemplates.all(), call.query().page(), PlanTemplate::templateId),
                "BackupPlanTemplatesList", t -> JsonOut.object()
                        .put("BackupPlanTemplateId", t.templateId())
                        .put("BackupPlanTemplateName", t.templateName())));
        ops.put("GetBackupPlanFromTemplate", call -> {
            String id = call.label("templateId");
            PlanTemplate t = PlanTemplates.find(id).orElseThrow(() -> ServiceException.notFound(
                    "Backup plan template " + id + " does not exist"));
            return JsonOut.object().put("BackupPlanDocument", PlanDocuments.render(t.document()));
        });
        ops.put("GetBackupPlanFromJSON", this::fromJson);
        ops.put("ExportBackupPlanTemplate", call -> {
            BackupPlan plan = engine.plans().get(call.label("backupPlanId"), null);
            PlanDocument withoutIds = plan.document().withoutRuleIds();
            return JsonOut.object().put("BackupPlanTemplateJson",
                    new String(PlanDocuments.render(withoutIds).toJson(), StandardCharsets.UTF_8));
        });
    }

    private JsonOut create(ApiCall call) {
        Input in = call.body();
        BackupPlan plan = engine.plans().create(PlanDocuments.parse(in.requiredObject("BackupPlan")),
                in.stringMap("BackupPlanTags"), in.string("CreatorRequestId"));
        return summary(plan);
    }

    private JsonOut get(ApiCall call) {
        Integer preview = call.query().integer("MaxScheduledRunsPreview", 0, 10);
        BackupPlan plan = engine.plans().get(call.label("backupPlanId"), call.query().string("versionId"));
        return JsonOut.object()
                .put("BackupPlan", PlanDocuments.render(plan.document()))
                .put("BackupPlanId", plan.planId())
                .put("BackupPlanArn", engine.account().planArn(plan.planId()))
                .put("VersionId", plan.versionId())
                .put("CreatorRequestId", plan.creatorRequestId())
                .put("CreationDate", plan.creationDate())
                .put("DeletionDate", plan.deletionDate())
                .put("LastExecutionDate", plan.lastExecutionDate())
                .putList("AdvancedBackupSettings", PlanDocuments.advancedBackupSettings(plan.document()))
                .putList("ScheduledRunsPreview", preview == null || preview == 0 ? null
                        : engine.scheduler().upcoming(plan.planId(), preview).stream().map(PlanOperations::render)
                        .toList());
    }

    /** A ScheduledPlanExecutionMember. A rule with continuous backup also takes its scheduled snapshots. */
    private static JsonOut render(ScheduledRun run) {
        return JsonOut.object()
                .put("ExecutionTime", run.at())
                .put("RuleId", run.rule().ruleId())
                .put("RuleExecutionType", Boolean.TRUE.equals(run.rule().enableContinuousBackup())
                        ? "CONTINUOUS_AND_SNAPSHOTS" : "SNAPSHOTS");
    }

    private JsonOut update(ApiCall call) {
        BackupPlan plan = engine.plans().update(call.label("backupPlanId"),
                PlanDocuments.parse(call.body().requiredObject("BackupPlan")));
        return summary(plan);
    }

    private JsonOut delete(ApiCall call) {
        BackupPlan plan = engine.plans().delete(call.label("backupPlanId"));
        return JsonOut.object()
                .put("BackupPlanId", plan.planId())
                .put("BackupPlanArn", engine.account().planArn(plan.planId()))
                .put("DeletionDate", plan.deletionDate())
                .put("VersionId", plan.versionId());
    }

    private JsonOut fromJson(ApiCall call) {
        byte[] json = call.body().requiredString("BackupPlanTemplateJson").getBytes(StandardCharsets.UTF_8);
        JsonNode root;
        try {
            root = MAPPER.readTree(json);
        } catch (JacksonException e) {
            throw ServiceException.invalidParameter("BackupPlanTemplateJson is not valid JSON: "
                    + JsonSyntax.problem(json, e), e);
        }
        if (root == null || !root.isObject()) {
            throw ServiceException.invalidParameter("BackupPlanTemplateJson must be a JSON object holding a plan");
        }
        Input plan = Input.of(root);
        Input nested = plan.object("BackupPlan");
        PlanDocument document = engine.plans().validate(PlanDocuments.parse(nested == null ? plan : nested));
        return JsonOut.object().put("BackupPlan", PlanDocuments.render(document));
    }

    private JsonOut summary(BackupPlan plan) {
        return JsonOut.object()
                .put("BackupPlanId", plan.planId())
                .put("BackupPlanArn", engine.account().planArn(plan.planId()))
                .put("CreationDate", plan.creationDate())
                .put("VersionId", plan.versionId())
                .putList("AdvancedBackupSettings", PlanDocuments.advancedBackupSettings(plan.document()));
    }

    private JsonOut listMember(BackupPlan plan) {
        return JsonOut.object()
                .put("BackupPlanArn", engine.account().planArn(plan.planId()))
                .put("BackupPlanId", plan.planId())
                .put("CreationDate", plan.creationDate())
                .put("DeletionDate", plan.deletionDate())
                .put("VersionId", plan.versionId())
                .put("BackupPlanName", plan.document().backupPlanName())
                .put("CreatorRequestId", plan.creatorRequestId())
                .put("LastExecutionDate", plan.lastExecutionDate())
                .putList("AdvancedBackupSettings", PlanDocuments.advancedBackupSettings(plan.document()));
    }

    private JsonOut versionMember(PlanVersion v) {
        return JsonOut.object()
                .put("BackupPlanArn", engine.account().planArn(v.planId()))
                .put("BackupPlanId", v.planId())
                .put("CreationDate", v.creationDate())
                .put("VersionId", v.versionId())
                .put("BackupPlanName", v.planName());
    }
}
