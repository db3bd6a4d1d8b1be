package dev.hokan.engine.iam;

import dev.hokan.catalog.identity.AccessKey;
import dev.hokan.catalog.identity.IamPrincipal;
import dev.hokan.catalog.identity.IdentityPolicy;
import dev.hokan.catalog.identity.IdentityTx;
import dev.hokan.catalog.identity.Organization;
import dev.hokan.catalog.identity.OrganizationalUnit;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/** One consistent reading of the identity catalog, with every policy parsed: what authorising a call looks up. */
record IdentityView(Set<String> accounts, Map<String, Caller> callers, Map<String, IamPrincipal> principals,
                     Map<String, Map<String, String>> principalTags, Map<String, List<Policy>> identityPolicies,
                     Optional<Organization> organization, Map<String, Membership> memberships) {

    static IdentityView load(IdentityTx tx) {
        Set<String> accounts = tx.accounts().all().stream().map(a -> a.accountId()).collect(Collectors.toSet());
        Map<String, IamPrincipal> principals = new HashMap<>();
        tx.principals().all().forEach(p -> principals.put(p.arn(), p));
        Map<String, Caller> callers = new HashMap<>();
        for (AccessKey key : tx.accessKeys().all()) {
            IamPrincipal p = principals.get(key.principalArn());
            if (p != null) {
                callers.put(key.accessKeyId(), new Caller(p.arn(), p.accountId(), p.kind(), key.secretAccessKey()));
            }
        }
        Map<String, Map<String, String>> tags = new HashMap<>();
        tx.principalTags().all().forEach((arn, ofPrincipal) -> tags.put(arn, Collections.unmodifiableMap(ofPrincipal)));
        Map<String, List<Policy>> policies = new HashMap<>();
        for (IdentityPolicy p : tx.identityPolicies().all()) {
            policies.computeIfAbsent(p.principalArn(), k -> new ArrayList<>())
                    .add(Policy.identityBased(p.policyName(), PolicyDocuments.parse(p.document())));
        }
        Optional<Organization> organization = tx.organizations().find();
        Map<String, Membership> memberships = new HashMap<>();
        organization.ifPresent(org -> {
            for (String account : tx.organizations().members()) {
                tx.organizations().parentOf(account).ifPresent(parent ->
                        memberships.put(account, membership(tx, org, account, parent)));
            }
        });
        return new IdentityView(Set.copyOf(accounts), Map.copyOf(callers), Map.copyOf(principals),
                Map.copyOf(tags), Map.copyOf(policies), organization, Map.copyOf(memberships));
    }

    private static Membership membership(IdentityTx tx, Organization org, String accountId, String parent) {
        List<String> path = new ArrayList<>();
        String at = parent;
        while (at.startsWith("ou-")) {
            path.add(at);
            at = tx.organizations().unit(at).map(OrganizationalUnit::parentId).orElseThrow();
        }
        path.add(at);
        Collections.reverse(path);
        List<List<Policy>> levels = new ArrayList<>();
        for (String level : path) {
            levels.add(attached(tx, level));
        }
        levels.add(attached(tx, accountId));
        return new Membership(org, accountId, path, levels);
    }

    private static List<Policy> attached(IdentityTx tx, String targetId) {
        return tx.organizations().attachedTo(targetId).stream()
                .map(p -> Policy.serviceControl(p.name(), PolicyDocuments.parse(p.document())))
                .toList();
    }
}
