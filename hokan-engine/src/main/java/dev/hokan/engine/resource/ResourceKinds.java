package dev.hokan.engine.resource;

import dev.hokan.catalog.cell.resource.ResourceType;
import dev.hokan.engine.ServiceException;
import dev.hokan.engine.resource.directory.DirectoryKind;
import dev.hokan.engine.resource.postgresql.PostgresKind;
import java.util.List;
import java.util.Optional;

/** The one list of resource kinds this server supports, in the order GetSupportedResourceTypes gives them. */
public final class ResourceKinds {
    private static final List<ResourceKind> KINDS = List.of(
            new DirectoryKind(),
            new PostgresKind());

    private ResourceKinds() {
    }

    public static List<ResourceKind> all() {
        return KINDS;
    }

    public static Optional<ResourceKind> find(String wireName) {
        return KINDS.stream().filter(k -> k.wireName().equals(wireName)).findFirst();
    }

    /** The stored type named {@code wireName}, when a kind of that name is supported. */
    public static Optional<ResourceType> type(String wireName) {
        return find(wireName).map(ResourceKind::type);
    }

    /** The kind of a stored resource, job or recovery point. */
    public static ResourceKind of(ResourceType type) {
        return find(type.wireName()).orElseThrow(() -> ServiceException.invalidRequest("Resource type "
                + type.wireName() + " is not supported by this server; supported: " + supported()));
    }

    /** The supported wire names, as refusals list them. */
    public static String supported() {
        return String.join(", ", KINDS.stream().map(ResourceKind::wireName).toList());
    }
}
