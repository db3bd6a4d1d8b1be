package dev.hokan.engine;

import dev.hokan.catalog.cell.CellCatalog;
import dev.hokan.catalog.cell.CellTx;
import dev.hokan.catalog.cell.resource.ResourceType;
import dev.hokan.engine.resource.ResourceKind;
import dev.hokan.engine.resource.ResourceKinds;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;

/** Region settings: which resource types are opted in and managed. */
public final class SettingsService {
    private static final String OPT_IN = "region.resourceTypeOptIn";
    private static final String MANAGEMENT = "region.resourceTypeManagement";

    private final CellCatalog catalog;

    SettingsService(CellCatalog catalog) {
        this.catalog = catalog;
    }

    public List<String> supportedResourceTypes() {
        return ResourceKinds.all().stream().map(ResourceKind::wireName).toList();
    }

    public Map<String, Boolean> optInPreference() {
        return preference(OPT_IN);
    }

    public Map<String, Boolean> managementPreference() {
        return preference(MANAGEMENT);
    }

    /** Merges the given keys into the stored preferences; every key must be a supported resource type. */
    public void update(Map<String, Boolean> optIn, Map<String, Boolean> management) {
        check("ResourceTypeOptInPreference", optIn);
        check("ResourceTypeManagementPreference", management);
        catalog.write(tx -> {
            merge(tx, OPT_IN, optIn);
            merge(tx, MANAGEMENT, management);
            return null;
        });
    }

    /** The resource types opted in to protection. */
    public static Set<ResourceType> optedIn(CellTx tx) {
        Map<String, String> stored = tx.settings().map(OPT_IN).orElse(Map.of());
        return ResourceKinds.all().stream().filter(k -> enabled(stored, k.wireName())).map(ResourceKind::type)
                .collect(Collectors.toSet());
    }

    private Map<String, Boolean> preference(String name) {
        Map<String, String> stored = catalog.read(tx -> tx.settings().map(name).orElse(Map.of()));
        Map<String, Boolean> result = new TreeMap<>();
        for (String type : supportedResourceTypes()) {
            result.put(type, enabled(stored, type));
        }
        return result;
    }

    /** Every type is opted in and managed until a preference says otherwise. */
    private static boolean enabled(Map<String, String> stored, String type) {
        return Boolean.parseBoolean(stored.getOrDefault(type, "true"));
    }

    private void check(String member, Map<String, Boolean> preferences) {
        if (preferences == null) {
            return;
        }
        for (String type : preferences.keySet()) {
            if (ResourceKinds.find(type).isEmpty()) {
                throw ServiceException.invalidParameter(member + " names resource type " + type
                        + ", which this server does not support; supported: " + supportedResourceTypes());
            }
        }
    }

    private static void merge(CellTx tx, String name, Map<String, Boolean> preferences) {
        if (preferences == null || preferences.isEmpty()) {
            return;
        }
        Map<String, String> stored = new TreeMap<>(tx.settings().map(name).orElse(Map.of()));
        preferences.forEach((k, v) -> stored.put(k, v.toString()));
        tx.settings().putMap(name, stored);
    }
}
