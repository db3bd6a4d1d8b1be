package dev.hokan.engine.iam;

import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.stream.IntStream;

/**
 * The policies that bear on one request: the principal's identity-based policies, the resource's policy if it has
 * one, and the service control policies of the principal's account, one list per level of its organisation path
 * (root, each OU, the account). {@code serviceControlTargets} names each level (e.g. {@code ou-abcd-11111111});
 * no levels means no SCPs apply (the account is in no organisation, or is its management account).
 */
public record PolicySet(List<Policy> identityPolicies, boolean principalIsRoot, Optional<Policy> resourcePolicy,
                        List<List<Policy>> serviceControlPolicies, List<String> serviceControlTargets) {

    public PolicySet {
        identityPolicies = List.copyOf(identityPolicies);
        Objects.requireNonNull(resourcePolicy, "resourcePolicy");
        serviceControlPolicies = serviceControlPolicies.stream().map(List::copyOf).toList();
        serviceControlTargets = List.copyOf(serviceControlTargets);
        if (serviceControlTargets.size() != serviceControlPolicies.size()) {
            throw new IllegalArgumentException("one target per level of service control policies");
        }
    }

    /** Whether no policy at all bears on the request: then only who asks, and where, decides. */
    boolean none() {
        return identityPolicies.isEmpty() && resourcePolicy.isEmpty() && serviceControlPolicies.isEmpty();
    }

    /** SCP levels named by their position on the path, 1 being the organisation root. */
    public PolicySet(List<Policy> identityPolicies, boolean principalIsRoot, Optional<Policy> resourcePolicy,
                     List<List<Policy>> serviceControlPolicies) {
        this(identityPolicies, principalIsRoot, resourcePolicy, serviceControlPolicies,
                IntStream.rangeClosed(1, serviceControlPolicies.size()).mapToObj(Integer::toString).toList());
    }
}
