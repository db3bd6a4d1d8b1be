package dev.hokan.catalog.identity;

import dev.hokan.catalog.sql.Row;
import java.util.List;

public final class IdentityPolicies {
    private final IdentityTx tx;

    IdentityPolicies(IdentityTx tx) {
        this.tx = tx;
    }

    /** Sets the principal's inline policy of that name, replacing an earlier version. */
    public void put(IdentityPolicy p) {
        delete(p.principalArn(), p.policyName());
        tx.sql().update("INSERT INTO identity_policies (principal_arn, policy_name, document) VALUES (?, ?, ?)",
                p.principalArn(), p.policyName(), p.document());
    }

    public boolean delete(String principalArn, String policyName) {
        return tx.sql().update("DELETE FROM identity_policies WHERE principal_arn = ? AND policy_name = ?", principalArn,
                policyName) > 0;
    }

    public List<IdentityPolicy> ofPrincipal(String principalArn) {
        return tx.sql().list("SELECT * FROM identity_policies WHERE principal_arn = ? ORDER BY policy_name",
                IdentityPolicies::map, principalArn);
    }

    public List<IdentityPolicy> all() {
        return tx.sql().list("SELECT * FROM identity_policies ORDER BY principal_arn, policy_name", IdentityPolicies::map);
    }

    private static IdentityPolicy map(Row r) {
        return new IdentityPolicy(r.string("principal_arn"), r.string("policy_name"), r.string("document"));
    }
}
