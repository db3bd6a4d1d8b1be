package dev.hokan.engine.iam;

import dev.hokan.catalog.identity.Organization;
import java.util.List;

/**
 * Where an account sits in the organisation: {@code path} runs from the root to the account's parent unit, and
 * {@code serviceControlPolicies} holds the policies attached at each level (root, each unit, the account).
 */
public record Membership(Organization organization, String accountId, List<String> path,
                         List<List<Policy>> serviceControlPolicies) {

    public boolean isManagementAccount() {
        return organization.managementAccountId().equals(accountId);
    }

    /** {@code o-.../r-.../ou-.../}: the form {@code aws:PrincipalOrgPaths} and {@code backup:CopyTargetOrgPaths} use. */
    public String orgPath() {
        return organization.orgId() + "/" + String.join("/", path) + "/";
    }

    /** The SCPs that bound what the account may do: none for the management account, as in AWS. */
    public List<List<Policy>> boundingPolicies() {
        return isManagementAccount() ? List.of() : serviceControlPolicies;
    }

    /** The names of the levels of {@link #boundingPolicies()}: the root, each unit, the account. */
    public List<String> boundingLevels() {
        if (isManagementAccount()) {
            return List.of();
        }
        List<String> levels = new java.util.ArrayList<>(path);
        levels.add(accountId);
        return levels;
    }
}
