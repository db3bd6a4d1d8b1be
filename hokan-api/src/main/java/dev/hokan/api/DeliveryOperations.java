package dev.hokan.api;

import dev.hokan.catalog.cell.notification.Delivery;
import dev.hokan.catalog.cell.notification.DeliveryStatus;
import dev.hokan.engine.Account;
import dev.hokan.engine.Deployment;
import dev.hokan.engine.ServiceException;
import dev.hokan.engine.notification.DeliveryService;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * {@code GET /hokan/v1/deliveries}: the outbox of the caller's account in the request's region, oldest first,
 * {@code status} filtering (PENDING, DELIVERED, FAILED); the operator may name another account with
 * {@code accountId}.
 */
final class DeliveryOperations {
    static final String LIST = "HokanListDeliveries";
    static final List<Route> ROUTES = List.of(Route.parse(LIST, "GET", "/hokan/v1/deliveries"));

    private final Deployment deployment;

    DeliveryOperations(Deployment deployment) {
        this.deployment = deployment;
    }

    void register(Map<String, Operation> ops) {
        ops.put(LIST, this::list);
    }

    /** The account whose deliveries the call lists: the one it names, else the caller's. */
    static String account(ApiCall call) {
        String named = call.query().string("accountId");
        if (named == null) {
            return call.caller().accountId();
        }
        try {
            return new Account(named, call.region()).accountId();
        } catch (IllegalArgumentException e) {
            throw ServiceException.invalidParameter("accountId: " + e.getMessage());
        }
    }

    private JsonOut list(ApiCall call) {
        Query q = call.query();
        DeliveryStatus status = status(q.string("status"));
        DeliveryService deliveries = deployment.cell(account(call), call.region()).deliveries();
        return Paging.render(deliveries.list(status, q.page()), "Deliveries", v -> {
            Delivery d = v.delivery();
            return JsonOut.object()
                    .put("DeliveryId", d.deliveryId())
                    .put("TopicArn", v.topicArn())
                    .put("SubscriptionArn", v.subscriptionArn())
                    .put("MessageId", v.messageId())
                    .put("MessageType", v.messageType())
                    .put("Status", d.status().name())
                    .put("Attempts", (long) d.attempts())
                    .put("CreationDate", d.creationDate())
                    .put("NextAttemptDate", d.status() == DeliveryStatus.PENDING ? d.nextAttempt() : null)
                    .put("GiveUpDate", d.giveUpAt())
                    .put("FinishedDate", d.finished())
                    .put("LastError", d.lastError());
        });
    }

    private static DeliveryStatus status(String name) {
        if (name == null) {
            return null;
        }
        try {
            return DeliveryStatus.valueOf(name);
        } catch (IllegalArgumentException e) {
            throw ServiceException.invalidParameter("status must be one of "
                    + Arrays.toString(DeliveryStatus.values()) + ", not " + name);
        }
    }
}
