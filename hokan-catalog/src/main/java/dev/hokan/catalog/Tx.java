package dev.hokan.catalog;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

/** A unit of catalog work on one connection; gives access to the tables. */
public final class Tx {
    private final Connection connection;
    private final List<Runnable> afterCommit = new ArrayList<>(0);

    Tx(Connection connection) {
        this.connection = connection;
    }

    /** Runs {@code action} once this transaction has committed, and never if it does not. */
    public void afterCommit(Runnable action) {
        afterCommit.add(action);
    }

    void committed() {
        afterCommit.forEach(Runnable::run);
    }

    public Vaults vaults() {
        return new Vaults(this);
    }

    public Tags tags() {
        return new Tags(this);
    }

    public Resources resources() {
        return new Resources(this);
    }

    public BackupPlans plans() {
        return new BackupPlans(this);
    }

    public BackupSelections selections() {
        return new BackupSelections(this);
    }

    public BackupJobs backupJobs() {
        return new BackupJobs(this);
    }

    public RecoveryPoints recoveryPoints() {
        return new RecoveryPoints(this);
    }

    public RestoreJobs restoreJobs() {
        return new RestoreJobs(this);
    }

    public CopyJobs copyJobs() {
        return new CopyJobs(this);
    }

    /** Jobs of any kind; {@link #backupJobs}, {@link #restoreJobs} and {@link #copyJobs} give each kind's own queries. */
    public Jobs jobs() {
        return new Jobs(this);
    }

    public IdempotencyTokens idempotencyTokens() {
        return new IdempotencyTokens(this);
    }

    public ReleasedSnapshots releasedSnapshots() {
        return new ReleasedSnapshots(this);
    }

    public Events events() {
        return new Events(this);
    }

    public Settings settings() {
        return new Settings(this);
    }

    public LegalHolds legalHolds() {
        return new LegalHolds(this);
    }

    public VaultLocks vaultLocks() {
        return new VaultLocks(this);
    }

    public ScheduleCursors scheduleCursors() {
        return new ScheduleCursors(this);
    }

    public VaultAccessPolicies vaultAccessPolicies() {
        return new VaultAccessPolicies(this);
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

    int update(String sql, Object... args) {
        try (PreparedStatement ps = prepare(sql, args)) {
            return ps.executeUpdate();
        } catch (SQLException e) {
            throw new CatalogException("Catalog update failed: " + e.getMessage(), e);
        }
    }

    <T> List<T> list(String sql, Function<Row, T> mapper, Object... args) {
        try (PreparedStatement ps = prepare(sql, args); ResultSet rs = ps.executeQuery()) {
            List<T> out = new ArrayList<>();
            Row row = new Row(rs);
            while (rs.next()) {
                out.add(mapper.apply(row));
            }
            return out;
        } catch (SQLException e) {
            throw new CatalogException("Catalog query failed: " + e.getMessage(), e);
        }
    }

    <T> Optional<T> one(String sql, Function<Row, T> mapper, Object... args) {
        List<T> rows = list(sql, mapper, args);
        return rows.isEmpty() ? Optional.empty() : Optional.of(rows.getFirst());
    }

    long count(String sql, Object... args) {
        return one(sql, r -> r.longValue("n"), args).orElse(0L);
    }

    /**
     * One page of rows in (creation, id) order, keyset-paged so that concurrent inserts neither skip nor repeat
     * rows. {@code table} must have the columns {@code creation_millis} and {@code idColumn}.
     */
    <T> Page<T> page(String table, String idColumn, Filter filter, PageRequest request, Function<Row, T> mapper) {
        Filter f = filter;
        if (request.after() != null) {
            f = f.after(idColumn, request.after());
        }
        String sql = "SELECT * FROM " + table + f.where() + " ORDER BY creation_millis, " + idColumn + " LIMIT ?";
        List<Object> args = new ArrayList<>(f.args());
        args.add(request.limit() + 1);
        List<Cursor> cursors = new ArrayList<>();
        List<T> items = list(sql, row -> {
            cursors.add(new Cursor(row.longValue("creation_millis"), row.string(idColumn)));
            return mapper.apply(row);
        }, args.toArray());
        if (items.size() <= request.limit()) {
            return new Page<>(items, null);
        }
        return new Page<>(items.subList(0, request.limit()), cursors.get(request.limit() - 1));
    }

    private PreparedStatement prepare(String sql, Object... args) throws SQLException {
        PreparedStatement ps = connection.prepareStatement(sql);
        for (int i = 0; i < args.length; i++) {
            Object a = args[i];
            switch (a) {
                case null -> ps.setObject(i + 1, null);
                case Instant t -> ps.setLong(i + 1, t.toEpochMilli());
                case Boolean b -> ps.setInt(i + 1, b ? 1 : 0);
                case Enum<?> e -> ps.setString(i + 1, e.name());
                case ResourceType t -> ps.setString(i + 1, t.wireName());
                default -> ps.setObject(i + 1, a);
            }
        }
        return ps;
    }
}
