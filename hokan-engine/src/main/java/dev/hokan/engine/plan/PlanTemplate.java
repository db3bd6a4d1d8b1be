package dev.hokan.engine.plan;

import dev.hokan.catalog.cell.plan.PlanDocument;

public record PlanTemplate(String templateId, String templateName, PlanDocument document) {
}
