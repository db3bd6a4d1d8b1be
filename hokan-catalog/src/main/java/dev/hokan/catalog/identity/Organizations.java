package dev.hokan.catalog.identity;

import dev.hokan.catalog.sql.Row;
import java.util.List;
import java.util.Optional;

/** The organisation, its units, where each member account sits, and its service control policies. */
public final class Organizations {
    private final IdentityTx tx;

    Organizations(IdentityTx tx) {
        this.tx = tx;
    }

    public void create(Organization o) {
        tx.sql().update("INSERT INTO organizations (org_id, management_account, root_id, creation_millis) VALUES (?, ?, ?, ?)",
                o.orgId(), o.managementAccountId(), o.rootId(), o.creationDate());
    }

    public Optional<Organization> find() {
        return tx.sql().one("SELECT * FROM organizations", r -> new Organization(r.string("org_id"),
                r.string("management_account"), r.string("root_id"), r.instant("creation_millis")));
    }

    public void insertUnit(OrganizationalUnit u) {
        tx.sql().update("INSERT INTO org_units (ou_id, parent_id, name) VALUES (?, ?, ?)", u.ouId(), u.parentId(), u.name());
    }

    public Optional<OrganizationalUnit> unit(String ouId) {
        return tx.sql().one("SELECT * FROM org_units WHERE ou_id = ?", Organizations::unit, ouId);
    }

    public List<OrganizationalUnit> units() {
        return tx.sql().list("SELECT * FROM org_units ORDER BY ou_id", Organizations::unit);
    }

    /** Puts a member account under a parent (the root or a unit), moving it if it was elsewhere. */
    public void placeAccount(String accountId, String parentId) {
        if (tx.sql().update("UPDATE org_accounts SET parent_id = ? WHERE account_id = ?", parentId, accountId) == 0) {
            tx.sql().update("INSERT INTO org_accounts (account_id, parent_id) VALUES (?, ?)", accountId, parentId);
        }
    }

    public Optional<String> parentOf(String accountId) {
        return tx.sql().one("SELECT parent_id FROM org_accounts WHERE account_id = ?", r -> r.string("parent_id"), accountId);
    }

    public List<String> members() {
        return tx.sql().list("SELECT account_id FROM org_accounts ORDER BY account_id", r -> r.string("account_id"));
    }

    public void insertPolicy(OrgPolicy p) {
        tx.sql().update("INSERT INTO org_policies (policy_id, name, document) VALUES (?, ?, ?)", p.policyId(), p.name(),
                p.document());
    }

    public Optional<OrgPolicy> policy(String policyId) {
        return tx.sql().one("SELECT * FROM org_policies WHERE policy_id = ?", Organizations::policy, policyId);
    }

    public List<OrgPolicy> policies() {
        return tx.sql().list("SELECT * FROM org_policies ORDER BY name", Organizations::policy);
    }

    public void attach(String policyId, String targetId) {
        tx.sql().update("INSERT INTO org_policy_targets (policy_id, target_id) VALUES (?, ?) ON CONFLICT DO NOTHING",
                policyId, targetId);
    }

    public boolean detach(String policyId, String targetId) {
        return tx.sql().update("DELETE FROM org_policy_targets WHERE policy_id = ? AND target_id = ?", policyId,
                targetId) > 0;
    }

    /** The policies attached to a root, unit or account, by name. */
    public List<OrgPolicy> attachedTo(String targetId) {
        return tx.sql().list("SELECT p.* FROM org_policies p JOIN org_policy_targets t ON t.policy_id = p.policy_id"
                + " WHERE t.target_id = ? ORDER BY p.name", Organizations::policy, targetId);
    }

    private static OrganizationalUnit unit(Row r) {
        return new OrganizationalUnit(r.string("ou_id"), r.string("parent_id"), r.string("name"));
    }

    private static OrgPolicy policy(Row r) {
        return new OrgPolicy(r.string("policy_id"), r.string("name"), r.string("document"));
    }
}
