package dev.hokan.catalog.sql;

import dev.hokan.catalog.CatalogException;
import dev.hokan.catalog.Cursor;
import dev.hokan.catalog.Page;
import dev.hokan.catalog.PageRequest;
import dev.hokan.catalog.cell.resource.ResourceType;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

/**
 * One transaction's connection, with the few ways the tables of both catalogs run SQL: updates, lists, single
 * rows, counts and keyset-paged lists. {@code CellTx} and {@code IdentityTx} hand it to their tables.
 */
public final class Sql {
    private final Connection connection;
    private final List<Runnable> afterCommit = new ArrayList<>(0);

    Sql(Connection connection) {
        this.connection = connection;
    }

    /** Runs {@code action} once this transaction has committed, and never if it does not. */
    public void afterCommit(Runnable action) {
        afterCommit.add(action);
    }

    void committed() {
        afterCommit.forEach(Runnable::run);
    }

    public int update(String sql, Object... args) {
        try (PreparedStatement ps = prepare(sql, args)) {
            return ps.executeUpdate();
        } catch (SQLException e) {
            throw new CatalogException("Catalog update failed: " + e.getMessage(), e);
        }
    }

    public <T> List<T> list(String sql, Function<Row, T> mapper, Object... args) {
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

    public <T> Optional<T> one(String sql, Function<Row, T> mapper, Object... args) {
        List<T> rows = list(sql, mapper, args);
        return rows.isEmpty() ? Optional.empty() : Optional.of(rows.getFirst());
    }

    public long count(String sql, Object... args) {
        return one(sql, r -> r.longValue("n"), args).orElse(0L);
    }

    /**
     * One page of rows in (creation, id) order, keyset-paged so that concurrent inserts neither skip nor repeat
     * rows. {@code table} must have the columns {@code creation_millis} and {@code idColumn}.
     */
    public <T> Page<T> page(String table, String idColumn, Filter filter, PageRequest request, Function<Row, T> mapper) {
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
