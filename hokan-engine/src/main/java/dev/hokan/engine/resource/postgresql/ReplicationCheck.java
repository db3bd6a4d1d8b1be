package dev.hokan.engine.resource.postgresql;

import dev.hokan.engine.ServiceException;
import java.io.IOException;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.Properties;
import org.postgresql.Driver;
import org.postgresql.PGProperty;

/**
 * What registration asks of a PostgreSQL server: one connection in physical replication mode, as a base backup
 * makes, to a server of version 13 or later. Each refusal says what to change.
 */
final class ReplicationCheck {
    static final int OLDEST_MAJOR_VERSION = 13;

    private ReplicationCheck() {
    }

    /** Refuses, as an InvalidParameterValueException, a server that cannot be backed up as registered. */
    static void verify(PostgresServer server) {
        int major;
        try (Connection connection = connect(server)) {
            major = connection.getMetaData().getDatabaseMajorVersion();
        } catch (SQLException e) {
            throw ServiceException.invalidParameter(refusal(server, e), e);
        } catch (IOException e) {
            throw ServiceException.invalidParameter(e.getMessage(), e);
        }
        if (major < OLDEST_MAJOR_VERSION) {
            throw ServiceException.invalidParameter("PostgreSQL at " + server.address() + " is version " + major
                    + "; Hokan backs up PostgreSQL " + OLDEST_MAJOR_VERSION + " or later: upgrade the server");
        }
    }

    /** A connection to the server in physical replication mode. */
    static Connection connect(PostgresServer server) throws SQLException, IOException {
        Properties properties = new Properties();
        PGProperty.USER.set(properties, server.user());
        server.password().ifPresent(p -> PGProperty.PASSWORD.set(properties, p));
        PGProperty.REPLICATION.set(properties, "true");
        PGProperty.ASSUME_MIN_SERVER_VERSION.set(properties, "9.4");
        PGProperty.PREFER_QUERY_MODE.set(properties, "simple");
        PGProperty.CONNECT_TIMEOUT.set(properties, 10);
        PGProperty.LOGIN_TIMEOUT.set(properties, 15);
        PGProperty.SOCKET_TIMEOUT.set(properties, 30);
        PGProperty.APPLICATION_NAME.set(properties, "hokan");
        Connection connection = new Driver().connect("jdbc:postgresql://" + server.connectAddress() + "/", properties);
        if (connection == null) {
            throw new SQLException("the PostgreSQL driver did not accept " + server.address());
        }
        return connection;
    }

    /** The server's refusal, with what to change; by SQLSTATE, which does not depend on the server's language. */
    private static String refusal(PostgresServer server, SQLException e) {
        String at = "PostgreSQL at " + server.address();
        String state = e.getSQLState() == null ? "" : e.getSQLState();
        String detail = e.getMessage();
        return switch (state) {
            case "08001", "08004", "08006" -> "Cannot connect to " + at + " (" + detail + "): check Host and Port, and"
                    + " that the server listens there (listen_addresses) and is running";
            case "42501" -> "User " + server.user() + " of " + at + " lacks the REPLICATION attribute, which base backups"
                    + " need: run ALTER ROLE " + server.user() + " REPLICATION as a superuser, or register another User";
            case "28000" -> at + " refuses a replication connection for user " + server.user() + " (" + detail
                    + "): add a line for database 'replication' and this user to pg_hba.conf and reload the server";
            case "28P01" -> at + " refuses the password of user " + server.user() + ": check PasswordFile";
            case "53300" -> at + " accepts no more replication connections: raise max_wal_senders";
            case "3D000", "28M01" -> at + " refuses user " + server.user() + " (" + detail + "): check User";
            default -> at + " refused the connection (" + detail + "): check Host, Port, User and PasswordFile";
        };
    }
}
