package dev.hokan.api;

import dev.hokan.catalog.cell.report.ReportDeliveryChannel;
import dev.hokan.catalog.cell.report.ReportJob;
import dev.hokan.catalog.cell.report.ReportPlan;
import dev.hokan.catalog.cell.report.ReportSetting;
import dev.hokan.engine.Engine;
import dev.hokan.engine.ServiceException;
import java.util.List;
import java.util.Map;

/**
 * Create, Describe, List, Update and DeleteReportPlan; StartReportJob, DescribeReportJob and ListReportJobs.
 */
final class ReportPlanOperations {
    private static final String PLAN = "reportPlanName";
    /** What DescribeReportPlan says of a plan's deployment: Hokan deploys a plan as the call that makes it returns. */
    private static final String DEPLOYED = "COMPLETED";

    private final Engine engine;

    ReportPlanOperations(Engine engine) {
        this.engine = engine;
    }

    void register(Map<String, Operation> ops) {
        ops.put("CreateReportPlan", call -> {
            Input in = call.body();
            ReportPlan plan = engine.reportPlans().createPlan(in.string("ReportPlanName"),
                    in.string("ReportPlanDescription"), channel(in.object("ReportDeliveryChannel")),
                    setting(in.object("ReportSetting")), in.stringMap("ReportPlanTags"), in.string("IdempotencyToken"));
            return answer(plan);
        });
        ops.put("DescribeReportPlan", call -> JsonOut.object().put("ReportPlan",
                render(engine.reportPlans().plan(call.label(PLAN)))));
        ops.put("ListReportPlans", call -> Paging.render(engine.reportPlans().plans(
                call.query().page("MaxResults", "NextToken")), "ReportPlans", ReportPlanOperations::render));
        ops.put("UpdateReportPlan", call -> {
            Input in = call.body();
            Input channel = in.object("ReportDeliveryChannel");
            Input setting = in.object("ReportSetting");
            return answer(engine.reportPlans().updatePlan(call.label(PLAN), in.string("ReportPlanDescription"),
                    channel == null ? null : channel(channel), setting == null ? null : setting(setting),
                    in.string("IdempotencyToken")));
        });
        ops.put("DeleteReportPlan", call -> {
            engine.reportPlans().deletePlan(call.label(PLAN));
            return null;
        });
        ops.put("StartReportJob", call -> JsonOut.object().put("ReportJobId",
                engine.reportPlans().startJob(call.label(PLAN), call.body().string("IdempotencyToken"))));
        ops.put("DescribeReportJob", call -> JsonOut.object().put("ReportJob",
                render(engine.reportPlans().job(call.label("reportJobId")))));
        ops.put("ListReportJobs", call -> {
            Query q = call.query();
            return Paging.render(engine.reportPlans().jobs(q.string("ReportPlanName"), q.string("Status"),
                    q.timestamp("CreationAfter"), q.timestamp("CreationBefore"), q.page("MaxResults", "NextToken")),
                    "ReportJobs", ReportPlanOperations::render);
        });
    }

    private static ReportDeliveryChannel channel(Input in) {
        if (in == null) {
            throw ServiceException.missingParameter("ReportDeliveryChannel");
        }
        return new ReportDeliveryChannel(in.string("S3BucketName"), in.string("S3KeyPrefix"),
                in.stringList("Formats"));
    }

    private static ReportSetting setting(Input in) {
        if (in == null) {
            throw ServiceException.missingParameter("ReportSetting");
        }
        Long frameworks = in.longValue("NumberOfFrameworks");
        return new ReportSetting(in.string("ReportTemplate"), in.stringList("FrameworkArns"),
                frameworks == null ? null : Math.clamp(frameworks, Integer.MIN_VALUE, Integer.MAX_VALUE),
                in.stringList("Accounts"), in.stringList("OrganizationUnits"),
                in.stringList("Regions"));
    }

    private static JsonOut answer(ReportPlan plan) {
        return JsonOut.object()
                .put("CreationTime", plan.creationTime())
                .put("ReportPlanArn", plan.arn())
                .put("ReportPlanName", plan.name());
    }

    /** A plan as DescribeReportPlan and ListReportPlans give it. */
    private static JsonOut render(ReportPlan p) {
        ReportSetting s = p.setting();
        ReportDeliveryChannel c = p.deliveryChannel();
        return JsonOut.object()
                .put("CreationTime", p.creationTime())
                .put("DeploymentStatus", DEPLOYED)
                .put("LastAttemptedExecutionTime", p.lastAttemptedExecutionTime())
                .put("LastSuccessfulExecutionTime", p.lastSuccessfulExecutionTime())
                .put("ReportDeliveryChannel", JsonOut.object()
                        .putStringList("Formats", c.formats())
                        .put("S3BucketName", c.s3BucketName())
                        .put("S3KeyPrefix", c.s3KeyPrefix()))
                .put("ReportPlanArn", p.arn())
                .put("ReportPlanDescription", p.description())
                .put("ReportPlanName", p.name())
                .put("ReportSetting", JsonOut.object()
                        .putStringList("Accounts", nonEmpty(s.accounts()))
                        .putStringList("FrameworkArns", nonEmpty(s.frameworkArns()))
                        .put("NumberOfFrameworks", s.numberOfFrameworks() == null ? null
                                : (long) s.numberOfFrameworks())
                        .putStringList("OrganizationUnits", nonEmpty(s.organizationUnits()))
                        .putStringList("Regions", nonEmpty(s.regions()))
                        .put("ReportTemplate", s.reportTemplate()));
    }

    private static JsonOut render(ReportJob j) {
        return JsonOut.object()
                .put("CompletionTime", j.completionTime())
                .put("CreationTime", j.creationTime())
                .put("ReportDestination", JsonOut.object()
                        .put("S3BucketName", j.s3BucketName())
                        .putStringList("S3Keys", j.s3Keys()))
                .put("ReportJobId", j.jobId())
                .put("ReportPlanArn", j.reportPlanArn())
                .put("ReportTemplate", j.template())
                .put("Status", j.status().name())
                .put("StatusMessage", j.statusMessage());
    }

    private static List<String> nonEmpty(List<String> values) {
        return values == null || values.isEmpty() ? null : values;
    }
}
