package dev.hokan.api;

import dev.hokan.catalog.cell.audit.ControlEvaluation;
import dev.hokan.catalog.cell.audit.ControlScope;
import dev.hokan.catalog.cell.audit.Framework;
import dev.hokan.catalog.cell.audit.FrameworkControl;
import dev.hokan.catalog.cell.audit.FrameworkDocument;
import dev.hokan.engine.Engine;
import dev.hokan.engine.ServiceException;
import dev.hokan.engine.audit.FrameworkService;
import dev.hokan.engine.audit.FrameworkTemplate;
import dev.hokan.engine.audit.FrameworkTemplates;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Create, Describe, List, Update and DeleteFramework; Hokan's own routes to evaluate a framework now
 * ({@code POST /hokan/v1/frameworks/NAME/evaluate}), read its latest evaluation
 * ({@code GET /hokan/v1/frameworks/NAME/evaluation}) and read the framework templates of the data tiers
 * ({@code GET /hokan/v1/framework-templates[/NAME]}).
 */
final class FrameworkOperations {
    static final List<Route> ROUTES = List.of(
            Route.parse("HokanEvaluateFramework", "POST", "/hokan/v1/frameworks/{frameworkName}/evaluate"),
            Route.parse("HokanGetFrameworkEvaluation", "GET", "/hokan/v1/frameworks/{frameworkName}/evaluation"),
            Route.parse("HokanListFrameworkTemplates", "GET", "/hokan/v1/framework-templates"),
            Route.parse("HokanGetFrameworkTemplate", "GET", "/hokan/v1/framework-templates/{templateName}"));
    private static final String NAME = "frameworkName";

    private final Engine engine;

    FrameworkOperations(Engine engine) {
        this.engine = engine;
    }

    void register(Map<String, Operation> ops) {
        ops.put("CreateFramework", call -> {
            Input in = call.body();
            Framework created = engine.frameworks().create(in.string("FrameworkName"), new FrameworkDocument(
                            in.string("FrameworkDescription"), controls(in)), in.string("IdempotencyToken"),
                    in.stringMap("FrameworkTags"));
            return JsonOut.object().put("FrameworkName", created.name()).put("FrameworkArn", created.arn());
        });
        ops.put("DescribeFramework", call -> {
            Framework f = engine.frameworks().describe(call.label(NAME));
            return render(f)
                    .putList("FrameworkControls", f.document().controls().stream().map(FrameworkOperations::render)
                            .toList())
                    .put("FrameworkStatus", FrameworkService.FRAMEWORK_STATUS)
                    .put("IdempotencyToken", f.idempotencyToken());
        });
        ops.put("ListFrameworks", call -> Paging.render(engine.frameworks().list(
                call.query().page("MaxResults", "NextToken")), "Frameworks", f -> render(f)
                .put("NumberOfControls", (long) f.document().controls().size())));
        ops.put("UpdateFramework", call -> {
            Input in = call.body();
            Framework updated = engine.frameworks().update(call.label(NAME), in.string("FrameworkDescription"),
                    in.objects("FrameworkControls") == null ? null : controls(in), in.string("IdempotencyToken"));
            return JsonOut.object()
                    .put("FrameworkName", updated.name())
                    .put("FrameworkArn", updated.arn())
                    .put("CreationTime", updated.creationTime());
        });
        ops.put("DeleteFramework", call -> {
            engine.frameworks().delete(call.label(NAME));
            return null;
        });
        ops.put("HokanEvaluateFramework", call -> {
            String name = call.label(NAME);
            return evaluation(engine.frameworks().describe(name), engine.frameworks().evaluate(name));
        });
        ops.put("HokanGetFrameworkEvaluation", call -> {
            Framework f = engine.frameworks().describe(call.label(NAME));
            return evaluation(f, engine.frameworks().latestEvaluations(f.arn()));
        });
        ops.put("HokanListFrameworkTemplates", call -> JsonOut.object().putList("FrameworkTemplates",
                FrameworkTemplates.all().stream().map(t -> JsonOut.object()
                        .put("FrameworkTemplateName", t.templateName())
                        .put("RpoMinutes", t.rpoMinutes())
                        .put("RtoMinutes", t.rtoMinutes())).toList()));
        ops.put("HokanGetFrameworkTemplate", call -> {
            String name = call.label("templateName");
            FrameworkTemplate t = FrameworkTemplates.find(name).orElseThrow(() -> ServiceException.notFound(
                    "Framework template " + name + " does not exist"));
            return JsonOut.object()
                    .put("FrameworkTemplateName", t.templateName())
                    .put("RpoMinutes", t.rpoMinutes())
                    .put("RtoMinutes", t.rtoMinutes())
                    .putList("FrameworkControls", t.controls().stream().map(FrameworkOperations::render).toList());
        });
    }

    /** The request's FrameworkControls, each control's parameters by name in the order given. */
    private static List<FrameworkControl> controls(Input in) {
        List<Input> controls = in.objects("FrameworkControls");
        return controls == null ? null : controls.stream().map(c -> {
            Map<String, String> parameters = new LinkedHashMap<>();
            List<Input> given = c.objects("ControlInputParameters");
            for (Input p : given == null ? List.<Input>of() : given) {
                String name = p.requiredString("ParameterName");
                if (parameters.put(name, p.requiredString("ParameterValue")) != null) {
                    throw ServiceException.invalidParameter("ControlInputParameters of control "
                            + c.string("ControlName") + " give " + name + " twice");
                }
            }
            Input s = c.object("ControlScope");
            return new FrameworkControl(c.string("ControlName"), parameters, s == null ? null : new ControlScope(
                    s.stringList("ComplianceResourceIds"), s.stringList("ComplianceResourceTypes"),
                    s.stringMap("Tags")));
        }).toList();
    }

    /** The members a framework has in ListFrameworks and DescribeFramework. */
    private static JsonOut render(Framework f) {
        return JsonOut.object()
                .put("FrameworkName", f.name())
                .put("FrameworkArn", f.arn())
                .put("FrameworkDescription", f.document().description())
                .put("CreationTime", f.creationTime())
                .put("DeploymentStatus", f.deploymentStatus().name());
    }

    private static JsonOut render(FrameworkControl c) {
        ControlScope s = c.scope();
        return JsonOut.object()
                .put("ControlName", c.controlName())
                .putList("ControlInputParameters", c.inputParameters().entrySet().stream().map(p -> JsonOut.object()
                        .put("ParameterName", p.getKey()).put("ParameterValue", p.getValue())).toList())
                .put("ControlScope", s == null ? JsonOut.object() : JsonOut.object()
                        .putStringList("ComplianceResourceIds", s.complianceResourceIds())
                        .putStringList("ComplianceResourceTypes", s.complianceResourceTypes())
                        .putStrings("Tags", s.tags()));
    }

    private static JsonOut evaluation(Framework f, List<ControlEvaluation> evaluations) {
        return JsonOut.object()
                .put("FrameworkName", f.name())
                .put("FrameworkArn", f.arn())
                .putList("Evaluations", evaluations.stream().map(e -> JsonOut.object()
                        .put("ControlName", e.controlName())
                        .put("ResourceArn", e.resourceId())
                        .put("ResourceType", e.resourceType())
                        .put("ComplianceStatus", e.status().name())
                        .put("Reason", e.reason())
                        .put("EvaluatedAt", e.evaluatedAt())).toList());
    }
}
