package dev.hokan.engine.resource;

import dev.hokan.catalog.cell.CellCatalog;
import dev.hokan.catalog.cell.CellTx;
import dev.hokan.catalog.cell.resource.LocalResource;
import dev.hokan.engine.Names;
import dev.hokan.engine.ServiceException;
import dev.hokan.engine.clock.ServiceClock;
import java.util.List;
import java.util.Map;

/** The resources Hokan protects, registered through the extension API, each handled by its kind. */
public final class ResourceService {
    private final CellCatalog catalog;
    private final ServiceClock clock;
    private final ResourceContext context;

    public ResourceService(CellCatalog catalog, ServiceClock clock, ResourceContext context) {
        this.catalog = catalog;
        this.clock = clock;
        this.context = context;
    }

    /** Registers the resource the body describes: its ResourceType names the kind, which reads the rest. */
    public RegisteredResource register(RegistrationBody body) {
        String resourceType = body.string("ResourceType");
        if (resourceType == null) {
            throw ServiceException.missingParameter("ResourceType");
        }
        ResourceKind kind = ResourceKinds.find(resourceType).orElseThrow(() -> ServiceException.invalidParameter(
                "ResourceType " + resourceType + " is not supported; supported: " + ResourceKinds.supported()));
        String name = body.string("ResourceName");
        if (name == null) {
            throw ServiceException.missingParameter("ResourceName");
        }
        Names.resource(name);
        ResourceSettings settings = kind.register(body, context);
        Map<String, String> checkedTags = Names.tags("Tags", body.stringMap("Tags"));
        String arn = kind.arn(context.account(), name);
        return catalog.write(tx -> {
            if (tx.resources().find(arn).isPresent()) {
                throw ServiceException.alreadyExists("Resource " + arn + " is already registered", arn, null);
            }
            LocalResource r = new LocalResource(arn, kind.type(), name, settings.json(), clock.now());
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
}
