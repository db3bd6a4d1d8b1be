package dev.hokan.api;

import dev.hokan.engine.Engine;
import java.util.Map;

/** DescribeRegionSettings, UpdateRegionSettings, GetSupportedResourceTypes. */
final class SettingsOperations {
    private final Engine engine;

    SettingsOperations(Engine engine) {
        this.engine = engine;
    }

    void register(Map<String, Operation> ops) {
        ops.put("DescribeRegionSettings", call -> JsonOut.object()
                .putBooleans("ResourceTypeOptInPreference", engine.settings().optInPreference())
                .putBooleans("ResourceTypeManagementPreference", engine.settings().managementPreference()));
        ops.put("UpdateRegionSettings", call -> {
            engine.settings().update(call.body().booleanMap("ResourceTypeOptInPreference"),
                    call.body().booleanMap("ResourceTypeManagementPreference"));
            return null;
        });
        ops.put("GetSupportedResourceTypes", call -> JsonOut.object()
                .putStringList("ResourceTypes", engine.settings().supportedResourceTypes()));
    }
}
