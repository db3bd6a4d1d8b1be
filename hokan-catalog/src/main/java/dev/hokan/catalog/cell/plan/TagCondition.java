package dev.hokan.catalog.cell.plan;

/** One element of a selection's ListOfTags; the only condition type is STRINGEQUALS. */
public record TagCondition(String conditionType, String conditionKey, String conditionValue) {
}
