package dev.hokan.engine;

import dev.hokan.catalog.PlanDocument;

public record PlanTemplate(String templateId, String templateName, PlanDocument document) {
}
