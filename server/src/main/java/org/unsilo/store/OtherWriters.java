package org.unsilo.store;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * Commits that other processes made to the SQLite file (the {@code users}, {@code token} and
 * {@code rebuild-relationships} commands run while the server is serving), as the writer connection learns of them:
 * SQLite's {@code PRAGMA data_version} on a connection changes only when another connection has committed, and the
 * server's only other connections read. Checked at the start of each write transaction, which on a server in use
 * comes every few seconds at most (the activity log of lookups, captures, token use).
 */
final class OtherWriters {

    private Connection connection;
    private long version;

    /** Marks {@code changes} as everything if another process committed since the previous check. */
    synchronized void check(Connection pooled, Changes changes) {
        long now;
        Connection writer;
        try (Statement s = pooled.createStatement(); ResultSet rs = s.executeQuery("PRAGMA data_version")) {
            rs.next();
            now = rs.getLong(1);
            // The pool hands out a new wrapper each time; the version belongs to the connection inside.
            writer = pooled.unwrap(Connection.class);
        } catch (SQLException e) {
            throw new StoreException("cannot read the database's data version: " + e.getMessage(), e);
        }
        // The first check on a connection (and on a new one, should the pool replace it) has nothing to compare with.
        if (writer == connection && now != version) {
            changes.markEverything();
        }
        connection = writer;
        version = now;
    }
}
