package dev.hokan.catalog.cell.restoretest;

/** One tag a condition of a restore testing selection compares. */
public record KeyValue(String key, String value) {
}
