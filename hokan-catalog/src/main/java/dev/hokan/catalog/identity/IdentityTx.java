package dev.hokan.catalog.identity;

import dev.hokan.catalog.Settings;
import dev.hokan.catalog.sql.Sql;

/** A unit of work on the identity catalog; gives access to its tables. */
public final class IdentityTx {
    private final Sql sql;

    IdentityTx(Sql sql) {
        this.sql = sql;
    }

    /** Runs {@code action} once this transaction has committed, and never if it does not. */
    public void afterCommit(Runnable action) {
        sql.afterCommit(action);
    }

    /** How this transaction's tables run SQL; not exported, so only the catalog's own packages reach it. */
    @SuppressWarnings("exports")
    public Sql sql() {
        return sql;
    }

    public Accounts accounts() {
        return new Accounts(this);
    }

    public Principals principals() {
        return new Principals(this);
    }

    public PrincipalTags principalTags() {
        return new PrincipalTags(this);
    }

    public ConsolePasswords consolePasswords() {
        return new ConsolePasswords(this);
    }

    public ConsoleSessions consoleSessions() {
        return new ConsoleSessions(this);
    }

    public AccessKeys accessKeys() {
        return new AccessKeys(this);
    }

    public IdentityPolicies identityPolicies() {
        return new IdentityPolicies(this);
    }

    public Organizations organizations() {
        return new Organizations(this);
    }

    public HostPathGrants hostPathGrants() {
        return new HostPathGrants(this);
    }

    public EndpointGrants endpointGrants() {
        return new EndpointGrants(this);
    }

    public ClusterNodes nodes() {
        return new ClusterNodes(this);
    }

    public Settings settings() {
        return new Settings(sql);
    }
}
