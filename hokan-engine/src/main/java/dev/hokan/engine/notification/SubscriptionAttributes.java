package dev.hokan.engine.notification;

import dev.hokan.catalog.cell.notification.Subscription;
import dev.hokan.engine.ServiceException;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/** The attributes a subscription's owner sets: {@code FilterPolicy}, {@code FilterPolicyScope}, {@code RawMessageDelivery}. */
final class SubscriptionAttributes {
    static final String FILTER_POLICY = "FilterPolicy";
    static final String FILTER_POLICY_SCOPE = "FilterPolicyScope";
    static final String RAW_MESSAGE_DELIVERY = "RawMessageDelivery";

    private SubscriptionAttributes() {
    }

    static Optional<FilterPolicy> filter(Subscription s) {
        String policy = s.attributes().get(FILTER_POLICY);
        return policy == null || policy.isEmpty() ? Optional.empty()
                : Optional.of(FilterPolicy.parse(policy, scope(s.attributes())));
    }

    static boolean raw(Subscription s) {
        return Boolean.parseBoolean(s.attributes().get(RAW_MESSAGE_DELIVERY));
    }

    private static FilterPolicy.Scope scope(Map<String, String> attributes) {
        return FilterPolicy.Scope.of(attributes.getOrDefault(FILTER_POLICY_SCOPE, "MessageAttributes"));
    }

    /**
     * {@code current} with {@code name} set to {@code value}, checked as SNS checks it: a filter policy parses in
     * its scope, a scope change keeps the policy valid, raw delivery is {@code true} or {@code false} and only for
     * protocols that can take it.
     */
    static Map<String, String> with(Map<String, String> current, String protocol, String name, String value) {
        Map<String, String> changed = new HashMap<>(current);
        String v = value == null ? "" : value;
        switch (name) {
            case FILTER_POLICY -> {
                if (!v.isEmpty()) {
                    FilterPolicy.parse(v, scope(current));
                }
            }
            case FILTER_POLICY_SCOPE -> {
                FilterPolicy.Scope scope = FilterPolicy.Scope.of(v);
                String policy = current.get(FILTER_POLICY);
                if (policy != null && !policy.isEmpty()) {
                    FilterPolicy.parse(policy, scope);
                }
            }
            case RAW_MESSAGE_DELIVERY -> {
                if (!v.equalsIgnoreCase("true") && !v.equalsIgnoreCase("false")) {
                    throw ServiceException.invalidParameter("Invalid parameter: Attributes Reason: RawMessageDelivery:"
                            + " Invalid value [" + v + "]. Must be true or false.");
                }
                if (protocol.startsWith("email") && v.equalsIgnoreCase("true")) {
                    throw ServiceException.invalidParameter("Invalid parameter: Attributes Reason: Delivery protocol"
                            + " [" + protocol + "] does not support raw message delivery.");
                }
                v = v.toLowerCase(Locale.ROOT);
            }
            default -> throw ServiceException.invalidParameter("Invalid parameter: AttributeName: " + name
                    + " is not an attribute Hokan sets (FilterPolicy, FilterPolicyScope, RawMessageDelivery)");
        }
        if (v.isEmpty()) {
            changed.remove(name);
        } else {
            changed.put(name, v);
        }
        return changed;
    }
}
