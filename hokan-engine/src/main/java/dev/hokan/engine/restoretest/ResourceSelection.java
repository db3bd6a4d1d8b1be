package dev.hokan.engine.restoretest;

import dev.hokan.catalog.cell.resource.LocalResource;
import dev.hokan.catalog.cell.restoretest.KeyValue;
import dev.hokan.catalog.cell.restoretest.ProtectedResourceConditions;
import dev.hokan.catalog.cell.restoretest.RestoreTestingSelectionDocument;
import java.util.List;
import java.util.Map;

/**
 * Which resources a restore testing selection takes: those of its type that its ProtectedResourceArns name, or with
 * {@code ["*"]} every one of its type whose tags meet every condition (a missing tag fails StringEquals and passes
 * StringNotEquals, as in backup selections).
 */
final class ResourceSelection {
    private ResourceSelection() {
    }

    static boolean takes(RestoreTestingSelectionDocument s, LocalResource resource, Map<String, String> tags) {
        if (!resource.type().wireName().equals(s.protectedResourceType())) {
            return false;
        }
        if (!s.protectedResourceArns().equals(List.of("*"))) {
            return s.protectedResourceArns().contains(resource.arn());
        }
        ProtectedResourceConditions c = s.protectedResourceConditions();
        return c == null || (orEmpty(c.stringEquals()).stream().allMatch(kv -> kv.value().equals(tags.get(kv.key())))
                && orEmpty(c.stringNotEquals()).stream().noneMatch(kv -> kv.value().equals(tags.get(kv.key()))));
    }

    private static List<KeyValue> orEmpty(List<KeyValue> conditions) {
        return conditions == null ? List.of() : conditions;
    }
}
