package dev.hokan.catalog.cell.plan;

public record ConditionParameter(String conditionKey, String conditionValue) {
}
