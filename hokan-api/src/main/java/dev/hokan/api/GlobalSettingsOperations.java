package dev.hokan.api;

import dev.hokan.engine.Deployment;
import dev.hokan.engine.ServiceException;
import java.time.Instant;
import java.util.Map;
import java.util.TreeMap;

/** DescribeGlobalSettings and UpdateGlobalSettings: the organisation's AWS Backup settings. */
final class GlobalSettingsOperations {
    private final Deployment deployment;

    GlobalSettingsOperations(Deployment deployment) {
        this.deployment = deployment;
    }

    void register(Map<String, Operation> ops) {
        ops.put("DescribeGlobalSettings", this::describe);
        ops.put("UpdateGlobalSettings", call -> {
            Map<String, String> changes = call.body().stringMap("GlobalSettings");
            if (changes == null || changes.isEmpty()) {
                throw ServiceException.missingParameter("GlobalSettings");
            }
            deployment.organization().updateGlobalSettings(call.caller().accountId(), changes);
            return null;
        });
    }

    private JsonOut describe(ApiCall call) {
        Map<String, String> settings = new TreeMap<>(deployment.organization().globalSettings(call.caller().accountId()));
        String updated = settings.remove("LastUpdateTime");
        JsonOut out = JsonOut.object().putStrings("GlobalSettings", settings);
        return updated == null ? out : out.put("LastUpdateTime", Instant.ofEpochSecond(Long.parseLong(updated)));
    }
}
