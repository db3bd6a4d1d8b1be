package dev.hokan.catalog;

public record ConditionParameter(String conditionKey, String conditionValue) {
}
