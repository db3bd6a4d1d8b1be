package dev.hokan.catalog.cell.restoretest;

import java.util.List;

/** Tag conditions every resource a restore testing selection takes must meet. */
public record ProtectedResourceConditions(List<KeyValue> stringEquals, List<KeyValue> stringNotEquals) {
}
