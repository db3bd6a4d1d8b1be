package dev.hokan.api;

import dev.hokan.catalog.cell.event.ChainVerification;
import dev.hokan.catalog.cell.event.EventFilter;
import dev.hokan.engine.Engine;
import dev.hokan.engine.resource.RegisteredResource;
import java.util.List;
import java.util.Map;

/** Hokan's own API under /hokan/v1 in one account and region: registering resources, reading events. */
final class ExtensionOperations {
    static final List<Route> ROUTES = List.of(
            Route.parse("HokanRegisterResource", "POST", "/hokan/v1/resources"),
            Route.parse("HokanListResources", "GET", "/hokan/v1/resources"),
            Route.parse("HokanDeregisterResource", "DELETE", "/hokan/v1/resources/{resourceArn}"),
            Route.parse("HokanListEvents", "GET", "/hokan/v1/events"),
            Route.parse("HokanVerifyEvents", "GET", "/hokan/v1/events/verify"));

    private final Engine engine;

    ExtensionOperations(Engine engine) {
        this.engine = engine;
    }

    void register(Map<String, Operation> ops) {
        ops.put("HokanRegisterResource", this::registerResource);
        ops.put("HokanListResources", call -> JsonOut.object().putList("Resources",
                engine.resources().list().stream().map(ExtensionOperations::render).toList()));
        ops.put("HokanDeregisterResource", call -> {
            engine.resources().deregister(call.label("resourceArn"));
            return null;
        });
        ops.put("HokanListEvents", this::listEvents);
        ops.put("HokanVerifyEvents", call -> verifyEvents());
    }

    /**
     * Events oldest first; {@code type} (the event name), {@code actor} and {@code resourceArn} filter as CloudTrail's
     * lookup attributes do, {@code after} and {@code before} by time.
     */
    private JsonOut listEvents(ApiCall call) {
        Query q = call.query();
        EventFilter filter = new EventFilter(q.string("type"), q.string("actor"), q.string("resourceArn"),
                q.timestamp("after"), q.timestamp("before"));
        return Paging.render(engine.events().list(filter, q.page()), "Events", e -> JsonOut.object()
                .put("EventId", e.eventId())
                .put("EventTime", e.time())
                .put("EventType", e.type())
                .put("ResourceArn", e.resourceArn())
                .put("Actor", e.actor())
                .put("Message", e.message())
                .putStrings("Details", e.details()));
    }

    private JsonOut verifyEvents() {
        ChainVerification chain = engine.events().verify();
        return JsonOut.object()
                .put("Intact", chain.intact())
                .put("EventsChecked", chain.events())
                .put("LastEventId", chain.lastEventId())
                .put("LastEventHash", chain.lastHash())
                .putList("Breaks", chain.breaks().stream().map(b -> JsonOut.object()
                        .put("Kind", b.kind().name())
                        .put("Position", b.position())
                        .put("EventId", b.eventId())
                        .put("Message", b.message())).toList());
    }

    private JsonOut registerResource(ApiCall call) {
        RegisteredResource r = engine.resources().register(call.body());
        return JsonOut.object().put("ResourceArn", r.resource().arn());
    }

    private static JsonOut render(RegisteredResource r) {
        return JsonOut.object()
                .put("ResourceArn", r.resource().arn())
                .put("ResourceType", r.resource().type().wireName())
                .put("ResourceName", r.resource().name())
                .putMembers(r.settings().members())
                .put("RegistrationDate", r.resource().registrationDate())
                .putStrings("Tags", r.tags());
    }
}
