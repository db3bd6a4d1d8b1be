package dev.hokan.engine;

import dev.hokan.catalog.cell.CellCatalog;
import dev.hokan.catalog.cell.CellTx;
import dev.hokan.catalog.cell.resource.LocalResource;
import dev.hokan.catalog.cell.resource.ResourceType;
import dev.hokan.engine.clock.ServiceClock;
import dev.hokan.engine.hostpath.HostPaths;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/** The local resources Hokan protects, registered through the extension API. */
public final class ResourceService {
    private final CellCatalog catalog;
    private final ServiceClock clock;
    private final Account account;
    private final HostPaths hostPaths;

    ResourceService(CellCatalog catalog, ServiceClock clock, Account account, HostPaths hostPaths) {
        this.catalog = catalog;
        this.clock = clock;
        this.account = account;
        this.hostPaths = hostPaths;
    }

    /**
     * Registers a resource. A directory is recorded by its real path: a symbolic link is followed once, here, and the
     * account must be allowed to back up where it leads.
     */
    public RegisteredResource register(String resourceType, String name, String path, Map<String, String> tags) {
        if (resourceType == null) {
            throw ServiceException.missingParameter("ResourceType");
        }
        ResourceType type = ResourceType.fromWireName(resourceType).orElseThrow(() -> ServiceException.invalidParameter(
                "ResourceType " + resourceType + " is not supported; supported: " + supportedTypes()));
        if (name == null) {
            throw ServiceException.missingParameter("ResourceName");
        }
        Names.resource(name);
        if (path == null) {
            throw ServiceException.missingParameter("Path");
        }
        Path dir = hostPaths.source(account.accountId(), directory(path));
        Map<String, String> checkedTags = Names.tags("Tags", tags);
        String arn = account.resourceArn(type, name);
        return catalog.write(tx -> {
            if (tx.resources().find(arn).isPresent()) {
                throw ServiceException.alreadyExists("Resource " + arn + " is already registered", arn, null);
            }
            LocalResource r = new LocalResource(arn, type, name, dir.toString(), clock.now());
            tx.resources().insert(r);
            tx.tags().put(arn, checkedTags);
            return new RegisteredResource(r, tx.tags().of(arn));
        });
    }

    public List<RegisteredResource> list() {
        return catalog.read(tx -> tx.resources().all().stream()
                .map(r -> new RegisteredResource(r, tx.tags().of(r.arn()))).toList());
    }

    /** Forgets the resource; its recovery points stay and can still be restored. */
    public void deregister(String arn) {
        catalog.write(tx -> {
            LocalResource r = find(tx, arn);
            tx.resources().delete(r.arn());
            tx.tags().removeAll(r.arn());
            return null;
        });
    }

    public static LocalResource find(CellTx tx, String arn) {
        return tx.resources().find(arn).orElseThrow(() -> ServiceException.notFound("Resource " + arn
                + " is not registered; register it with POST /hokan/v1/resources"));
    }

    static String supportedTypes() {
        return String.join(", ", Arrays.stream(ResourceType.values()).map(ResourceType::wireName).toList());
    }

    private static Path directory(String path) {
        Path dir;
        try {
            dir = Path.of(path);
        } catch (InvalidPathException e) {
            throw ServiceException.invalidParameter("Path " + path + " is not a valid path: " + e.getReason(), e);
        }
        if (!dir.isAbsolute()) {
            throw ServiceException.invalidParameter("Path " + path + " must be absolute");
        }
        return dir;
    }
}
